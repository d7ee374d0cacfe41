import { EXIT } from './exit-codes';

export { EXIT } from './exit-codes';

/**
 * An error that ends the CLI with a given exit code and a message for stderr. `code` is a stable
 * string callers branch on (never the message text).
 */
export class CliError extends Error {
  readonly exitCode: number;
  readonly code: string;
  constructor(
    message: string,
    exitCode: number = EXIT.usage,
    code = exitCode === EXIT.usage ? 'USAGE' : 'FAILED',
  ) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
    this.code = code;
  }
}
