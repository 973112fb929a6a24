import type { Command } from 'commander';
import { addBusinessMinutes, type Pause } from '../modules/sla/business-hours.ts';
import { parseCalendar } from '../modules/sla/calendar.ts';
import { systemActor } from '../lib/actor.ts';
import { badInput } from './cli-error.ts';
import { parseInstant, readJsonFile } from './input.ts';
import { requireWorkspace, withServices } from './context.ts';

interface DueOptions {
  calendar: string;
  start: string;
  minutes: string;
  pauses?: string;
}

export function registerSlaCommands(program: Command) {
  const sla = program.command('sla').description('Service-level targets on business-hours calendars');
  sla
    .command('due')
    .description('Print when a target of N business minutes falls due, as {"due":"<UTC instant>"}')
    .requiredOption('--calendar <file>', 'business-hours calendar (JSON)')
    .requiredOption('--start <iso>', 'when the clock starts: an ISO 8601 instant with Z or an offset')
    .requiredOption('--minutes <n>', 'business minutes to add (a whole number, 0 or more)')
    .option('--pauses <file>', 'JSON list of [start, end] ISO instants during which the clock stops')
    .addHelpText(
      'after',
      `
Calendar file (a day with no entry is closed; intervals are [open, close) local times, "24:00" allowed):
  {"timezone":"Europe/Berlin","hours":{"mon":[["09:00","17:00"]],"tue":[["09:00","12:00"],["13:00","17:00"]]},"holidays":["2026-12-25"]}
  {"timezone":"UTC","alwaysOpen":true}
Pauses file:
  [["2026-03-02T10:00:00Z","2026-03-02T11:30:00+01:00"]]

Examples:
  $ rapport sla due --calendar berlin.json --start 2026-03-02T08:00:00Z --minutes 60
  {"due":"2026-03-02T09:00:00.000Z"}
  $ rapport sla due --calendar berlin.json --start 2026-03-06T16:30:00+01:00 --minutes 480 --pauses holds.json

Bad input (unknown zone, bad times, malformed files, bad start or minutes, a calendar that never opens) exits with code 2.`,
    )
    .action((options: DueOptions) => printDue(options));

  sla
    .command('explain')
    .argument('<ticket>', 'ticket number (e.g. 1234 or #1234) or id')
    .description("Print which SLA policy applies to a ticket and each clock's arithmetic")
    .option('--json', 'print the explanation as JSON')
    .addHelpText('after', '\nExamples:\n  $ rapport sla explain 1234\n  $ rapport sla explain 01a2…c4 --json')
    .action(async (ticket: string, options: { json?: boolean }) => {
      await withServices(async (services) => {
        const workspace = await requireWorkspace(services);
        const actor = systemActor(workspace.id);
        const number = /^#?\d+$/.test(ticket) ? Number(ticket.replace('#', '')) : undefined;
        const id = number === undefined ? ticket : (await services.tickets.findByNumber(actor, number))?.id;
        if (!id) throw badInput(`There is no ticket ${ticket}.`);
        const explanation = await services.sla.explain(actor, id).catch((error: Error & { status?: number }) => {
          if (error.status === 404) throw badInput(`There is no ticket ${ticket}.`);
          throw error;
        });
        process.stdout.write(options.json ? `${JSON.stringify(explanation, null, 2)}\n` : `${explanation.lines.join('\n')}\n`);
      });
    });
}

function printDue(options: DueOptions) {
  const calendar = parseCalendar(readJsonFile(options.calendar, 'calendar'));
  const start = parseInstant(options.start, '--start');
  const minutes = parseMinutes(options.minutes);
  const pauses =
    options.pauses === undefined ? [] : parsePauses(readJsonFile(options.pauses, 'pauses'), options.pauses);
  const due = addBusinessMinutes(calendar, start, minutes, pauses);
  if ('reason' in due) throw badInput(due.reason);
  process.stdout.write(`${JSON.stringify({ due: due.at.toISOString() })}\n`);
}

function parseMinutes(text: string): number {
  // The contract takes whole minutes; fractions are for the live SLA clocks, which call the module directly.
  if (!/^\d+$/.test(text.trim())) {
    throw badInput(`--minutes must be a whole number of minutes, 0 or more, not "${text}".`);
  }
  return Number(text.trim());
}

function parsePauses(input: unknown, path: string): Pause[] {
  if (!Array.isArray(input)) {
    throw badInput(`The pauses file "${path}" must hold a JSON list of [start, end] pairs.`);
  }
  return input.map((pause, index): Pause => {
    const pair: unknown[] | undefined = Array.isArray(pause) ? pause : undefined;
    if (pair?.length !== 2 || pair.some((instant) => typeof instant !== 'string')) {
      throw badInput(
        `Pause ${index + 1} in "${path}" must be a pair of ISO instants like ["2026-03-02T10:00:00Z","2026-03-02T11:00:00Z"].`,
      );
    }
    const [start, end] = pair as [string, string];
    return [parseInstant(start, `Pause ${index + 1} start`), parseInstant(end, `Pause ${index + 1} end`)];
  });
}
