import type { Kysely } from 'kysely';
import { byteOrderText, maxBindParameters } from '../dialect.ts';

// Frozen once released: later changes go into new migrations.
// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the evolving Database type.
export async function up(db: Kysely<any>) {
  // Contact search as you type: one row per word of a contact's name and per email address, so a
  // prefix of any of them is a range read of the primary key (see contacts/search-terms.ts).
  await db.schema
    .createTable('contact_search_term')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('term', byteOrderText(db), (c) => c.notNull())
    .addColumn('contact_id', 'text', (c) => c.notNull().references('contact.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('contact_search_term_pk', ['workspace_id', 'term', 'contact_id'])
    .execute();
  await db.schema.createIndex('contact_search_term_contact').on('contact_search_term').column('contact_id').execute();

  // The contact timeline reads the public messages of the contact's tickets (ticket_requester_created,
  // then message_ticket per ticket): the existing indexes serve it, nothing to add there.

  await backfillContactSearchTerms(db);
}

/** Existing contacts get their terms here, a thousand at a time in keyset order. */
// biome-ignore lint/suspicious/noExplicitAny: see above.
export async function backfillContactSearchTerms(db: Kysely<any>) {
  const perStatement = Math.floor(maxBindParameters(db) / 3);
  let after = '';
  for (;;) {
    const contacts: Array<{ id: string; workspace_id: string; name: string; emails: string }> = await db
      .selectFrom('contact')
      .select(['id', 'workspace_id', 'name', 'emails'])
      .where('id', '>', after)
      .orderBy('id')
      .limit(1000)
      .execute();
    if (!contacts.length) break;
    const rows = contacts.flatMap((contact) =>
      contactSearchTerms(contact.name, JSON.parse(contact.emails) as string[]).map((term) => ({
        workspace_id: contact.workspace_id,
        term,
        contact_id: contact.id,
      })),
    );
    for (let i = 0; i < rows.length; i += perStatement) {
      await db
        .insertInto('contact_search_term')
        .values(rows.slice(i, i + perStatement))
        .execute();
    }
    after = contacts[contacts.length - 1].id;
  }
}

/**
 * The terms of a contact as this migration wrote them: a copy of modules/contacts/search-terms.ts
 * of the time, so that later changes there cannot change what this migration does.
 */
function contactSearchTerms(name: string, emails: readonly string[]): string[] {
  const maxTermLength = 254;
  const foldText = (text: string) => text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
  const terms = new Set<string>();
  for (const word of foldText(name).split(/\s+/)) {
    if (!word) continue;
    terms.add(word.slice(0, maxTermLength));
    for (const part of word.match(/[\p{L}\p{N}]+/gu) ?? []) terms.add(part.slice(0, maxTermLength));
  }
  for (const email of emails) {
    const folded = foldText(email.trim());
    if (folded) terms.add(folded.slice(0, maxTermLength));
  }
  return [...terms].slice(0, 60);
}

// biome-ignore lint/suspicious/noExplicitAny: see above.
export async function down(db: Kysely<any>) {
  await db.schema.dropTable('contact_search_term').execute();
}
