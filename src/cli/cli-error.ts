/**
 * An error the CLI reports as one plain sentence on stderr and a non-zero exit code.
 * Exit code 2 means the input was wrong; 1 means the operation failed.
 */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

export const badInput = (message: string) => new CliError(message, 2);
