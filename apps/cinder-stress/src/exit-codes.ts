/** Exit codes of cinder-stress: the one list the CLI, its `--help` and the README use. */
export const EXIT = {
  /** The command did what was asked: no failed call or iteration (or within `--max-fail-rate`). */
  ok: 0,
  /** Calls or iterations failed (or, with `--max-fail-rate`, the SLA was missed). */
  failures: 1,
  /** Usage or configuration error: an option, variable, file or field named in the message. */
  usage: 2,
  /** A report or the resource journal could not be written (the message names which and why). */
  reportNotWritten: 3,
  /** Cleanup left resources behind (listed in `orphans.json` and on stderr). */
  resourcesLeft: 4,
  /** Stopped by SIGINT (Ctrl-C). */
  interrupted: 130,
  /** Stopped by SIGTERM. */
  terminated: 143,
} as const;

/** One of the {@link EXIT} codes. */
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** What each exit code means, in the words `--help` and the README use. */
export const EXIT_CODE_MEANINGS: readonly (readonly [ExitCode, string])[] = [
  [EXIT.ok, 'OK: no failed call or iteration (or within --max-fail-rate)'],
  [EXIT.failures, 'calls or iterations failed, or the --max-fail-rate SLA was missed'],
  [EXIT.usage, 'usage or configuration error (the message names the option, variable, file or field)'],
  [EXIT.reportNotWritten, 'a report or the resource journal could not be written'],
  [EXIT.resourcesLeft, 'cleanup left resources behind (listed in orphans.json)'],
  [EXIT.interrupted, 'stopped by SIGINT (Ctrl-C)'],
  [EXIT.terminated, 'stopped by SIGTERM'],
];

/** The exit codes as an aligned text block, for `--help`. */
export function exitCodeHelp(): string {
  return `Exit codes:\n${EXIT_CODE_MEANINGS.map(([code, meaning]) => `  ${String(code).padStart(3)}  ${meaning}`).join('\n')}\n`;
}
