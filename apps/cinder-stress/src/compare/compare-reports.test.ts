import { Stats, type StatsJSON, Trace } from '@track/core';
import { describe, expect, test } from 'vitest';
import { compareStats } from './compare-reports';

class VolumesClient {
  latencyMs = 0;
  failure: string | undefined;
  async getVolume(): Promise<void> {
    if (this.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, this.latencyMs));
    if (this.failure) throw new Error(this.failure);
  }
  async listVolumes(): Promise<void> {}
}

/** A run's statistics: `passes` calls, then `failures` failing with `message`. */
async function runOf(
  passes: number,
  failures = 0,
  message = 'Volume 4b0a1c1e-2a34-4a5b-9c6d-7e8f9a0b1c2d is busy',
  latencyMs = 0,
): Promise<StatsJSON> {
  const stats = new Stats();
  const client = new Trace({ stats }).decorate(new VolumesClient());
  client.latencyMs = latencyMs;
  for (let i = 0; i < passes; i++) await client.getVolume();
  client.failure = message;
  for (let i = 0; i < failures; i++) await client.getVolume().catch(() => undefined);
  await client.listVolumes();
  return stats.toJSON();
}

const noLimits = { failOnNewFailures: false };

describe('compare', () => {
  test('a fail rate rise beyond --max-fail-rate-increase is a breach, in percentage points', async () => {
    const comparison = compareStats(await runOf(999, 1), await runOf(990, 10), {
      ...noLimits,
      maxFailRateIncreasePp: 0.5,
    });
    const method = comparison.methods[0]!;
    expect(method.method).toBe('getVolume');
    expect(method.failRateChangePp).toBeCloseTo(0.9, 5);
    expect(method.breaches).toEqual(['fail rate +0.90pp > 0.5pp']);
    expect(comparison.isWorse).toBe(true);
  });

  test('a rise within the limit, or no limit given, is no breach', async () => {
    const [before, after] = [await runOf(1000, 1), await runOf(997, 3)];
    expect(compareStats(before, after, { ...noLimits, maxFailRateIncreasePp: 0.5 }).isWorse).toBe(false);
    expect(compareStats(before, after, noLimits).isWorse).toBe(false);
  });

  test('failure traces the baseline did not have are new; the same failure about another id is not', async () => {
    const before = await runOf(10, 2);
    const sameKind = await runOf(10, 2, 'Volume 9f0a1c1e-2a34-4a5b-9c6d-7e8f9a0b1c2d is busy');
    const otherKind = await runOf(10, 2, 'Quota exceeded for volumes');
    const limits = { failOnNewFailures: true };
    expect(compareStats(before, sameKind, limits).isWorse).toBe(false);
    const comparison = compareStats(before, otherKind, limits);
    const method = comparison.methods.find((m) => m.method === 'getVolume')!;
    expect(method.newFailures.map((f) => [f.message, f.count])).toEqual([['Quota exceeded for volumes', 2]]);
    expect(method.breaches).toEqual(['1 new failure trace']);
    expect(compareStats(before, otherKind, noLimits).isWorse).toBe(false);
  });

  test('the traces of one new failure that differ only by ids are one new failure, their calls added up', async () => {
    const stats = new Stats();
    const client = new Trace({ stats }).decorate(new VolumesClient());
    for (const id of [
      '1b0a1c1e-2a34-4a5b-9c6d-7e8f9a0b1c2d',
      '2b0a1c1e-2a34-4a5b-9c6d-7e8f9a0b1c2d',
      '3b0a1c1e-2a34-4a5b-9c6d-7e8f9a0b1c2d',
    ]) {
      client.failure = `Volume ${id} went to error`;
      await client.getVolume().catch(() => undefined);
    }
    // Core keys failures on the message with ids replaced, so these calls give fewer traces than
    // ids; a report from a tool that keyed them on the raw message holds one trace per id.
    const current = stats.toJSON();
    const method0 = current.methods[0]!;
    const example = method0.failures[0]!;
    method0.failures = [
      '1b0a1c1e-2a34-4a5b-9c6d-7e8f9a0b1c2d',
      '2b0a1c1e-2a34-4a5b-9c6d-7e8f9a0b1c2d',
      '3b0a1c1e-2a34-4a5b-9c6d-7e8f9a0b1c2d',
    ].map((id) => {
      const { normalizedMessage: _normalized, ...raw } = example;
      return {
        ...raw,
        count: 1,
        message: `Volume ${id} went to error`,
        stack: example.stack.replace(/Volume \S+/, `Volume ${id}`),
      };
    });
    method0.droppedFailures = 0;
    const method = compareStats(await runOf(5), current, { failOnNewFailures: true }).methods.find(
      (m) => m.method === 'getVolume',
    )!;
    expect(method.newFailures.map((f) => [f.message, f.count])).toEqual([['Volume {id} went to error', 3]]);
  });

  test('a p95 rise beyond --max-p95-increase is a breach', { timeout: 30_000 }, async () => {
    const comparison = compareStats(await runOf(40, 0, '', 1), await runOf(40, 0, '', 30), {
      ...noLimits,
      maxP95IncreasePercent: 20,
    });
    const method = comparison.methods.find((m) => m.method === 'getVolume')!;
    expect(method.latencyChangePercent!.p95).toBeGreaterThan(20);
    expect(method.breaches[0]).toMatch(/^p95 \+\d+\.\d% > 20%$/);
  });

  test('methods only one side called are listed, with no rate change', async () => {
    const only = new Stats();
    const client = new Trace({ stats: only }).decorate(new VolumesClient());
    await client.listVolumes();
    const comparison = compareStats(only.toJSON(), await runOf(5), { failOnNewFailures: true });
    const added = comparison.methods.find((m) => m.method === 'getVolume')!;
    expect(added.baseline).toBeUndefined();
    expect(added.current!.calls).toBe(5);
    expect(added.failRateChangePp).toBeUndefined();
    expect(comparison.isWorse).toBe(false);
  });
});
