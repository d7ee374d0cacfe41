/**
 * Exit codes of cinder-stress, the one place they are defined. When several apply, the first in this
 * order wins: a signal (130, 143), a usage or configuration error (2), a report or the journal not
 * written (3), resources left on the cloud (4), failed calls or a missed SLA (1).
 */
export const EXIT = {
  /** Everything passed (or the SLA of `--max-fail-rate` was met). */
  ok: 0,
  /** Calls or iterations failed, or the `--max-fail-rate` SLA was missed. */
  failures: 1,
  /** A usage or configuration error: nothing ran. */
  usage: 2,
  /** A report, the journal or `orphans.json` could not be written (each is named with its reason). */
  notWritten: 3,
  /** Cleanup left resources on the cloud (listed, with `orphans.json` after a run). */
  resourcesLeft: 4,
  /** Stopped by SIGINT (Ctrl-C). */
  interrupted: 130,
  /** Stopped by SIGTERM. */
  terminated: 143,
} as const;

/** One of the {@link EXIT} codes. */
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** The exit codes as `--help` shows them. */
export const EXIT_CODES_HELP = `
Exit codes:
  0    clean (with --max-fail-rate: the SLA was met)
  1    failed calls or iterations, or the --max-fail-rate SLA missed
  2    usage or configuration error (nothing ran)
  3    a report, the journal or orphans.json could not be written (each named, with its reason)
  4    resources left on the cloud (run: listed in orphans.json; cleanup: named in its last line)
  130  stopped by SIGINT; 143 stopped by SIGTERM
`;
