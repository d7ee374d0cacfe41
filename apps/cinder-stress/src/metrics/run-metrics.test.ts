import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Stats, Trace } from '@track/core';
import { describe, expect, test } from 'vitest';
import { formatPrometheusText } from './prometheus-text';
import { type RunMetricsSnapshot, runMetricFamilies } from './run-metrics';

class VolumesClient {
  async getVolume(id: string): Promise<string> {
    if (id === 'bad') throw new Error('Not Found');
    return id;
  }
}

async function snapshot(): Promise<RunMetricsSnapshot> {
  const stats = new Stats();
  const client = new Trace({ stats }).decorate(new VolumesClient());
  for (let i = 0; i < 9; i++) await client.getVolume(`v${i}`);
  await client.getVolume('bad').catch(() => undefined);
  return {
    run: { runId: '20261201abc123', scenario: 'volume "create" delete', shard: '2/4' },
    stats: stats.toJSON(),
    callsInFlight: 1,
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
  test('calls per client, method and result equal the Stats counts', async () => {
    const text = formatPrometheusText(runMetricFamilies(await snapshot()));
    expect(
      sampleValue(text, 'track_calls_total{client="VolumesClient",method="getVolume",result="pass"}'),
    ).toBe(9);
    expect(
      sampleValue(text, 'track_calls_total{client="VolumesClient",method="getVolume",result="fail"}'),
    ).toBe(1);
  });

  test('the latency histogram counts every timed call under +Inf, in seconds', async () => {
    const text = formatPrometheusText(runMetricFamilies(await snapshot()));
    const labels = 'client="VolumesClient",method="getVolume"';
    expect(sampleValue(text, `track_call_duration_seconds_bucket{${labels},le="+Inf"}`)).toBe(10);
    expect(sampleValue(text, `track_call_duration_seconds_count{${labels}}`)).toBe(10);
    // Awaited calls of an in-process object finish far below 5 minutes.
    expect(sampleValue(text, `track_call_duration_seconds_bucket{${labels},le="300"}`)).toBe(10);
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
    expect(sampleValue(text, 'track_calls_in_flight')).toBe(1);
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
