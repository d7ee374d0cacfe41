import type { EngineConfig } from './run-engine';
import { startEngine } from './run-engine';
import type { RunHandle } from './run-handle';

/** Runs one engine in this thread (`--workers 1`, the default). */
export function startLocalRun(
  config: EngineConfig,
  onConnected: (description: string, fake: boolean) => void,
): RunHandle {
  const engine = startEngine(config, { onConnected });
  return {
    progress: engine.progress,
    totals: engine.totals,
    pending: engine.pending,
    snapshot: async () => engine.stats,
    stop: engine.stop,
    done: engine.done.then((result) => ({ ...result, stats: engine.stats })),
  };
}
