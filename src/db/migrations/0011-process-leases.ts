import { type Kysely, sql } from 'kysely';

// Frozen once released: later changes go into new migrations.
// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the evolving Database type.
export async function up(db: Kysely<any>) {
  // The Rapport processes working on this database, each with a heartbeat, so a process that
  // starts (or any process, every few seconds) can tell whose leases belong to a process that is
  // gone and take that work over at once instead of waiting out the lease.
  await db.schema
    .createTable('rapport_process')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // Host name and PID namespace: a PID is only meaningful on the machine (and container) that owns it.
    .addColumn('host', 'text', (c) => c.notNull())
    .addColumn('pid', 'integer', (c) => c.notNull())
    .addColumn('started_at', 'bigint', (c) => c.notNull())
    .addColumn('heartbeat_at', 'bigint', (c) => c.notNull())
    .execute();
  // Finishing work clears lease_until and leaves the owner: only held leases are indexed.
  for (const table of ['outbox', 'inbound_email', 'outbound_email']) {
    await db.schema.alterTable(table).addColumn('lease_owner', 'text').execute();
    await db.schema.createIndex(`${table}_lease_owner`).on(table).column('lease_owner').where(sql.ref('lease_until'), 'is not', null).execute();
  }
}

// biome-ignore lint/suspicious/noExplicitAny: see above.
export async function down(db: Kysely<any>) {
  for (const table of ['outbox', 'inbound_email', 'outbound_email']) {
    await db.schema.dropIndex(`${table}_lease_owner`).execute();
    await db.schema.alterTable(table).dropColumn('lease_owner').execute();
  }
  await db.schema.dropTable('rapport_process').execute();
}
