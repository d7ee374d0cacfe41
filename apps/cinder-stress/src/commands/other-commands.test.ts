import { describe, expect, test } from 'vitest';
import { CliError } from '../cli-error';
import { cleanupCommand } from './other-commands';

describe('cinder-stress cleanup --poll-interval', () => {
  test.each(['bogus', '', '0s', '5ms'])('%j is a usage error naming the option', async (value) => {
    const error = await cleanupCommand({ pollInterval: value }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).exitCode).toBe(2);
    expect((error as CliError).message).toContain('--poll-interval');
  });
});
