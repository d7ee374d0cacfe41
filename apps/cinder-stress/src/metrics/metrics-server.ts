import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { formatPrometheusText, type MetricFamily, PROMETHEUS_CONTENT_TYPE } from './prometheus-text';

/** Options of {@link startMetricsServer}. */
export interface MetricsServerOptions {
  /** TCP port; 0 picks a free one. */
  port: number;
  /** Address to listen on (default `127.0.0.1`). */
  host?: string;
  /** Reads the metric families at scrape time; a rejection answers 500 with its message. */
  collect: () => MetricFamily[] | Promise<MetricFamily[]>;
}

/** A listening `/metrics` endpoint. */
export interface MetricsServer {
  /** `http://host:port/metrics`. */
  readonly url: string;
  /** The port listened on (the free one picked for port 0). */
  readonly port: number;
  /** Stops listening and closes open connections. */
  close(): Promise<void>;
}

/**
 * Serves `GET /metrics` (and `HEAD`) in the Prometheus text format, built by `collect` at each
 * scrape: nothing is recorded between scrapes, so serving costs the run nothing until scraped.
 * Other paths answer 404, other methods 405. Rejects when the port cannot be listened on.
 */
export async function startMetricsServer(options: MetricsServerOptions): Promise<MetricsServer> {
  const host = options.host ?? '127.0.0.1';
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    if (path !== '/metrics') {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('see /metrics\n');
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    Promise.resolve()
      .then(options.collect)
      .then(
        (families) => {
          const body = formatPrometheusText(families);
          response.writeHead(200, {
            'content-type': PROMETHEUS_CONTENT_TYPE,
            'content-length': Buffer.byteLength(body),
          });
          response.end(request.method === 'HEAD' ? undefined : body);
        },
        (error: unknown) => {
          response
            .writeHead(500, { 'content-type': 'text/plain; charset=utf-8' })
            .end(`metrics unavailable: ${(error as Error)?.message ?? String(error)}\n`);
        },
      );
  });
  // A scrape connection must not keep the process alive once the run is over.
  server.unref();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${port}/metrics`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
