import type { Command } from 'commander';
import { badInput } from './cli-error.ts';
import { requireWorkspace, withServices } from './context.ts';

export function registerSeedCommand(program: Command) {
  program
    .command('seed')
    .description('Fill the workspace with data: a demo desk, or many generated tickets for load tests')
    .option('--demo', 'add the demo desk: teams, agents, organisations, contacts and ~300 tickets of the last 60 days')
    .option('--tickets <n>', 'bulk-generate N tickets (with requesters and messages), e.g. 1000000')
    .addHelpText(
      'after',
      `
Examples:
  $ rapport seed --demo
  $ rapport seed --tickets 10000
  $ DATABASE_URL=postgres://rapport@db/rapport rapport seed --tickets 1000000`,
    )
    .action(async (options: { demo?: boolean; tickets?: string }) => {
      if (!options.demo && options.tickets === undefined) throw badInput('Say what to seed: --demo or --tickets N.');
      const count = options.tickets === undefined ? 0 : Number(options.tickets);
      if (options.tickets !== undefined && (!Number.isInteger(count) || count < 1 || count > 100_000_000)) {
        throw badInput(`--tickets needs a whole number from 1 to 100000000, not "${options.tickets}".`);
      }
      await withServices(async (services, handle, config) => {
        const workspace = await requireWorkspace(services);
        if (options.demo) {
          const { seedDemo } = await import('./demo/seed-demo.ts');
          const summary = await seedDemo(handle, workspace.id, new Date(), config.secret);
          process.stdout.write(
            `Added the demo desk: ${summary.teams} teams, ${summary.agents} agents, ${summary.organisations} organisations, ${summary.contacts} contacts, ${summary.tickets} tickets.\n`,
          );
        }
        if (count) {
          const { seedBulkTickets } = await import('./demo/bulk-seed.ts');
          const result = await seedBulkTickets(handle, workspace.id, count, { progress: process.stderr.isTTY !== false });
          process.stdout.write(
            `Generated ${count} tickets in ${(result.millis / 1000).toFixed(1)} s (${Math.round(count / (result.millis / 1000))} tickets/s).\n`,
          );
        }
      });
    });
}
