import { CliError } from '../cli-error';
import { parseDuration } from '../run/duration';

/** The `/metrics` endpoint a run serves (`run --metrics-port`). */
export interface MetricsSettings {
  port: number;
  host: string;
  /** How long the endpoint stays up after the run, for a last scrape of the final figures. */
  lingerMs: number;
}

/** Default of `--metrics-linger`: two scrapes at Prometheus's usual 15 s interval. */
export const DEFAULT_METRICS_LINGER = '30s';

/**
 * The endpoint's settings from `--metrics-port`, `--metrics-host` and `--metrics-linger`, or
 * `undefined` without `--metrics-port`. Throws a usage error naming the option that is wrong, or
 * `--metrics-port` when the others are given without it.
 */
export function parseMetricsOptions(options: {
  metricsPort?: string;
  metricsHost?: string;
  metricsLinger?: string;
}): MetricsSettings | undefined {
  if (options.metricsPort === undefined) {
    const orphan =
      options.metricsHost !== undefined
        ? '--metrics-host'
        : options.metricsLinger !== undefined
          ? '--metrics-linger'
          : undefined;
    if (orphan) throw new CliError(`${orphan} needs --metrics-port (the port to serve /metrics on)`);
    return undefined;
  }
  const port = /^\d+$/.test(options.metricsPort) ? Number(options.metricsPort) : Number.NaN;
  if (!(port >= 0 && port <= 65535))
    throw new CliError(
      `--metrics-port must be a port from 0 to 65535 (0: any free port), got ${JSON.stringify(options.metricsPort)}`,
    );
  const host = options.metricsHost ?? '127.0.0.1';
  if (!/^[A-Za-z0-9.:-]+$/.test(host))
    throw new CliError(
      `--metrics-host must be an address to listen on, like 127.0.0.1 or 0.0.0.0, got ${JSON.stringify(host)}`,
    );
  const lingerMs = parseDuration(options.metricsLinger ?? DEFAULT_METRICS_LINGER, '--metrics-linger');
  return { port, host, lingerMs };
}
