import { type Kysely, sql } from 'kysely';

// Frozen once released: later changes go into new migrations.
// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the evolving Database type.
export async function up(db: Kysely<any>) {
  // Dedupe by constraint, not by a read: one stored message per Message-ID per workspace and mailbox
  // (`message-id:<id>`), or per bytes when it has none (`sha256:<hash>`). The old key joined both
  // (`<id>|<sha256>`), so two deliveries of one message with different Received lines were both kept.
  await db.schema.dropIndex('inbound_email_dedupe').execute();
  await sql`update inbound_email set dedupe_key = case
      when length(dedupe_key) = 65 then 'sha256:' || sha256
      else 'message-id:' || substr(dedupe_key, 1, length(dedupe_key) - 65)
    end`.execute(db);
  // Copies stored before the constraint keep a key of their own; a resend matches the first copy.
  await sql`update inbound_email set dedupe_key = dedupe_key || '#' || id
    where exists (
      select 1 from inbound_email earlier
      where earlier.workspace_id = inbound_email.workspace_id and earlier.mailbox_id = inbound_email.mailbox_id
        and earlier.dedupe_key = inbound_email.dedupe_key
        and (earlier.received_at < inbound_email.received_at or (earlier.received_at = inbound_email.received_at and earlier.id < inbound_email.id))
    )`.execute(db);
  await db.schema
    .createIndex('inbound_email_dedupe')
    .unique()
    .on('inbound_email')
    .columns(['workspace_id', 'mailbox_id', 'dedupe_key'])
    .execute();
  // The failed (and retrying) messages an admin lists, newest first, without reading the whole log.
  await db.schema.createIndex('inbound_email_status').on('inbound_email').columns(['workspace_id', 'status', 'received_at', 'id']).execute();

  // One ticket message per email Message-ID in a workspace, so two processors delivering copies of
  // one message at the same moment cannot both commit. Earlier duplicates keep their text but give
  // up the Message-ID (the first message keeps threading for it).
  await sql`update message set email_message_id = null
    where email_message_id is not null and exists (
      select 1 from message earlier
      where earlier.workspace_id = message.workspace_id and earlier.email_message_id = message.email_message_id
        and (earlier.created_at < message.created_at or (earlier.created_at = message.created_at and earlier.id < message.id))
    )`.execute(db);
  await db.schema.dropIndex('message_email_message_id').execute();
  await db.schema.createIndex('message_email_message_id').unique().on('message').columns(['workspace_id', 'email_message_id']).execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see above.
export async function down(_db: Kysely<any>) {
  throw new Error('Migrations are not reverted; restore a backup instead.');
}
