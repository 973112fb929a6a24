import { type CreateTableBuilder, type Kysely, sql } from 'kysely';
import { isPostgres } from '../dialect.ts';

// Frozen once released: later changes go into new migrations.

// The histogram names and bucket count as of this migration (src/modules/metrics/histogram.ts).
const HISTOGRAMS = ['first_reply', 'first_resolution', 'full_resolution', 'requester_wait', 'agent_wait'].flatMap((measure) => [
  `${measure}_calendar`,
  `${measure}_business`,
]);
const BUCKETS = 36;

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the evolving Database type.
export async function up(db: Kysely<any>) {
  // Medians and p90s from rollups (decisions/0024): per rollup key, how many tickets' durations fell
  // in each of 36 log-spaced buckets, for each duration on both clocks. A table beside
  // metric_rollup, not more columns in it, so the KPI sums read rows as narrow as before.
  const DIMENSIONS = ['team_id', 'agent_id', 'channel', 'priority', 'tier'];
  // The same counts for the whole desk per day: what an unfiltered report reads (a row a day, not
  // one per team × agent × channel × priority × tier).
  for (const [table, keys] of [['metric_histogram', DIMENSIONS], ['metric_histogram_desk', [] as string[]]] as const) {
    let histogram: CreateTableBuilder<string, string> = db.schema.createTable(table).addColumn('workspace_id', 'text', (c) => c.notNull()).addColumn('day', 'text', (c) => c.notNull());
    for (const key of keys) histogram = histogram.addColumn(key, 'text', (c) => c.notNull());
    for (const name of HISTOGRAMS) {
      for (let bucket = 0; bucket < BUCKETS; bucket += 1) {
        histogram = histogram.addColumn(`${name}_h${String(bucket).padStart(2, '0')}`, 'integer', (c) => c.notNull().defaultTo(0));
      }
    }
    await histogram.addPrimaryKeyConstraint(`${table}_pk`, ['workspace_id', 'day', ...keys]).execute();
  }

  // Top contact reasons: new tickets per local day × tag, under the rollup's dimensions, kept by the
  // projector from the tags a ticket's metric row was counted with.
  await db.schema.alterTable('ticket_metric').addColumn('tags', 'text', (c) => c.notNull().defaultTo('[]')).execute();
  await db.schema
    .createTable('metric_tag')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('tag', 'text', (c) => c.notNull())
    .addColumn('team_id', 'text', (c) => c.notNull())
    .addColumn('agent_id', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('priority', 'text', (c) => c.notNull())
    .addColumn('tier', 'text', (c) => c.notNull())
    .addColumn('created', 'bigint', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('metric_tag_pk', ['workspace_id', 'day', 'tag', 'team_id', 'agent_id', 'channel', 'priority', 'tier'])
    .execute();
  await db.schema
    .createTable('metric_tag_desk')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('tag', 'text', (c) => c.notNull())
    .addColumn('created', 'bigint', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('metric_tag_desk_pk', ['workspace_id', 'day', 'tag'])
    .execute();

  // Scheduled e-mail of a service report: which report, to whom, on which weekday and local time.
  await db.schema
    .createTable('report_schedule')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    // weekly | monthly | quarterly: the last whole week, month or quarter before the sending day.
    .addColumn('preset', 'text', (c) => c.notNull())
    // mon … sun and HH:MM in the workspace's time zone.
    .addColumn('weekday', 'text', (c) => c.notNull())
    .addColumn('time', 'text', (c) => c.notNull())
    // JSON: staff user ids, and plain addresses.
    .addColumn('recipient_user_ids', 'text', (c) => c.notNull())
    .addColumn('recipient_emails', 'text', (c) => c.notNull())
    // JSON: the report's slice (channel, team), {} for the whole desk.
    .addColumn('filter', 'text', (c) => c.notNull())
    .addColumn('is_active', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('report_schedule_workspace').on('report_schedule').columns(['workspace_id', 'name', 'id']).execute();

  // One row per schedule and period sent, written in the transaction that queues the mail: its
  // primary key is what makes a period go out once, across restarts and processes.
  await db.schema
    .createTable('report_delivery')
    .addColumn('schedule_id', 'text', (c) => c.notNull().references('report_schedule.id').onDelete('cascade'))
    .addColumn('period_from', 'text', (c) => c.notNull())
    .addColumn('period_to', 'text', (c) => c.notNull())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('recipients', 'integer', (c) => c.notNull())
    .addColumn('queued_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('report_delivery_pk', ['schedule_id', 'period_from'])
    .execute();

  // A report e-mail belongs to no ticket, and carries its PDF: outbound_email.ticket_id becomes
  // optional and an attachments column (JSON: filename, content type, base64 content) is added.
  await db.schema.alterTable('outbound_email').addColumn('attachments', 'text').execute();
  if (isPostgres(db)) {
    await sql`alter table outbound_email alter column ticket_id drop not null`.execute(db);
    return;
  }
  // SQLite cannot drop a NOT NULL: the table is copied into one without it (nothing references it).
  await sql`create table outbound_email_new (
    id text primary key,
    workspace_id text not null,
    ticket_id text references ticket(id) on delete cascade,
    message_id text references message(id) on delete cascade,
    kind text not null,
    from_address text not null,
    to_addresses text not null,
    cc_addresses text not null default '[]',
    subject text not null,
    text text not null,
    html text,
    header_message_id text not null,
    in_reply_to text,
    "references" text not null default '[]',
    status text not null,
    attempts integer not null default 0,
    next_attempt_at bigint not null,
    lease_until bigint,
    last_error text,
    sent_at bigint,
    created_at bigint not null,
    lease_owner text,
    attachments text
  )`.execute(db);
  const columns = sql.raw(
    'id, workspace_id, ticket_id, message_id, kind, from_address, to_addresses, cc_addresses, subject, text, html, header_message_id, in_reply_to, "references", status, attempts, next_attempt_at, lease_until, last_error, sent_at, created_at, lease_owner, attachments',
  );
  await sql`insert into outbound_email_new (${columns}) select ${columns} from outbound_email`.execute(db);
  await sql`drop table outbound_email`.execute(db);
  await sql`alter table outbound_email_new rename to outbound_email`.execute(db);
  await db.schema.createIndex('outbound_email_due').on('outbound_email').columns(['next_attempt_at', 'id']).where(sql.ref('status'), '=', 'queued').execute();
  await db.schema.createIndex('outbound_email_message').unique().on('outbound_email').columns(['message_id']).execute();
  await db.schema.createIndex('outbound_email_ticket').on('outbound_email').columns(['ticket_id', 'created_at']).execute();
  await db.schema.createIndex('outbound_email_lease_owner').on('outbound_email').column('lease_owner').where(sql.ref('lease_until'), 'is not', null).execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see above.
export async function down(_db: Kysely<any>) {
  throw new Error('Migrations are not reverted; restore a backup instead.');
}
