import type { Kysely } from 'kysely';

// Frozen once released: later changes go into new migrations.
// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the evolving Database type.
export async function up(db: Kysely<any>) {
  // Who has a ticket open, and whether they are writing a reply: one row per WebSocket connection
  // (a user with two tabs has two), refreshed by a heartbeat and gone when it expires, so a
  // process that dies leaves nothing behind for longer than the expiry. Every process reads it, so
  // presence works across processes.
  await db.schema
    .createTable('ticket_presence')
    .addColumn('connection_id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('ticket_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('user_name', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('ticket_presence_ticket').on('ticket_presence').columns(['workspace_id', 'ticket_id']).execute();
  await db.schema.createIndex('ticket_presence_expiry').on('ticket_presence').column('expires_at').execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see above.
export async function down(db: Kysely<any>) {
  await db.schema.dropTable('ticket_presence').execute();
}
