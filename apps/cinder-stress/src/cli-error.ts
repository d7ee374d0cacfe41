import { EXIT } from './exit-codes';

export { EXIT } from './exit-codes';

/** An error that ends the CLI with a given exit code and a message for stderr. */
export class CliError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode: number = EXIT.usage) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
  }
}
