import { type Kysely, sql } from 'kysely';
import { isPostgres } from '../dialect.ts';

// Frozen once released: later changes go into new migrations.
// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the evolving Database type.
export async function up(db: Kysely<any>) {
  // A legal hold keeps a ticket, a contact or an organisation (and everything under it) out of the
  // retention job's reach until it is cleared: one row per held record.
  await db.schema
    .createTable('legal_hold')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    // ticket | contact | organisation
    .addColumn('target_type', 'text', (c) => c.notNull())
    .addColumn('target_id', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('legal_hold_pk', ['workspace_id', 'target_type', 'target_id'])
    .execute();
  await db.schema.createIndex('legal_hold_list').on('legal_hold').columns(['workspace_id', 'created_at', 'target_id']).execute();

  // Set when the retention job anonymised the record (its raw text and personal data are gone; the
  // skeleton stays for the figures and the drill-down until the summary horizon).
  await db.schema.alterTable('ticket').addColumn('anonymised_at', 'bigint').execute();
  await db.schema.alterTable('contact').addColumn('anonymised_at', 'bigint').execute();

  // One retention run per workspace at a time: its horizons are fixed when it starts, and `phase`
  // and `cursor` move on with every batch in the batch's own transaction, so a run killed midway
  // resumes where its last batch committed. The row stays after the run with its totals.
  await db.schema
    .createTable('retention_run')
    .addColumn('workspace_id', 'text', (c) => c.primaryKey())
    .addColumn('mode', 'text', (c) => c.notNull())
    .addColumn('raw_before', 'bigint', (c) => c.notNull())
    .addColumn('raw_day', 'text', (c) => c.notNull())
    .addColumn('summary_before', 'bigint', (c) => c.notNull())
    .addColumn('summary_day', 'text', (c) => c.notNull())
    .addColumn('phase', 'text', (c) => c.notNull())
    .addColumn('cursor', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('totals', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('started_at', 'bigint', (c) => c.notNull())
    .addColumn('finished_at', 'bigint')
    .execute();

  // The metric engine's horizons: rollup days before `frozen_before` are summaries whose raw data
  // may be gone, so no re-measure or rebuild touches them; days before `removed_before` were removed.
  await db.schema
    .createTable('metric_horizon')
    .addColumn('workspace_id', 'text', (c) => c.primaryKey())
    .addColumn('frozen_before', 'text', (c) => c.notNull())
    .addColumn('removed_before', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  // Deleting a ticket cascades to these rows, and deleting a contact checks that no ticket still
  // names it: without an index on the referencing column each of those is a scan per deleted row.
  await db.schema.createIndex('attachment_ticket').on('attachment').column('ticket_id').execute();
  await db.schema.createIndex('follow_up_ticket').on('follow_up').column('ticket_id').execute();
  await db.schema.createIndex('ticket_requester').on('ticket').column('requester_id').execute();
  // Stored mail goes with its ticket, and a blob goes once nothing refers to it any more.
  await db.schema.createIndex('inbound_email_ticket').on('inbound_email').column('ticket_id').execute();
  await db.schema.createIndex('inbound_email_sha256').on('inbound_email').column('sha256').execute();

  // SQLite's FTS5 rewrites a whole index segment once a tenth of its rows are deleted ("deletemerge"):
  // with a segment of 100k tickets that is one synchronous stretch of seconds inside the transaction
  // that crossed the line — a retention batch, or any reply that re-indexes its ticket. Deleted
  // entries are skipped when read and dropped when segments merge anyway (decision 0023).
  if (!isPostgres(db)) await sql`insert into ticket_fts(ticket_fts, rank) values('deletemerge', 0)`.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: see above.
export async function down(db: Kysely<any>) {
  if (!isPostgres(db)) await sql`insert into ticket_fts(ticket_fts, rank) values('deletemerge', 10)`.execute(db);
  for (const index of ['inbound_email_sha256', 'inbound_email_ticket', 'ticket_requester', 'follow_up_ticket', 'attachment_ticket', 'legal_hold_list']) {
    await db.schema.dropIndex(index).execute();
  }
  for (const table of ['metric_horizon', 'retention_run', 'legal_hold']) await db.schema.dropTable(table).execute();
  await db.schema.alterTable('contact').dropColumn('anonymised_at').execute();
  await db.schema.alterTable('ticket').dropColumn('anonymised_at').execute();
}
