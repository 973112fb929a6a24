import { randomFillSync } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import cliProgress from 'cli-progress';
import { CompiledQuery } from 'kysely';
import { v7 } from 'uuid';
import type { DatabaseHandle } from '../../db/connect.ts';
import {
  bulkLoadSettings,
  indexTicketDocuments,
  maxBindParameters,
  refreshPlannerStatistics,
  type SearchDocument,
} from '../../db/dialect.ts';
import type {
  ContactEmailTable,
  ContactSearchTermTable,
  ContactTable,
  Database,
  Executor,
  MessageTable,
  TicketEventTable,
  TicketTable,
  TicketTagTable,
} from '../../db/types.ts';
import { seededRandom } from '../../lib/random.ts';
import { contactSearchTerms } from '../../modules/contacts/search-terms.ts';
import { requestRebuild } from '../../modules/metrics/repo.ts';
import { newTicketRow } from '../../modules/tickets/ticket-row.ts';
import { firstNames, lastNames, priorityMix, ticketScripts } from './demo-data.ts';

/**
 * `rapport seed --tickets N`: generated history for load tests and demos at scale.
 *
 * Writes straight into the tables the ticket, contact and search services write (multi-row INSERTs),
 * because going through the per-ticket services would take hours for a million tickets. The rows follow the services' conventions so the data reads as real.
 * No outbox events are written: this is generated history, there is nothing to notify or automate.
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const HISTORY = 730 * DAY;
/**
 * A running server may share the database: short transactions (about 0.1 s each on SQLite) with a
 * pause between them let its writers take the lock in between instead of waiting for the whole import.
 * Bigger transactions save little: 1M tickets take about 5 % longer in 1,000s than in 5,000s.
 */
const TICKETS_PER_TRANSACTION = 1_000;
const CONTACTS_PER_TRANSACTION = 5_000;
/** Longer than one lock retry interval of a waiting server writer (src/db/sqlite-group-commit.ts, at most 50 ms) would cost a minute per million tickets; a few ms catch most. */
const PAUSE_BETWEEN_TRANSACTIONS_MS = 5;

type Random = ReturnType<typeof seededRandom>;
type TableName = Exclude<keyof Database, 'outbox'>;

let entropy = Buffer.alloc(0);
let entropyUsed = 0;
/** A UUIDv7 stamped with the row's own (historic) time; random bytes come from a pool, one syscall per 4096 ids. */
function idAt(msecs: number) {
  if (entropyUsed + 16 > entropy.length) {
    entropy = randomFillSync(Buffer.allocUnsafe(16 * 4096));
    entropyUsed = 0;
  }
  entropyUsed += 16;
  return v7({ msecs, random: entropy.subarray(entropyUsed - 16, entropyUsed) });
}

/**
 * Inserts rows in as few statements as the dialect's bind-parameter limit allows. Each statement's SQL
 * is compiled once per table and row count and then reused with new parameters: compiling a
 * 30,000-parameter INSERT in Kysely costs about as much as running it. Full statements are followed by
 * powers of two for the rest, so a table needs only a handful of distinct statements.
 */
function createRowInserter(maxParameters: number) {
  const statementsBySize = new Map<string, string>();
  return async function insertRows<T extends TableName>(tx: Executor, table: T, rows: Database[T][]) {
    if (!rows.length) return;
    const columns = Object.keys(rows[0] as object) as Array<keyof Database[T]>;
    const perStatement = Math.max(1, Math.floor(maxParameters / columns.length));
    for (let start = 0; start < rows.length; ) {
      const left = rows.length - start;
      const size = left >= perStatement ? perStatement : 2 ** Math.floor(Math.log2(left));
      const key = `${table} ${size}`;
      let text = statementsBySize.get(key);
      if (!text) {
        // Every column named in every row, in `columns` order: the parameters below follow that order.
        const template = Object.fromEntries(columns.map((column) => [column, null]));
        // Kysely cannot relate a generic table name to its row type; T ties them together for callers.
        text = tx
          .insertInto(table)
          .values(Array.from({ length: size }, () => template) as never)
          .compile().sql;
        statementsBySize.set(key, text);
      }
      const parameters: unknown[] = [];
      for (let i = start; i < start + size; i++) for (const column of columns) parameters.push(rows[i][column]);
      await tx.executeQuery(CompiledQuery.raw(text, parameters));
      start += size;
    }
  };
}

/** Conversation topics beyond the demo scripts; {slots} are filled per ticket so subjects vary. */
const topics = [
  {
    type: 'incident',
    team: 1,
    subject: '{product} {feature} fails with error {code}',
    opening: 'Since this morning {feature} in {product} fails with error {code} for several of our users. Nothing changed on our side.',
    reply: 'Thank you for reporting error {code}. We found the cause in {feature} and deployed a fix; please try again.',
    tags: ['bug'],
  },
  {
    type: 'question',
    team: 0,
    subject: 'How do I export {feature} data from {product}?',
    opening: 'Our finance team needs the {feature} data from {product} as a spreadsheet every month. Is there an export?',
    reply: 'Yes: open {feature}, choose Export and pick CSV or XLSX. You can also schedule the export monthly.',
    tags: ['export'],
  },
  {
    type: 'incident',
    team: 1,
    subject: '{integration} sync stopped working',
    opening: 'Contacts from {integration} have not arrived in {product} since yesterday. The connector shows no error.',
    reply: 'The {integration} connector lost its authorisation after a token rotation. Please reconnect it under Settings → Integrations.',
    tags: ['integration'],
  },
  {
    type: 'complaint',
    team: 2,
    subject: 'Invoice {invoice} is wrong',
    opening: 'Invoice {invoice} charges us for {seats} seats but we only have {fewer}. Please correct it and refund the difference.',
    reply: 'You are right, invoice {invoice} counted deactivated seats. I have issued a credit note and the refund is on its way.',
    tags: ['billing', 'refund'],
  },
  {
    type: 'service-request',
    team: 0,
    subject: 'Please add {seats} seats to our {product} plan',
    opening: 'We are growing: could you add {seats} seats to our {product} subscription from next month?',
    reply: 'Done: {seats} seats were added and will appear on your next invoice.',
    tags: ['seats', 'account'],
  },
  {
    type: 'incident',
    team: 1,
    subject: '{product} app crashes on {platform}',
    opening: 'The {product} app closes right after start on {platform} since the last update.',
    reply: 'Thanks, this affects {platform} only. A fixed version is rolling out today.',
    tags: ['mobile', 'bug'],
  },
  {
    type: 'question',
    team: 0,
    subject: 'Question about {feature} permissions',
    opening: 'Can a read-only colleague see {feature} in {product} without being able to change anything?',
    reply: 'Yes: give them the viewer role and they can open {feature} without editing rights.',
    tags: ['permissions'],
  },
  {
    type: 'problem',
    team: 1,
    subject: 'Recurring slowness in {feature}',
    opening: 'For weeks {feature} in {product} has been slow every Monday morning. Pages take ten seconds or more.',
    reply: 'We opened a problem record for the Monday slowness in {feature} and will keep you updated.',
    tags: ['performance'],
  },
  {
    type: 'question',
    team: 2,
    subject: 'Refund for order {order}',
    opening: 'I cancelled order {order} within the trial period. When will the refund arrive?',
    reply: 'The refund for order {order} was issued today; it takes 3–5 working days to show on your statement.',
    tags: ['billing', 'refund'],
  },
] as const;

const products = ['Atlas', 'Beacon', 'Harbor', 'Ledger', 'Nimbus', 'Orbit', 'Pulse', 'Quill'];
const features = ['dashboard', 'reports', 'calendar', 'invoices', 'notifications', 'webhooks', 'timesheets', 'inventory', 'workflows'];
const integrations = ['Salesforce', 'HubSpot', 'Slack', 'Jira', 'Shopify', 'Xero', 'QuickBooks', 'Outlook'];
const platforms = ['Android 15', 'iOS 18', 'Windows 11', 'macOS Sequoia', 'ChromeOS'];
/** Words in about one ticket in 12,000: searches with few hits. */
const rareWords = ['quokka', 'marzipan', 'zeppelin', 'kaleidoscope', 'tamarind', 'origami'];
const mailDomains = ['mail.example', 'inbox.example', 'post.example', 'webmail.example'];

/** Weights to the `{ value, weight }` items `random.weighted` draws from. */
const mix = <V extends string>(weights: Record<V, number>) =>
  Object.entries<number>(weights).map(([value, weight]) => ({ value: value as V, weight }));

const channelMix = mix({ email: 42, portal: 18, chat: 18, phone: 12, api: 4, social: 2, sms: 2, whatsapp: 2 });
/** Most old tickets are closed; recent ones are still being worked. */
const statusMixes = {
  fresh: mix({ new: 25, open: 40, pending: 20, 'on-hold': 5, solved: 10 }),
  recent: mix({ new: 2, open: 15, pending: 12, 'on-hold': 4, solved: 52, closed: 15 }),
  old: mix({ open: 0.5, pending: 0.5, 'on-hold': 0.3, solved: 4, closed: 94.7 }),
};
const statusMixFor = (ageMillis: number) =>
  ageMillis < 3 * DAY ? statusMixes.fresh : ageMillis < 21 * DAY ? statusMixes.recent : statusMixes.old;

interface Conversation {
  type: string;
  team: number;
  subject: string;
  opening: string;
  reply: string;
  tags: string[];
}

function writeConversation(random: Random): Conversation {
  if (random.chance(0.3)) {
    const script = random.pick(ticketScripts);
    return {
      type: script.type,
      team: script.team,
      subject: script.subject,
      opening: script.opening,
      reply: script.reply,
      tags: [...script.tags],
    };
  }
  const topic = random.pick(topics);
  const seats = random.int(2, 40);
  const slots: Record<string, string> = {
    product: random.pick(products),
    feature: random.pick(features),
    integration: random.pick(integrations),
    platform: random.pick(platforms),
    code: `E${random.int(1000, 9999)}`,
    invoice: `INV-${random.int(2024, 2026)}-${random.int(10000, 99999)}`,
    order: `#${random.int(100000, 999999)}`,
    seats: String(seats),
    fewer: String(Math.max(1, seats - random.int(1, 5))),
  };
  const fill = (text: string) => text.replace(/\{(\w+)\}/g, (_, slot: string) => slots[slot]);
  let opening = fill(topic.opening);
  if (random.chance(1 / 2_000)) opening += ` PS: our ${random.pick(rareWords)} project depends on this.`;
  const tags: string[] = [...topic.tags];
  if (topic.subject.includes('{feature}')) tags.push(slots.feature);
  if (topic.subject.includes('{integration}')) tags.push(slots.integration.toLowerCase());
  return { type: topic.type, team: topic.team, subject: fill(topic.subject), opening, reply: fill(topic.reply), tags };
}

interface Workforce {
  teamIds: string[];
  /** Active staff who work tickets, per team (falls back to everyone when a team has no members). */
  agentsByTeam: Map<string, string[]>;
  agents: string[];
  organisations: Array<{ id: string; tier: string; domain: string }>;
}

async function loadWorkforce(db: Executor, workspaceId: string): Promise<Workforce> {
  const teams = await db.selectFrom('team').select('id').where('workspace_id', '=', workspaceId).orderBy('name').execute();
  const staff = await db
    .selectFrom('staff_user')
    .select('id')
    .where('workspace_id', '=', workspaceId)
    .where('is_active', '=', 1)
    .where('role', 'in', ['admin', 'supervisor', 'agent'])
    .orderBy('created_at')
    .execute();
  const agents = staff.map((user) => user.id);
  const members = await db.selectFrom('team_member').select(['team_id', 'user_id']).where('workspace_id', '=', workspaceId).execute();
  const agentsByTeam = new Map<string, string[]>();
  for (const team of teams) {
    const own = members.filter((m) => m.team_id === team.id && agents.includes(m.user_id)).map((m) => m.user_id);
    agentsByTeam.set(team.id, own.length ? own : agents);
  }
  const organisations = await db
    .selectFrom('organisation_domain as d')
    .innerJoin('organisation as o', 'o.id', 'd.organisation_id')
    .select(['o.id', 'o.tier', 'd.domain'])
    .where('d.workspace_id', '=', workspaceId)
    .orderBy('d.domain')
    .execute();
  return { teamIds: teams.map((team) => team.id), agentsByTeam, agents, organisations };
}

type Requester = Pick<ContactTable, 'id' | 'name' | 'organisation_id' | 'created_at'>;

/** Contacts join over the whole history, a few months' head start before the first ticket. */
const CONTACT_HEAD_START = 180 * DAY;

/**
 * The requester pool: about one contact per 20 tickets, some of them at existing organisations,
 * created in order over [from, to) so each ticket can pick a requester who already existed.
 */
function buildContacts(
  random: Random,
  workspaceId: string,
  count: number,
  firstNumber: number,
  workforce: Workforce,
  from: number,
  to: number,
) {
  const contacts: ContactTable[] = [];
  const emails: ContactEmailTable[] = [];
  /** Each contact's search terms, in contact order. */
  const searchTerms: ContactSearchTermTable[][] = [];
  // The first ticket number makes addresses unique across repeated seeds of one workspace.
  const run = firstNumber > 1 ? `.${firstNumber}` : '';
  for (let i = 0; i < count; i++) {
    const name = `${random.pick(firstNames)} ${random.pick(lastNames)}`;
    const organisation = workforce.organisations.length && random.chance(0.4) ? random.pick(workforce.organisations) : undefined;
    const local = name
      .toLowerCase()
      .normalize('NFD')
      .replace(/[^a-z ]/g, '')
      .replace(' ', '.');
    const email = `${local}${run}.${i + 1}@${organisation?.domain ?? random.pick(mailDomains)}`;
    const createdAt = from + Math.floor(((i + random.next()) / count) * (to - from));
    contacts.push({
      id: idAt(createdAt),
      workspace_id: workspaceId,
      name,
      organisation_id: organisation?.id ?? null,
      tier: organisation?.tier ?? 'standard',
      language: random.pick(['en', 'en', 'en', 'de', 'fr', 'es', 'nl']),
      timezone: null,
      emails: JSON.stringify([email]),
      phones: random.chance(0.3) ? JSON.stringify([`+44 20 ${random.int(1000000, 9999999)}`]) : '[]',
      consent: JSON.stringify({ email: true }),
      attributes: '{}',
      created_at: createdAt,
      updated_at: createdAt,
    });
    emails.push({ workspace_id: workspaceId, email, contact_id: contacts[i].id });
    searchTerms.push(contactSearchTerms(name, [email]).map((term) => ({ workspace_id: workspaceId, term, contact_id: contacts[i].id })));
  }
  return { contacts, emails, searchTerms };
}

interface TicketBatch {
  tickets: TicketTable[];
  tags: TicketTagTable[];
  messages: MessageTable[];
  events: TicketEventTable[];
  documents: SearchDocument[];
}

interface TicketPlan {
  random: Random;
  workspaceId: string;
  workforce: Workforce;
  requesters: Requester[];
  firstNumber: number;
  count: number;
  start: number;
  now: number;
  /** When the first contact of the pool was created. */
  contactsFrom: number;
}

/**
 * Most tickets come from customers who became contacts shortly before (a new customer's first questions);
 * the rest from anyone who already was one. Besides being what desks see, the recency keeps inserts into
 * the requester index local: uniformly random requesters make a 1M seed about twice as slow on SQLite.
 */
function pickRequester(plan: TicketPlan, createdAt: number) {
  const { requesters, random } = plan;
  const existing = Math.max(
    1,
    Math.min(requesters.length, Math.floor(((createdAt - plan.contactsFrom) / (plan.now - plan.contactsFrom)) * requesters.length)),
  );
  const recent = Math.max(20, Math.floor(requesters.length / 200));
  let index = random.chance(0.35) ? random.int(0, existing - 1) : Math.max(0, existing - 1 - random.int(0, recent - 1));
  while (index > 0 && requesters[index].created_at > createdAt) index--;
  return requesters[index];
}

/** Tickets `from`..`to` (0-based positions in the run) with their messages, tags, events and search documents. */
function buildTicketBatch(plan: TicketPlan, from: number, to: number): TicketBatch {
  const { random, workspaceId, workforce, now } = plan;
  const batch: TicketBatch = { tickets: [], tags: [], messages: [], events: [], documents: [] };
  for (let i = from; i < to; i++) {
    // Spread evenly over the history window, so created_at increases with the ticket number.
    const createdAt = plan.start + Math.floor(((i + random.next()) / plan.count) * (now - plan.start - HOUR));
    const conversation = writeConversation(random);
    const requester = pickRequester(plan, createdAt);
    const status = random.weighted(statusMixFor(now - createdAt)).value;
    const teamId = workforce.teamIds.length && random.chance(0.9) ? workforce.teamIds[conversation.team % workforce.teamIds.length] : null;
    const pool = teamId ? (workforce.agentsByTeam.get(teamId) ?? []) : workforce.agents;
    const assigneeId = status !== 'new' && pool.length && random.chance(0.95) ? random.pick(pool) : null;
    const priority = conversation.type === 'incident' && random.chance(0.3) ? 'P2' : random.weighted(priorityMix).priority;
    const channel = random.weighted(channelMix).value;
    const answered = status !== 'new' && (status !== 'open' || random.chance(0.5));
    const repliedAt = answered ? Math.min(createdAt + random.int(10, priority === 'P1' ? 120 : 24 * 60) * MINUTE, now - MINUTE) : null;
    const solvedAt =
      status === 'solved' || status === 'closed' ? Math.min((repliedAt ?? createdAt) + random.int(1, 72) * HOUR, now - MINUTE) : null;
    const closedAt = status === 'closed' && solvedAt !== null ? Math.min(solvedAt + 4 * DAY, now - MINUTE) : null;
    const tags = random.chance(0.6) ? [...new Set(conversation.tags.map((tag) => tag.toLowerCase()))].sort() : [];
    const firstName = requester.name.split(' ')[0];
    const ticket = newTicketRow({
      id: idAt(createdAt),
      workspace_id: workspaceId,
      number: plan.firstNumber + i,
      subject: conversation.subject,
      status,
      priority,
      type: conversation.type,
      channel,
      requester_id: requester.id,
      organisation_id: requester.organisation_id,
      assignee_id: assigneeId,
      team_id: teamId,
      tags: JSON.stringify(tags),
      created_at: createdAt,
      updated_at: Math.max(createdAt, repliedAt ?? 0, solvedAt ?? 0, closedAt ?? 0),
      first_response_at: repliedAt,
      acknowledged_at: repliedAt,
      solved_at: solvedAt,
      closed_at: closedAt,
      last_customer_message_at: createdAt,
      last_agent_message_at: repliedAt,
    });
    batch.tickets.push(ticket);
    for (const tag of tags) batch.tags.push({ workspace_id: workspaceId, ticket_id: ticket.id, tag });
    const message = (at: number, text: string, fromRequester: boolean): MessageTable => ({
      id: idAt(at),
      workspace_id: workspaceId,
      ticket_id: ticket.id,
      author_type: fromRequester ? 'contact' : 'staff',
      author_id: fromRequester ? requester.id : assigneeId,
      direction: fromRequester ? 'inbound' : 'outbound',
      is_internal: 0,
      channel,
      text,
      html: null,
      metadata: '{}',
      delivery_status: null,
      created_at: at,
      email_message_id: null,
      // 2–14 minutes of work per reply, spread by the instant (the generator's random sequence stays as it was).
      time_spent_seconds: fromRequester ? null : 120 + Math.floor((at % 720_000) / 1000),
    });
    const opening = `Hello,\n\n${conversation.opening}\n\nThanks,\n${requester.name}`;
    batch.messages.push(message(createdAt, opening, true));
    const texts = [opening];
    if (repliedAt !== null) {
      const reply = `Hello ${firstName},\n\n${conversation.reply}\n\nBest regards,\nSupport`;
      batch.messages.push(message(repliedAt, reply, false));
      texts.push(reply);
    }
    batch.events.push({
      id: idAt(createdAt),
      workspace_id: workspaceId,
      ticket_id: ticket.id,
      actor_type: 'system',
      actor_id: null,
      field: 'ticket',
      old_value: null,
      new_value: 'created',
      created_at: createdAt,
    });
    batch.documents.push({
      ticketId: ticket.id,
      workspaceId,
      createdAt,
      subject: ticket.subject,
      body: texts.join('\n'),
      people: requester.name,
    });
  }
  return batch;
}

/**
 * Generates `count` tickets with requesters, messages, events, tags and search entries over the two
 * years before `options.now` (default: the current time); see the file comment.
 */
export async function seedBulkTickets(
  handle: DatabaseHandle,
  workspaceId: string,
  count: number,
  options: { progress: boolean; now?: Date },
) {
  const started = performance.now();
  const { db } = handle;
  const insertRows = createRowInserter(maxBindParameters(handle.db));
  const now = (options.now ?? new Date()).getTime();
  // Reserve the whole number range first: a server running meanwhile takes numbers after it, never inside.
  const reserved = await db
    .updateTable('workspace')
    .set((eb) => ({ ticket_seq: eb('ticket_seq', '+', count) }))
    .where('id', '=', workspaceId)
    .returning('ticket_seq')
    .executeTakeFirst();
  if (!reserved) throw new Error(`Workspace ${workspaceId} does not exist`);
  const firstNumber = reserved.ticket_seq - count + 1;
  const random = seededRandom(0x5eed ^ firstNumber);
  const workforce = await loadWorkforce(db, workspaceId);
  const start = now - HISTORY;

  const bar = options.progress
    ? new cliProgress.SingleBar(
        {
          stream: process.stderr,
          format: 'Seeding tickets [{bar}] {percentage}% {value}/{total} | {eta_formatted} left',
          hideCursor: true,
        },
        cliProgress.Presets.shades_classic,
      )
    : undefined;
  const settings = await bulkLoadSettings(db);
  try {
    const contactsFrom = start - CONTACT_HEAD_START;
    const pool = buildContacts(random, workspaceId, Math.max(100, Math.ceil(count / 20)), firstNumber, workforce, contactsFrom, now - HOUR);
    for (let from = 0; from < pool.contacts.length; from += CONTACTS_PER_TRANSACTION) {
      const to = from + CONTACTS_PER_TRANSACTION;
      await db.transaction().execute(async (tx) => {
        await insertRows(tx, 'contact', pool.contacts.slice(from, to));
        await insertRows(tx, 'contact_email', pool.emails.slice(from, to));
        await insertRows(tx, 'contact_search_term', pool.searchTerms.slice(from, to).flat());
      });
      await delay(PAUSE_BETWEEN_TRANSACTIONS_MS);
    }
    const plan: TicketPlan = { random, workspaceId, workforce, requesters: pool.contacts, firstNumber, count, start, now, contactsFrom };
    bar?.start(count, 0);
    for (let from = 0; from < count; from += TICKETS_PER_TRANSACTION) {
      const batch = buildTicketBatch(plan, from, Math.min(count, from + TICKETS_PER_TRANSACTION));
      await db.transaction().execute(async (tx) => {
        await settings.inTransaction(tx);
        await insertRows(tx, 'ticket', batch.tickets);
        await insertRows(tx, 'ticket_tag', batch.tags);
        await insertRows(tx, 'message', batch.messages);
        await insertRows(tx, 'ticket_event', batch.events);
        await indexTicketDocuments(tx, batch.documents);
      });
      bar?.update(Math.min(count, from + TICKETS_PER_TRANSACTION));
      await delay(PAUSE_BETWEEN_TRANSACTIONS_MS);
    }
    await refreshPlannerStatistics(db);
    // Imported history is measured by the server's metrics projector, a slice at a time, not here.
    await requestRebuild(db, workspaceId, Date.now());
  } finally {
    bar?.stop();
    await settings.finish();
  }
  return { millis: Math.round(performance.now() - started) };
}
