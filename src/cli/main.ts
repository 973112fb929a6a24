import { Command, CommanderError } from 'commander';
import { AppError } from '../lib/errors.ts';
import { CliError } from './cli-error.ts';
import { registerCommands } from './commands.ts';

const program = new Command('rapport')
  .description('Rapport — self-hosted customer service and relationship platform')
  .version(process.env.npm_package_version ?? '0.1.0')
  .showHelpAfterError('(run with --help for usage)')
  .exitOverride();

registerCommands(program);

function reportAndExit(error: unknown): never {
  if (error instanceof CommanderError) process.exit(error.exitCode === 0 ? 0 : 2);
  if (error instanceof CliError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(error.exitCode);
  }
  if (error instanceof AppError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(error.status < 500 ? 2 : 1);
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`rapport failed: ${message}\n`);
  if (process.env.RAPPORT_DEBUG) console.error(error);
  process.exit(1);
}

try {
  await program.parseAsync(process.argv);
} catch (error) {
  reportAndExit(error);
}
