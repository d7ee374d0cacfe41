import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Debian's Prometheus server (package `prometheus`, installed by scripts/install-system-deps.sh). */
export const PROMETHEUS = '/usr/bin/prometheus';

/** A free TCP port on loopback (free when asked; the server that takes it follows at once). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** One result of a PromQL instant query. */
export interface PromSeries {
  metric: Record<string, string>;
  value: [number, string];
}

/** A Prometheus server on loopback with its own temporary storage, scraping the given targets every second. */
export class PrometheusServer {
  readonly url: string;
  readonly #child: ChildProcess;
  readonly #dir: string;
  #log = '';

  private constructor(url: string, child: ChildProcess, dir: string) {
    this.url = url;
    this.#child = child;
    this.#dir = dir;
    child.stderr!.on('data', (d: Buffer) => {
      this.#log = (this.#log + d.toString()).slice(-20_000);
    });
  }

  /** Starts Prometheus scraping `targets` (`host:port`) at `/metrics`; resolves once it is ready. */
  static async start(targets: string[], timeoutMs = 60_000): Promise<PrometheusServer> {
    if (!existsSync(PROMETHEUS))
      throw new Error(
        `${PROMETHEUS} is missing: install Debian's prometheus package (as root: bash scripts/install-system-deps.sh)`,
      );
    const dir = mkdtempSync(join(tmpdir(), 'track-prometheus-'));
    const config = join(dir, 'prometheus.yml');
    writeFileSync(
      config,
      [
        'global:',
        '  scrape_interval: 1s',
        '  scrape_timeout: 900ms',
        'scrape_configs:',
        '  - job_name: cinder-stress',
        '    static_configs:',
        `      - targets: [${targets.map((t) => `'${t}'`).join(', ')}]`,
        '',
      ].join('\n'),
    );
    const port = await freePort();
    const child = spawn(
      PROMETHEUS,
      [
        `--config.file=${config}`,
        `--storage.tsdb.path=${join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
        '--web.enable-lifecycle',
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    const server = new PrometheusServer(`http://127.0.0.1:${port}`, child, dir);
    const start = Date.now();
    for (;;) {
      if (child.exitCode !== null)
        throw new Error(`prometheus exited with ${child.exitCode}:\n${server.#log}`);
      try {
        if ((await fetch(`${server.url}/-/ready`)).ok) return server;
      } catch {}
      if (Date.now() - start > timeoutMs) {
        await server.stop();
        throw new Error(`prometheus not ready within ${timeoutMs} ms:\n${server.#log}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  /** Runs a PromQL instant query; rejects with Prometheus's error (a query that does not parse). */
  async query(promql: string, at?: number): Promise<PromSeries[]> {
    const params = new URLSearchParams({
      query: promql,
      ...(at !== undefined ? { time: String(at / 1000) } : {}),
    });
    const response = await fetch(`${this.url}/api/v1/query?${params}`);
    const body = (await response.json()) as {
      status: string;
      error?: string;
      data?: { resultType: string; result: PromSeries[] };
    };
    if (body.status !== 'success') throw new Error(`query ${promql} failed: ${body.error}`);
    return body.data!.result;
  }

  /** Health of each scrape target: `up`/`down` and the last scrape's time, by `host:port`. */
  async targets(): Promise<Map<string, { health: string; lastScrape: number }>> {
    const body = (await (await fetch(`${this.url}/api/v1/targets`)).json()) as {
      data: { activeTargets: { labels: { instance: string }; health: string; lastScrape: string }[] };
    };
    return new Map(
      body.data.activeTargets.map((t) => [
        t.labels.instance,
        { health: t.health, lastScrape: Date.parse(t.lastScrape) },
      ]),
    );
  }

  /** Stops the server (SIGTERM, then SIGKILL after 10 s) and removes its storage. */
  async stop(): Promise<void> {
    if (this.#child.exitCode === null && this.#child.signalCode === null) {
      const exited = new Promise((resolve) => this.#child.once('exit', resolve));
      this.#child.kill('SIGTERM');
      const timer = setTimeout(() => this.#child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(this.#dir, { recursive: true, force: true });
  }
}
