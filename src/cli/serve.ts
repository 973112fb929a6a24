import { appendFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { Command } from 'commander';
import { CliError } from './cli-error.ts';
import { readConfig } from './context.ts';
import { ensureWebAppBuilt } from './web-build.ts';

const DEMO_ADMIN = { email: 'admin@demo.rapport.test', name: 'Dana Admin' };
const FIRST_ADMIN = { email: 'admin@rapport.local', name: 'Administrator' };

function publicUrl(host: string, port: number) {
  const shown = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
  return `http://${shown.includes(':') ? `[${shown}]` : shown}:${port}`;
}

/**
 * For benchmarks: samples the event-loop delay; each call of the returned function (and each SIGUSR2)
 * appends the figures since the previous one to `file` as a JSON line, in milliseconds.
 */
function recordEventLoopDelay(file: string) {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  const write = () => {
    const ms = (nanoseconds: number) => Math.round(nanoseconds / 1e4) / 100;
    const figures = {
      at: new Date().toISOString(),
      samples: histogram.count,
      p50: ms(histogram.percentile(50)),
      p99: ms(histogram.percentile(99)),
      max: ms(histogram.max),
    };
    appendFileSync(file, `${JSON.stringify(figures)}\n`);
    histogram.reset();
  };
  process.on('SIGUSR2', write);
  return write;
}

export function registerServeCommand(program: Command) {
  program
    .command('serve')
    .description('Start Rapport: HTTP API and web app, background jobs; creates the database on first start')
    .option('--demo', 'on first start, fill the new workspace with a demo desk (teams, agents, customers, tickets)')
    .option('--admin-email <email>', 'email of the first admin created on an empty database')
    .addHelpText(
      'after',
      `
Examples:
  $ rapport serve                      # a real installation: first start creates the workspace and admin
  $ rapport serve --demo               # first start also creates a demo desk to explore
  $ PORT=8080 HOST=0.0.0.0 rapport serve
  $ DATABASE_URL=postgres://rapport@db/rapport rapport serve`,
    )
    .action(async (options: { demo?: boolean; adminEmail?: string }) => {
      const config = readConfig();
      await ensureWebAppBuilt();
      // Loaded here, not at the top: other commands start faster without the server's code.
      const { openMigratedDatabase, startServer } = await import('../server/runtime.ts');
      const { createServices } = await import('../server/services.ts');
      const { seedDemo } = await import('./demo/seed-demo.ts');
      const { systemClock } = await import('../lib/clock.ts');
      const database = await openMigratedDatabase(config).catch((error: Error) => {
        throw new CliError(`Cannot open the database: ${error.message}`);
      });
      const services = createServices(database, { clock: systemClock, secret: config.secret });
      const admin = options.demo ? DEMO_ADMIN : { ...FIRST_ADMIN, email: options.adminEmail ?? FIRST_ADMIN.email };
      const setup = await services.workspace.ensureWorkspace({
        name: options.demo ? 'Demo Desk' : 'Rapport',
        adminEmail: admin.email,
        adminName: admin.name,
        timezone: options.demo ? 'Europe/Berlin' : 'UTC',
      });
      // Shown as soon as the admin exists: if seeding or listening fails below, the next start
      // finds the workspace and would never show this password again.
      if (setup.admin) {
        process.stdout.write(
          `\nFirst start: created workspace "${setup.workspace.name}" and its admin.\n  Email:    ${setup.admin.email}\n  Password: ${setup.admin.password}\nThis password is shown only once: sign in and change it.\n\n`,
        );
      }
      if (setup.admin && options.demo) {
        process.stdout.write('Creating the demo desk…\n');
        await seedDemo(database, setup.workspace.id, systemClock.now(), config.secret);
      }
      const server = await startServer(config, { database }).catch(async (error: Error & { code?: string }) => {
        await database.close();
        if (error.code === 'EADDRINUSE' && 'smtp' in error) {
          throw new CliError(
            `SMTP port ${config.smtp.port} on ${config.smtp.host} is already in use; set RAPPORT_SMTP_PORT to another port (0 turns the receiver off).`,
          );
        }
        if (error.code === 'EADDRINUSE')
          throw new CliError(`Port ${config.port} on ${config.host} is already in use; set PORT to another port.`);
        throw error;
      });
      process.stdout.write(`Rapport is ready at ${publicUrl(config.host, server.port)} (${database.dialect} database)\n`);
      const writeEventLoopStats = config.eventLoopStatsFile ? recordEventLoopDelay(config.eventLoopStatsFile) : undefined;
      const shutdown = async () => {
        await server.stop();
        writeEventLoopStats?.();
        process.exit(0);
      };
      process.once('SIGINT', shutdown);
      process.once('SIGTERM', shutdown);
    });
}
