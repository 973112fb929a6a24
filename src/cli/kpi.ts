import type { Command } from 'commander';
import {
  computeTicketMetrics,
  findHistoryFault,
  type HistoryEvent,
  type StatusChangeTarget,
  summarizeMetrics,
  type TicketHistory,
} from '../modules/metrics/ticket-metrics.ts';
import { parseCalendar } from '../modules/sla/calendar.ts';
import { AppError } from '../lib/errors.ts';
import { badInput, CliError } from './cli-error.ts';
import { withServices } from './context.ts';
import { parseInstant, readJsonFile } from './input.ts';

export function registerKpiCommands(program: Command) {
  const kpi = program.command('kpi').description('Service metrics: the metric engine behind dashboards and reports');
  kpi
    .command('ticket-metrics')
    .argument('[file]', 'a JSON document with calendar, asOf, tickets and optional csat and nps (default: standard input)')
    .description("Print each ticket's metrics and the summary, as computed for the dashboards, as JSON")
    .addHelpText(
      'after',
      `
Input (every instant ISO 8601 with Z or an offset; events in time order):
  {"calendar":{"timezone":"Europe/Berlin","hours":{"mon":[["09:00","17:00"]]},"holidays":["2026-12-25"]},
   "asOf":"2026-03-10T12:00:00Z",
   "tickets":[{"id":"T1","createdAt":"2026-03-02T08:00:00Z","openedBy":"customer","events":[
     {"at":"2026-03-02T09:30:00Z","type":"agent_reply"},
     {"at":"2026-03-02T09:31:00Z","type":"status","status":"solved"}]}],
   "csat":[5,4,2],"nps":[10,9,7,3]}
Event types: customer_message, agent_reply ("automated": true for an auto-reply), note, status
(status: open, pending, on-hold, solved, closed). Definitions: docs/metrics.md.

Examples:
  $ rapport kpi ticket-metrics history.json
  $ cat history.json | rapport kpi ticket-metrics

Bad input (not JSON, a missing field, an unknown type or status, events out of order or outside
createdAt…asOf, an event after closed, a score off its scale) exits with code 2.`,
    )
    .action((file: string | undefined) => {
      const input = parseMetricsInput(readJsonFile(file ?? '-', 'input'));
      const metrics = input.tickets.map(({ id, history }) => ({ id, ...computeTicketMetrics(history, input.calendar, input.asOf) }));
      const summary = summarizeMetrics(metrics, input.csat, input.nps);
      const tickets = metrics.map(({ finalStatus: _, ...shown }) => shown);
      process.stdout.write(`${JSON.stringify({ tickets, summary }, null, 2)}\n`);
    });

  kpi
    .command('rebuild')
    .description('Measure every ticket again from its raw history and recompute the dashboard rollups')
    .addHelpText(
      'after',
      `
The server keeps metrics up to date by itself; rebuild after restoring a backup, importing data
with other tools, or to check the incremental figures. Dashboards show partial figures until it ends.

Examples:
  $ rapport kpi rebuild`,
    )
    .action(async () => {
      await withServices(async (_services, handle) => {
        const { METRIC_SLICE, rebuildAllMetrics } = await import('../modules/metrics/service.ts');
        const { systemClock } = await import('../lib/clock.ts');
        const started = performance.now();
        const measured = await rebuildAllMetrics(handle.db, systemClock, (slices) => {
          if (process.stderr.isTTY) process.stderr.write(`\rMeasured about ${slices * METRIC_SLICE} tickets…`);
        });
        if (process.stderr.isTTY) process.stderr.write('\n');
        process.stdout.write(`Measured ${measured} tickets and rebuilt the rollups in ${((performance.now() - started) / 1000).toFixed(1)} s.\n`);
      });
    });
}

const EVENT_TYPES = new Set(['customer_message', 'agent_reply', 'note', 'status']);
const EVENT_STATUSES = new Set<string>(['open', 'pending', 'on-hold', 'solved', 'closed']);

function parseMetricsInput(input: unknown) {
  if (!isObject(input)) throw badInput('The input must be a JSON object with "calendar", "asOf" and "tickets".');
  for (const field of ['calendar', 'asOf', 'tickets']) {
    if (input[field] === undefined || input[field] === null) throw badInput(`The input has no "${field}".`);
  }
  let calendar: ReturnType<typeof parseCalendar>;
  try {
    calendar = parseCalendar(input.calendar);
  } catch (error) {
    if (error instanceof AppError) throw badInput(`The calendar is not usable: ${error.message}`);
    throw error;
  }
  const asOf = instant(input.asOf, '"asOf"').getTime();
  if (!Array.isArray(input.tickets)) throw badInput('"tickets" must be a list.');
  const tickets = input.tickets.map((ticket: unknown, index: number) => parseTicket(ticket, index, asOf));
  return { calendar, asOf, tickets, csat: scores(input.csat, 'csat', 1, 5), nps: scores(input.nps, 'nps', 0, 10) };
}

function parseTicket(ticket: unknown, index: number, asOf: number): { id: string | number; history: TicketHistory } {
  if (!isObject(ticket)) throw badInput(`Ticket ${index + 1} must be a JSON object.`);
  const { id } = ticket;
  if ((typeof id !== 'string' || id === '') && !(typeof id === 'number' && Number.isFinite(id))) {
    throw badInput(`Ticket ${index + 1} has no "id".`);
  }
  const name = `Ticket ${JSON.stringify(id)}`;
  const fail = (problem: string): never => {
    throw badInput(`${name}: ${problem}.`);
  };
  const createdAt = instantIn(ticket.createdAt, '"createdAt"', fail);
  if (ticket.openedBy !== 'customer' && ticket.openedBy !== 'agent') {
    fail(ticket.openedBy === undefined ? 'it has no "openedBy"' : `"openedBy" must be "customer" or "agent", not ${JSON.stringify(ticket.openedBy)}`);
  }
  if (!Array.isArray(ticket.events)) fail(ticket.events === undefined ? 'it has no "events"' : '"events" must be a list');
  const events = (ticket.events as unknown[]).map((event, eventIndex) => parseEvent(event, `event ${eventIndex + 1}`, fail));
  const history: TicketHistory = { createdAt, openedBy: ticket.openedBy as TicketHistory['openedBy'], events };
  const fault = findHistoryFault(history, asOf);
  if (fault) fail(fault);
  return { id, history };
}

function parseEvent(event: unknown, which: string, fail: (problem: string) => never): HistoryEvent {
  if (!isObject(event)) return fail(`${which} must be a JSON object`);
  const at = instantIn(event.at, `${which} "at"`, fail);
  const { type } = event;
  if (type === undefined) return fail(`${which} has no "type"`);
  if (typeof type !== 'string' || !EVENT_TYPES.has(type)) {
    return fail(`${which} has an unknown type ${JSON.stringify(type)} (customer_message, agent_reply, note or status)`);
  }
  if (type === 'status') {
    if (event.status === undefined) return fail(`${which} is a status event with no "status"`);
    if (typeof event.status !== 'string' || !EVENT_STATUSES.has(event.status)) {
      return fail(`${which} has an unknown status ${JSON.stringify(event.status)} (open, pending, on-hold, solved or closed)`);
    }
    return { at, type, status: event.status as StatusChangeTarget };
  }
  if (type === 'agent_reply') {
    if (event.automated !== undefined && event.automated !== null && typeof event.automated !== 'boolean') return fail(`${which} "automated" must be true or false`);
    return { at, type, automated: event.automated === true };
  }
  return { at, type: type as 'customer_message' | 'note' };
}

function instantIn(value: unknown, what: string, fail: (problem: string) => never): number {
  if (value === undefined || value === null) return fail(`${what} is missing`);
  try {
    return instant(value, what).getTime();
  } catch (error) {
    if (error instanceof CliError) return fail(error.message.replace(/\.$/, ''));
    throw error;
  }
}

function instant(value: unknown, what: string): Date {
  if (typeof value !== 'string') throw badInput(`${what} must be an ISO 8601 instant in a string, e.g. "2026-03-02T09:00:00Z".`);
  return parseInstant(value, what);
}

function scores(value: unknown, field: string, lowest: number, highest: number): number[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw badInput(`"${field}" must be a list of scores from ${lowest} to ${highest}.`);
  return value.map((score, index) => {
    if (typeof score !== 'number' || !Number.isInteger(score) || score < lowest || score > highest) {
      throw badInput(`"${field}" answer ${index + 1} (${JSON.stringify(score)}) is not a whole number from ${lowest} to ${highest}.`);
    }
    return score;
  });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
