import type { DatabaseHandle } from '../db/connect.ts';
import { ConfigError, type Config, loadConfig } from '../lib/config.ts';
import type { Services } from '../server/services.ts';
import { CliError } from './cli-error.ts';

export function readConfig(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) throw new CliError(error.message, 2);
    throw error;
  }
}

/** Opens the database with migrations applied, runs `work` with the services, then closes it. */
export async function withServices<T>(work: (services: Services, handle: DatabaseHandle, config: Config) => Promise<T>) {
  const config = readConfig();
  const { openMigratedDatabase } = await import('../server/runtime.ts');
  const { createServices } = await import('../server/services.ts');
  const { systemClock } = await import('../lib/clock.ts');
  const handle = await openMigratedDatabase(config).catch((error: Error) => {
    throw new CliError(`Cannot open the database: ${error.message}`);
  });
  try {
    const services = createServices(handle, { clock: systemClock, secret: config.secret });
    return await work(services, handle, config);
  } finally {
    await handle.close();
  }
}

/** The workspace CLI commands act on: the first (and usually only) one. */
export async function requireWorkspace(services: Services) {
  const workspace = await services.workspace.findFirst();
  if (!workspace) throw new CliError('There is no workspace yet: run `rapport serve` once to create it.');
  return workspace;
}

export async function readStdin() {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
