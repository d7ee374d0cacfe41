import { describe, expect, test } from 'vitest';
import { FakeCloud } from './fake-cloud';
import { RawOpenStack } from './fake-test-client';
import { faultProfile } from './fault-profiles';

describe('fault profiles', () => {
  test('realistic: a seeded share of 500/503 answers and of volumes that end in error, replayed by the seed', async () => {
    const run = async (seed: number) => {
      const fake = new FakeCloud({ seed, timeScale: 0, ...faultProfile('realistic') });
      const raw = await RawOpenStack.connect(fake);
      const statuses: number[] = [];
      for (let i = 0; i < 400; i++)
        statuses.push((await raw.send('POST', 'cinder:/volumes', { volume: { size: 1 } })).status);
      fake.settle();
      const errored = fake.resources().volumes.filter((v) => v.status === 'error').length;
      return { statuses, errored };
    };
    const first = await run(3);
    const faults = first.statuses.filter((s) => s >= 500).length;
    expect(faults).toBeGreaterThan(0);
    expect(faults).toBeLessThan(20);
    expect(first.errored).toBeGreaterThan(0);
    expect(first.errored).toBeLessThan(40);
    expect(await run(3)).toEqual(first);
  });

  test('an unknown profile is refused with the known names', () => {
    expect(() => faultProfile('chaos' as 'realistic')).toThrow(/known: realistic/);
  });
});
