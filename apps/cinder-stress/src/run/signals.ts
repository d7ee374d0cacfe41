/**
 * The one owner of SIGINT and SIGTERM (installing a listener removes Node's default exit, so no other
 * module may). First signal: `onFirst` (stop starting work, drain, clean up, report). Second signal:
 * `onSecond` (exit now), which must not return.
 */
export function ownSignals(handlers: {
  onFirst(signal: NodeJS.Signals): void;
  onSecond(signal: NodeJS.Signals): void;
}): () => void {
  let received = 0;
  const listener = (signal: NodeJS.Signals) => {
    received++;
    if (received === 1) handlers.onFirst(signal);
    else handlers.onSecond(signal);
  };
  process.on('SIGINT', listener);
  process.on('SIGTERM', listener);
  return () => {
    process.off('SIGINT', listener);
    process.off('SIGTERM', listener);
  };
}
