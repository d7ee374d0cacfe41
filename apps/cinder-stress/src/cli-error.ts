/** Exit codes of cinder-stress. */
export const EXIT = { ok: 0, failures: 1, usage: 2, interrupted: 130, terminated: 143 } as const;

/** An error that ends the CLI with a given exit code and a message for stderr. */
export class CliError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode: number = EXIT.usage) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
  }
}
