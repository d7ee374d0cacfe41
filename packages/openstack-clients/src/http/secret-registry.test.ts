import { inspect } from 'node:util';
import { describe, expect, test } from 'vitest';
import { SecretRegistry, scrubbedError, secretsOfUrl } from './secret-registry';

describe('SecretRegistry', () => {
  test('a kept credential is still scrubbed after many more tokens than the registry remembers', () => {
    const secrets = new SecretRegistry();
    secrets.keep('the-password-123');
    for (let i = 0; i < 500; i++) secrets.add(`token-${i}-abcdef`);
    expect(secrets.scrub('pw the-password-123, new token-499-abcdef, old token-0-abcdef')).toBe(
      'pw ***, new ***, old token-0-abcdef',
    );
  });

  test('the password of a URL userinfo is scrubbed raw and percent-decoded, anywhere in a text', () => {
    const secrets = secretsOfUrl(new URL('https://alice:p%40ss-word-9@keystone.example.com/v3'));
    expect(secrets.scrub('sent p@ss-word-9 and p%40ss-word-9 to https://alice:p%40ss-word-9@host/v3')).toBe(
      'sent *** and *** to https://host/v3',
    );
  });
});

describe('scrubbedError', () => {
  test('keeps name and code, scrubs message, stack and the cause chain, drops everything else', () => {
    const secrets = secretsOfUrl(new URL('http://u:hunter2-secret@host/'));
    const original = Object.assign(
      new TypeError('fetch http://u:hunter2-secret@host/ failed', {
        cause: Object.assign(new Error('socket hunter2-secret'), { code: 'ECONNRESET' }),
      }),
      { request: { password: 'hunter2-secret' } },
    );
    const copy = scrubbedError(original, (text) => secrets.scrub(text));
    expect(copy).toMatchObject({ name: 'TypeError', message: 'fetch http://host/ failed' });
    expect((copy.cause as Error & { code: string }).code).toBe('ECONNRESET');
    expect(inspect(copy, { depth: 8 })).not.toContain('hunter2-secret');
  });
});
