import { describeWriteFailure } from '@track/reporters';
import { EXIT } from '../../exit-codes';
import type { RunHandle } from '../../run/run-handle';
import { ownSignals } from '../../run/signals';
import { orphansPath, writeOrphans } from './orphans-file';

/** What a run does on SIGINT/SIGTERM; `interruptedBy` is the first signal received, if any. */
export interface Interrupts {
  readonly interruptedBy: NodeJS.Signals | undefined;
  /** Gives the signals back (Node's default exit). */
  release(): void;
}

/**
 * First SIGINT/SIGTERM: no new iterations, in-flight ones get the drain timeout, then cleanup and
 * reports (the run's own path). Second: exit at once with 130/143, listing what may be left in
 * `orphans.json`.
 */
export function handleInterrupts(
  run: () => RunHandle | undefined,
  context: { runId: string; outDir: string; drainMs: number },
): Interrupts {
  let interruptedBy: NodeJS.Signals | undefined;
  const release = ownSignals({
    onFirst(signal) {
      interruptedBy = signal;
      process.stderr.write(
        `\ncinder-stress: ${signal}: no new iterations; letting in-flight ones finish (up to ${context.drainMs / 1000}s), then cleaning up. Press Ctrl-C again to exit now.\n`,
      );
      run()?.stop();
    },
    onSecond(signal) {
      const left = run()?.pending() ?? [];
      try {
        writeOrphans(context.outDir, context.runId, left);
      } catch (error) {
        process.stderr.write(
          `\ncinder-stress: could not write ${orphansPath(context.outDir)}: ${describeWriteFailure(error)}`,
        );
      }
      process.stderr.write(
        `\ncinder-stress: ${signal} again: exiting now. ${left.length} resource(s) may be left${left.length ? `: ${left.map((e) => e.name).join(', ')}` : ''}; listed in ${orphansPath(context.outDir)}. Remove them with: cinder-stress cleanup --run ${context.runId}\n`,
      );
      process.exit(signal === 'SIGTERM' ? EXIT.terminated : EXIT.interrupted);
    },
  });
  return {
    get interruptedBy() {
      return interruptedBy;
    },
    release,
  };
}
