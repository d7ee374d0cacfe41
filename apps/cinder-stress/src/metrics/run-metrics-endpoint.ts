import { CliError, EXIT } from '../cli-error';
import { pause } from '../run/pause';
import type { MetricsSettings } from './metrics-options';
import { type MetricsServer, startMetricsServer } from './metrics-server';
import { runMetricFamilies } from './run-metrics';
import { type RunMetricsSource, readRunMetrics } from './run-metrics-source';

/** A run's `/metrics` endpoint: up from before the run starts until its linger window ends. */
export interface RunMetricsEndpoint {
  readonly url: string;
  /**
   * Keeps serving for the linger window after the run, then closes; ends at once when `signal`
   * aborts (an interrupt). Says on stderr how long it lingers.
   */
  lingerAndClose(signal?: AbortSignal): Promise<void>;
  /** Closes now. */
  close(): Promise<void>;
}

/**
 * Serves the run's metrics (read from `source` at each scrape) as the settings say, and prints
 * `cinder-stress: metrics at <url>` on stderr. A port that cannot be listened on is a usage error
 * naming `--metrics-port`.
 */
export async function serveRunMetrics(
  source: RunMetricsSource,
  settings: MetricsSettings,
): Promise<RunMetricsEndpoint> {
  let server: MetricsServer;
  try {
    server = await startMetricsServer({
      port: settings.port,
      host: settings.host,
      collect: async () => runMetricFamilies(await readRunMetrics(source)),
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(
      `--metrics-port ${settings.port} on ${settings.host}: cannot listen (${code ?? (error as Error).message}); ${code === 'EADDRINUSE' ? 'pick a free port, or 0 for any' : 'check --metrics-host'}`,
      EXIT.usage,
    );
  }
  process.stderr.write(`cinder-stress: metrics at ${server.url}\n`);
  return {
    url: server.url,
    async lingerAndClose(signal) {
      if (settings.lingerMs > 0 && !signal?.aborted) {
        process.stderr.write(
          `cinder-stress: serving the final metrics at ${server.url} for ${settings.lingerMs / 1000}s (Ctrl-C ends it)\n`,
        );
        await pause(settings.lingerMs, signal);
      }
      await server.close();
    },
    close: () => server.close(),
  };
}
