import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type Finished, finished, outDir, runCli, startCli, waitForOutput } from './cli-harness';
import { PrometheusServer } from './prometheus-harness';

// Three runs at once, each on its own embedded fake cloud, each serving /metrics on a free port and
// lingering after its end so that Prometheus scrapes the final figures.
const RUNS = [1, 2, 3].map((seed) => ({ seed, out: outDir() }));
const METRICS_LINE = /metrics at (http:\/\/127\.0\.0\.1:(\d+)\/metrics)/;

let prometheus: PrometheusServer;
let children: ReturnType<typeof startCli>[] = [];
let ends: Promise<Finished>[] = [];
let endedAt = 0;
/**
 * The evaluation time of every query: after the runs ended, when each run's target was up and had been
 * scraped at least twice within the dashboard's 1m rate window. Samples up to then never change, so
 * every query sees the same, final figures however long the tests take on a loaded machine.
 */
let queryAt = 0;

/** `client.method` -> calls, from a statistics document. */
function callsOf(report: {
  stats: { methods: { client: string; method: string; pass: number; fail: number }[] };
}) {
  return new Map(report.stats.methods.map((m) => [`${m.client}.${m.method}`, m.pass + m.fail]));
}

beforeAll(async () => {
  children = RUNS.map(({ seed, out }) =>
    startCli([
      'run',
      'volume-create-delete',
      '--duration',
      '6s',
      '--concurrency',
      '3',
      '--seed',
      String(seed),
      '--fault-rate',
      '0.05',
      '--out',
      out,
      '--report',
      'json',
      '--metrics-port',
      '0',
      '--metrics-linger',
      '120s',
    ]),
  );
  ends = children.map((child) => finished(child, 240_000));
  const ports: string[] = [];
  for (const child of children) {
    await waitForOutput(child, (out) => METRICS_LINE.test(out.stderr), 60_000);
    ports.push(METRICS_LINE.exec(child.out.stderr)![2]!);
  }
  prometheus = await PrometheusServer.start(ports.map((port) => `127.0.0.1:${port}`));
  // Each run has ended (reports written) and lingers; Prometheus then scrapes its final figures.
  for (const child of children) await waitForOutput(child, (out) => /reports: /.test(out.stdout), 120_000);
  endedAt = Date.now();
  const deadline = Date.now() + 60_000;
  for (;;) {
    const targets = await prometheus.targets();
    const scraped = ports.every((port) => {
      const target = targets.get(`127.0.0.1:${port}`);
      return target?.health === 'up' && target.lastScrape > endedAt + 1000;
    });
    if (scraped) break;
    if (Date.now() > deadline)
      throw new Error(`targets not scraped after the runs ended: ${JSON.stringify([...targets])}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  const settled = Date.now() + 90_000;
  for (;;) {
    const at = Date.now();
    const up = await prometheus.query('count(up == 1)', at);
    const rated = await prometheus.query('count(count by (instance) (rate(track_calls_total[1m])))', at);
    if (Number(up[0]?.value[1]) === RUNS.length && Number(rated[0]?.value[1]) === RUNS.length) {
      queryAt = at;
      break;
    }
    if (Date.now() > settled)
      throw new Error(
        `no moment within 90 s when every target was up with a 1m rate: ${JSON.stringify({ up, rated })}`,
      );
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}, 400_000);

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  await Promise.allSettled(ends);
  await prometheus?.stop();
}, 60_000);

let merging: Promise<unknown> | undefined;

/** The three runs' reports merged by `cinder-stress merge` (run once, shared by the tests). */
function mergedReport(): Promise<unknown> {
  merging ??= (async () => {
    const merged = outDir();
    const merge = await runCli([
      'merge',
      ...RUNS.map((r) => join(r.out, 'report.json')),
      '--report',
      'json',
      '--out',
      merged,
    ]);
    expect(merge.code, merge.stderr).toBe(0);
    return JSON.parse(readFileSync(join(merged, 'report.json'), 'utf8'));
  })();
  return merging;
}

describe('a real Prometheus scraping three concurrent runs', () => {
  test('sum by (client, method) (track_calls_total) equals the merged reports, exactly', {
    timeout: 120_000,
  }, async () => {
    const expected = callsOf((await mergedReport()) as Parameters<typeof callsOf>[0]);
    expect(expected.size).toBeGreaterThan(3);
    const result = await prometheus.query('sum by (client, method) (track_calls_total)', queryAt);
    const scraped = new Map(result.map((s) => [`${s.metric.client}.${s.metric.method}`, Number(s.value[1])]));
    expect(scraped).toEqual(expected);
  });

  test('result="whitelisted" counts what the merged reports count as whitelisted, exactly', {
    timeout: 120_000,
  }, async () => {
    const report = (await mergedReport()) as {
      stats: { methods: { client: string; method: string; whitelisted?: number }[] };
    };
    const expected = new Map(
      report.stats.methods.map((m) => [`${m.client}.${m.method}`, m.whitelisted ?? 0]),
    );
    // Deleting volumes waits for their NotFound under isResourceDeleted: whitelisted passes.
    expect([...expected.values()].reduce((n, count) => n + count, 0)).toBeGreaterThan(0);
    const result = await prometheus.query(
      'sum by (client, method) (track_calls_total{result="whitelisted"})',
      queryAt,
    );
    const scraped = new Map(result.map((s) => [`${s.metric.client}.${s.metric.method}`, Number(s.value[1])]));
    expect(scraped).toEqual(expected);
  });

  test('each run is told apart by its info metric, and lingers with no iteration or call in flight', async () => {
    const info = await prometheus.query('track_run_info', queryAt);
    expect(info).toHaveLength(3);
    expect(new Set(info.map((s) => s.metric.run_id)).size).toBe(3);
    for (const series of info) {
      expect(series.metric.scenario).toBe('volume-create-delete');
      expect(series.metric.shard).toBe('0/1');
    }
    const inFlight = await prometheus.query('sum(track_iterations_in_flight)', queryAt);
    expect(Number(inFlight[0]!.value[1])).toBe(0);
    const callsInFlight = await prometheus.query('sum(track_calls_in_flight)', queryAt);
    expect(Number(callsInFlight[0]!.value[1])).toBe(0);
  });

  test('every query of the Grafana dashboard parses and returns series', { timeout: 120_000 }, async () => {
    const dashboard = JSON.parse(
      readFileSync(join(__dirname, '..', 'deploy', 'grafana', 'cinder-stress-dashboard.json'), 'utf8'),
    ) as { panels: { title: string; targets: { expr: string }[] }[] };
    const queries = dashboard.panels.flatMap((p) => p.targets.map((t) => ({ title: p.title, expr: t.expr })));
    expect(queries.length).toBeGreaterThanOrEqual(10);
    // Grafana's variables, as Grafana fills them in: the rate window and "All" jobs.
    for (const { title, expr } of queries) {
      const promql = expr.replaceAll('$__rate_interval', '1m').replaceAll('$job', '.*');
      expect(promql, title).not.toContain('$');
      const series = await prometheus.query(promql, queryAt);
      expect(series.length, `${title}: ${promql}`).toBeGreaterThan(0);
    }
  });
});
