import { type Kysely, sql } from 'kysely';

// Frozen once released: later changes go into new migrations.
// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the evolving Database type.
export async function up(db: Kysely<any>) {
  // Saved replies. Who may use one: everyone in the workspace (team_id and owner_user_id both null),
  // one team's members (team_id), or only its owner (owner_user_id: a personal response).
  await db.schema
    .createTable('canned_response')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspace.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('shortcut', 'text')
    .addColumn('team_id', 'text', (c) => c.references('team.id'))
    .addColumn('owner_user_id', 'text', (c) => c.references('staff_user.id'))
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('usage_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('archived', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  // The lists: live rows of a workspace by title (keyset on title, id), filtered by who may use them.
  await db.schema.createIndex('canned_response_title').on('canned_response').columns(['workspace_id', 'archived', 'title', 'id']).execute();
  await db.schema.createIndex('canned_response_owner').on('canned_response').columns(['workspace_id', 'owner_user_id']).execute();
  // A shortcut names one live response per workspace; archived rows free theirs.
  await db.schema
    .createIndex('canned_response_shortcut')
    .unique()
    .on('canned_response')
    .columns(['workspace_id', 'shortcut'])
    .where(sql.ref('archived'), '=', 0)
    .execute();
}
