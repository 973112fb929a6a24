import { type Kysely, sql } from 'kysely';
import { blobType, createSearchTables, serialPrimaryKey } from '../dialect.ts';

// Frozen once released: later changes go into new migrations.
// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the evolving Database type.
export async function up(db: Kysely<any>) {
  const ts = 'bigint' as const;

  await db.schema
    .createTable('workspace')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('timezone', 'text', (c) => c.notNull().defaultTo('UTC'))
    .addColumn('ticket_seq', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('settings', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('staff_user')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspace.id'))
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text')
    .addColumn('is_active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addColumn('last_login_at', ts)
    .execute();
  // Staff sign in with their email alone, so an address belongs to one staff user across workspaces.
  await db.schema.createIndex('staff_user_email').unique().on('staff_user').column('email').execute();
  await db.schema.createIndex('staff_user_workspace').on('staff_user').columns(['workspace_id', 'name']).execute();

  await db.schema
    .createTable('team')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspace.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('team_workspace_name').unique().on('team').columns(['workspace_id', 'name']).execute();

  await db.schema
    .createTable('team_member')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('team_id', 'text', (c) => c.notNull().references('team.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('staff_user.id').onDelete('cascade'))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('team_member_pk', ['team_id', 'user_id'])
    .execute();
  await db.schema.createIndex('team_member_user').on('team_member').columns(['user_id']).execute();

  await db.schema
    .createTable('organisation')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspace.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('tier', 'text', (c) => c.notNull().defaultTo('standard'))
    .addColumn('account_manager_id', 'text', (c) => c.references('staff_user.id'))
    .addColumn('domains', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('notes', 'text')
    .addColumn('attributes', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('organisation_workspace_name').on('organisation').columns(['workspace_id', 'name', 'id']).execute();

  await db.schema
    .createTable('organisation_domain')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('domain', 'text', (c) => c.notNull())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisation.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('organisation_domain_pk', ['workspace_id', 'domain'])
    .execute();

  await db.schema
    .createTable('contact')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspace.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('organisation_id', 'text', (c) => c.references('organisation.id'))
    .addColumn('tier', 'text', (c) => c.notNull().defaultTo('standard'))
    .addColumn('language', 'text')
    .addColumn('timezone', 'text')
    .addColumn('emails', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('phones', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('consent', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('attributes', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('contact_workspace_created').on('contact').columns(['workspace_id', 'created_at', 'id']).execute();
  await db.schema.createIndex('contact_workspace_name').on('contact').columns(['workspace_id', 'name', 'id']).execute();
  await db.schema.createIndex('contact_organisation').on('contact').columns(['workspace_id', 'organisation_id', 'created_at']).execute();

  await db.schema
    .createTable('contact_email')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('contact_id', 'text', (c) => c.notNull().references('contact.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('contact_email_pk', ['workspace_id', 'email'])
    .execute();
  await db.schema.createIndex('contact_email_contact').on('contact_email').columns(['contact_id']).execute();

  await db.schema
    .createTable('ticket')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspace.id'))
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('priority', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('requester_id', 'text', (c) => c.notNull().references('contact.id'))
    .addColumn('organisation_id', 'text', (c) => c.references('organisation.id'))
    .addColumn('assignee_id', 'text', (c) => c.references('staff_user.id'))
    .addColumn('team_id', 'text', (c) => c.references('team.id'))
    .addColumn('tags', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('custom_fields', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addColumn('first_response_at', ts)
    .addColumn('solved_at', ts)
    .addColumn('closed_at', ts)
    .addColumn('last_customer_message_at', ts)
    .addColumn('last_agent_message_at', ts)
    .addColumn('sla_policy_id', 'text')
    .addColumn('first_response_due_at', ts)
    .addColumn('next_response_due_at', ts)
    .addColumn('resolution_due_at', ts)
    .addColumn('sla_breached_at', ts)
    .addColumn('sla_state', 'text')
    .addColumn('escalation_tier', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('ticket_workspace_number').unique().on('ticket').columns(['workspace_id', 'number']).execute();
  // One index per list the API serves, each ending in the keyset (sort column, id).
  const listIndexes: Record<string, string[]> = {
    ticket_created: ['workspace_id', 'created_at', 'id'],
    ticket_updated: ['workspace_id', 'updated_at', 'id'],
    ticket_status_created: ['workspace_id', 'status', 'created_at', 'id'],
    ticket_team_status_created: ['workspace_id', 'team_id', 'status', 'created_at', 'id'],
    ticket_assignee_status_created: ['workspace_id', 'assignee_id', 'status', 'created_at', 'id'],
    ticket_requester_created: ['workspace_id', 'requester_id', 'created_at', 'id'],
    ticket_organisation_created: ['workspace_id', 'organisation_id', 'created_at', 'id'],
    ticket_priority_created: ['workspace_id', 'priority', 'created_at', 'id'],
    ticket_type_created: ['workspace_id', 'type', 'created_at', 'id'],
  };
  for (const [name, columns] of Object.entries(listIndexes)) {
    await db.schema.createIndex(name).on('ticket').columns(columns).execute();
  }

  await db.schema
    .createTable('ticket_tag')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('ticket_id', 'text', (c) => c.notNull().references('ticket.id').onDelete('cascade'))
    .addColumn('tag', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('ticket_tag_pk', ['ticket_id', 'tag'])
    .execute();
  await db.schema.createIndex('ticket_tag_lookup').on('ticket_tag').columns(['workspace_id', 'tag', 'ticket_id']).execute();

  await db.schema
    .createTable('message')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('ticket_id', 'text', (c) => c.notNull().references('ticket.id').onDelete('cascade'))
    .addColumn('author_type', 'text', (c) => c.notNull())
    .addColumn('author_id', 'text')
    .addColumn('direction', 'text', (c) => c.notNull())
    .addColumn('is_internal', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('html', 'text')
    .addColumn('metadata', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('delivery_status', 'text')
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('message_ticket').on('message').columns(['ticket_id', 'created_at', 'id']).execute();

  await db.schema
    .createTable('blob')
    .addColumn('sha256', 'text', (c) => c.primaryKey())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('data', blobType(db))
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('attachment')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('ticket_id', 'text', (c) => c.notNull().references('ticket.id').onDelete('cascade'))
    .addColumn('message_id', 'text', (c) => c.notNull().references('message.id').onDelete('cascade'))
    .addColumn('filename', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('content_id', 'text')
    .addColumn('is_inline', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('attachment_message').on('attachment').columns(['message_id']).execute();
  await db.schema.createIndex('attachment_sha256').on('attachment').columns(['sha256']).execute();

  await db.schema
    .createTable('ticket_event')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('ticket_id', 'text', (c) => c.notNull().references('ticket.id').onDelete('cascade'))
    .addColumn('actor_type', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('field', 'text', (c) => c.notNull())
    .addColumn('old_value', 'text')
    .addColumn('new_value', 'text')
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('ticket_event_ticket').on('ticket_event').columns(['ticket_id', 'created_at', 'id']).execute();

  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('target_type', 'text')
    .addColumn('target_id', 'text')
    .addColumn('details', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('ip', 'text')
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('audit_log_workspace_created').on('audit_log').columns(['workspace_id', 'created_at', 'id']).execute();

  await db.schema
    .createTable('api_token')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull().references('staff_user.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('prefix', 'text', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('last_used_at', ts)
    .addColumn('revoked_at', ts)
    .execute();
  await db.schema.createIndex('api_token_user').on('api_token').columns(['user_id']).execute();

  await db.schema
    .createTable('session')
    .addColumn('id_hash', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull().references('staff_user.id').onDelete('cascade'))
    .addColumn('csrf_token', 'text', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('expires_at', ts, (c) => c.notNull())
    .addColumn('ip', 'text')
    .addColumn('user_agent', 'text')
    .execute();
  await db.schema.createIndex('session_user').on('session').columns(['user_id']).execute();

  await db.schema
    .createTable('login_attempt')
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('login_attempt_key').on('login_attempt').columns(['key', 'created_at']).execute();

  await db.schema
    .createTable('outbox')
    .addColumn('id', ...serialPrimaryKey(db))
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('aggregate_id', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('available_at', ts, (c) => c.notNull())
    .addColumn('lease_until', ts)
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('delivered_at', ts)
    .addColumn('last_error', 'text')
    .execute();
  // Only undelivered events are ever scanned: keep that index small as the log grows.
  await db.schema
    .createIndex('outbox_pending')
    .on('outbox')
    .columns(['id'])
    .where(sql.ref('delivered_at'), 'is', null)
    .execute();
  await db.schema
    .createIndex('outbox_pending_aggregate')
    .on('outbox')
    .columns(['aggregate_id', 'id'])
    .where(sql.ref('delivered_at'), 'is', null)
    .execute();

  await createSearchTables(db);
}

// biome-ignore lint/suspicious/noExplicitAny: see above.
export async function down(_db: Kysely<any>) {
  throw new Error('The foundation migration cannot be reverted; restore a backup instead.');
}
