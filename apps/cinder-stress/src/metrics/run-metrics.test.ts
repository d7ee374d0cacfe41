import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Stats, Trace } from '@track/core';
import { describe, expect, test } from 'vitest';
import { formatPrometheusText } from './prometheus-text';
import { type RunMetricsSnapshot, runMetricFamilies } from './run-metrics';
import { type RunMetricsSource, readRunMetrics } from './run-metrics-source';

class VolumesClient {
  /** Settles the calls of `getVolume('pending')` when called. */
  release: () => void = () => undefined;

  async getVolume(id: string): Promise<string> {
    if (id === 'bad') throw new Error('Not Found');
    if (id === 'pending') await new Promise<void>((resolve) => (this.release = resolve));
    return id;
  }

  /** A waiter: `isResourceDeleted` is whitelisted by default, so the NotFound under it is a pass. */
  async isResourceDeleted(id: string): Promise<boolean> {
    return this.getVolume(id).then(
      () => false,
      () => true,
    );
  }
}

const RUN = { runId: '20261201abc123', scenario: 'volume "create" delete', shard: '2/4' };

/** 9 passes, 2 whitelisted NotFounds (under `isResourceDeleted`) and 1 failure of `getVolume`. */
async function snapshot(): Promise<RunMetricsSnapshot> {
  const stats = new Stats();
  const client = new Trace({ stats }).decorate(new VolumesClient());
  for (let i = 0; i < 9; i++) await client.getVolume(`v${i}`);
  await client.getVolume('bad').catch(() => undefined);
  await client.isResourceDeleted('bad');
  await client.isResourceDeleted('bad');
  return {
    run: RUN,
    stats: stats.toJSON(),
    httpRequests: [
      { service: 'block-storage', method: 'GET', status: '200', count: 9 },
      { service: 'block-storage', method: 'GET', status: 'error', count: 1 },
    ],
    iterations: [
      { scenario: 'volume-create-delete', result: 'pass', count: 4 },
      { scenario: 'volume-create-delete', result: 'fail', count: 1 },
    ],
    iterationsInFlight: 2,
    resourcesHeld: { volume: 3, snapshot: 0 },
  };
}

/** The value of the one line of `text` that starts with `prefix`. */
function sampleValue(text: string, prefix: string): number {
  const lines = text.split('\n').filter((line) => line.startsWith(`${prefix} `));
  expect(lines, prefix).toHaveLength(1);
  return Number(lines[0]!.slice(prefix.length + 1));
}

describe('the metrics of a run', () => {
  test('calls per client, method and result (pass, whitelisted, fail) add up to the Stats counts', async () => {
    const run = await snapshot();
    const text = formatPrometheusText(runMetricFamilies(run));
    const calls = (method: string, result: string) =>
      sampleValue(text, `track_calls_total{client="VolumesClient",method="${method}",result="${result}"}`);
    expect(calls('getVolume', 'pass')).toBe(9);
    expect(calls('getVolume', 'whitelisted')).toBe(2);
    expect(calls('getVolume', 'fail')).toBe(1);
    const getVolume = run.stats.methods.find((m) => m.method === 'getVolume')!;
    expect(calls('getVolume', 'pass') + calls('getVolume', 'whitelisted') + calls('getVolume', 'fail')).toBe(
      getVolume.pass + getVolume.fail,
    );
    expect(calls('isResourceDeleted', 'pass')).toBe(2);
    expect(calls('isResourceDeleted', 'whitelisted')).toBe(0);
  });

  test('a call whose promise has not settled is in flight in a scrape, and not after it settles', async () => {
    const stats = new Stats();
    const client = new Trace({ stats }).decorate(new VolumesClient());
    await client.getVolume('v1');
    const source: RunMetricsSource = {
      run: RUN,
      stats: () => stats,
      progress: () => ({ iterationsStarted: 1, iterationsPassed: 0, iterationsFailed: 0 }),
      pending: () => [],
      httpRequests: () => [],
    };
    const scrape = async () => formatPrometheusText(runMetricFamilies(await readRunMetrics(source)));
    const inFlight = 'track_calls_in_flight{client="VolumesClient",method="getVolume"}';
    expect(sampleValue(await scrape(), inFlight)).toBe(0);
    const call = client.getVolume('pending');
    expect(sampleValue(await scrape(), inFlight)).toBe(1);
    client.release();
    await call;
    const after = await scrape();
    expect(sampleValue(after, inFlight)).toBe(0);
    expect(
      sampleValue(after, 'track_calls_total{client="VolumesClient",method="getVolume",result="pass"}'),
    ).toBe(2);
  });

  test('the latency histogram counts every timed call under +Inf, in seconds', async () => {
    const text = formatPrometheusText(runMetricFamilies(await snapshot()));
    const labels = 'client="VolumesClient",method="getVolume"';
    expect(sampleValue(text, `track_call_duration_seconds_bucket{${labels},le="+Inf"}`)).toBe(12);
    expect(sampleValue(text, `track_call_duration_seconds_count{${labels}}`)).toBe(12);
    // Awaited calls of an in-process object finish far below 5 minutes.
    expect(sampleValue(text, `track_call_duration_seconds_bucket{${labels},le="300"}`)).toBe(12);
    expect(sampleValue(text, `track_call_duration_seconds_sum{${labels}}`)).toBeLessThan(300);
  });

  test('HTTP requests, iterations, in-flight gauges, resources held and the run info are exposed', async () => {
    const text = formatPrometheusText(runMetricFamilies(await snapshot()));
    expect(
      sampleValue(text, 'track_http_requests_total{service="block-storage",method="GET",status="error"}'),
    ).toBe(1);
    expect(sampleValue(text, 'track_iterations_total{scenario="volume-create-delete",result="fail"}')).toBe(
      1,
    );
    expect(sampleValue(text, 'track_iterations_in_flight')).toBe(2);
    expect(sampleValue(text, 'track_calls_in_flight{client="VolumesClient",method="getVolume"}')).toBe(0);
    expect(sampleValue(text, 'track_resources_held{kind="volume"}')).toBe(3);
    expect(
      sampleValue(
        text,
        'track_run_info{run_id="20261201abc123",scenario="volume \\"create\\" delete",shard="2/4"}',
      ),
    ).toBe(1);
  });

  // promtool (Debian's prometheus package, installed by scripts/install-system-deps.sh) checks the
  // exposition as Prometheus parses it, and lints names against the naming guide.
  test.skipIf(!existsSync('/usr/bin/promtool'))(
    'promtool accepts the exposition without lint findings',
    async () => {
      const file = join(mkdtempSync(join(tmpdir(), 'track-metrics-')), 'metrics.prom');
      writeFileSync(file, formatPrometheusText(runMetricFamilies(await snapshot())));
      const check = spawnSync('promtool', ['check', 'metrics'], {
        input: readFileSync(file),
        encoding: 'utf8',
      });
      expect(check.stderr + check.stdout).toBe('');
      expect(check.status).toBe(0);
    },
  );
});
