import { type Kysely, sql } from 'kysely';

// Frozen once released: later changes go into new migrations.
// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the evolving Database type.
export async function up(db: Kysely<any>) {
  await db.schema
    .createTable('mailbox')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspace.id'))
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('team_id', 'text', (c) => c.references('team.id'))
    .addColumn('is_active', 'integer', (c) => c.notNull().defaultTo(1))
    // IMAP polling: the connection settings (password sealed with RAPPORT_SECRET) and its progress.
    .addColumn('imap_settings', 'text')
    .addColumn('imap_polled_at', 'bigint')
    .addColumn('imap_error', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  // Mail for an address reaches exactly one workspace.
  await db.schema.createIndex('mailbox_address').unique().on('mailbox').column('address').execute();

  await db.schema
    .createTable('inbound_email')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('mailbox_id', 'text', (c) => c.notNull().references('mailbox.id'))
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('dedupe_key', 'text', (c) => c.notNull())
    .addColumn('envelope_from', 'text')
    .addColumn('recipients', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('received_at', 'bigint', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('available_at', 'bigint', (c) => c.notNull())
    .addColumn('lease_until', 'bigint')
    .addColumn('processed_at', 'bigint')
    .addColumn('outcome', 'text')
    .addColumn('ticket_id', 'text')
    .addColumn('message_id', 'text')
    .addColumn('error', 'text')
    .execute();
  // The same message delivered twice (same Message-ID and bytes) is stored once.
  await db.schema.createIndex('inbound_email_dedupe').unique().on('inbound_email').columns(['workspace_id', 'dedupe_key']).execute();
  await db.schema
    .createIndex('inbound_email_pending')
    .on('inbound_email')
    .columns(['available_at', 'id'])
    .where(sql.ref('status'), '=', 'received')
    .execute();
  await db.schema.createIndex('inbound_email_received').on('inbound_email').columns(['workspace_id', 'received_at', 'id']).execute();

  await db.schema.alterTable('message').addColumn('email_message_id', 'text').execute();
  await db.schema.createIndex('message_email_message_id').on('message').columns(['workspace_id', 'email_message_id']).execute();

  await db.schema
    .createTable('outbound_email')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('ticket_id', 'text', (c) => c.notNull().references('ticket.id').onDelete('cascade'))
    .addColumn('message_id', 'text', (c) => c.references('message.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('from_address', 'text', (c) => c.notNull())
    .addColumn('to_addresses', 'text', (c) => c.notNull())
    .addColumn('cc_addresses', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('html', 'text')
    .addColumn('header_message_id', 'text', (c) => c.notNull())
    .addColumn('in_reply_to', 'text')
    .addColumn('references', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'bigint', (c) => c.notNull())
    .addColumn('lease_until', 'bigint')
    .addColumn('last_error', 'text')
    .addColumn('sent_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('outbound_email_due')
    .on('outbound_email')
    .columns(['next_attempt_at', 'id'])
    .where(sql.ref('status'), '=', 'queued')
    .execute();
  // One email per ticket message: the outbox may deliver "message.created" more than once.
  await db.schema.createIndex('outbound_email_message').unique().on('outbound_email').columns(['message_id']).execute();
  await db.schema.createIndex('outbound_email_ticket').on('outbound_email').columns(['ticket_id', 'created_at']).execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see above.
export async function down(_db: Kysely<any>) {
  throw new Error('Migrations are not reverted; restore a backup instead.');
}
