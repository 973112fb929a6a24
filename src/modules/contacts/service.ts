import type { ContactTable, Executor } from '../../db/types.ts';
import type { Actor } from '../../lib/actor.ts';
import { conflict, invalid, notFound } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { type Page, decodeCursor, pageLimit, toPage } from '../../lib/pagination.ts';
import { isKnownTimeZone } from '../../lib/timezone.ts';
import type { ServiceContext } from '../../lib/service-context.ts';
import type { OrganisationService } from '../organisations/service.ts';
import * as repo from './repo.ts';
import type { Contact, CreateContactBody, ListContactsQuery, TimelineEntry, TimelineQuery, UpdateContactBody } from './schema.ts';
import { contactSearchTerms, searchQueryWords } from './search-terms.ts';
import { mergeNewestFirst, toFollowUpEntry, toTimelineEntry } from './timeline.ts';

export const toContact = (row: ContactTable): Contact => ({
  id: row.id,
  name: row.name,
  emails: JSON.parse(row.emails),
  phones: JSON.parse(row.phones),
  tier: row.tier as Contact['tier'],
  organisationId: row.organisation_id,
  language: row.language,
  timezone: row.timezone,
  consent: JSON.parse(row.consent),
  attributes: JSON.parse(row.attributes),
  createdAt: new Date(row.created_at).toISOString(),
  updatedAt: new Date(row.updated_at).toISOString(),
});

/** Email addresses compare case-insensitively in practice: store them lower-cased. */
export const normaliseEmail = (email: string) => email.trim().toLowerCase();

export function createContactService({ db, clock }: ServiceContext, organisations: OrganisationService) {
  async function checkEmailsFree(tx: Executor, actor: Actor, emails: string[], contactId: string) {
    const taken = (await repo.findEmailOwners(tx, actor.workspaceId, emails)).filter((e) => e.contact_id !== contactId);
    if (taken.length) throw conflict(`The email ${taken[0].email} already belongs to another contact`, { emails: 'already in use' });
  }

  async function checkReferences(tx: Executor, actor: Actor, body: UpdateContactBody) {
    if (body.organisationId && !(await organisations.getMany(tx, actor, [body.organisationId])).length) {
      throw invalid('The organisation does not exist in this workspace', { organisationId: 'unknown organisation' });
    }
    if (body.timezone && !isKnownTimeZone(body.timezone)) {
      throw invalid(`Unknown time zone "${body.timezone}"`, { timezone: 'not an IANA time zone' });
    }
  }

  /** Inserts a contact inside an open transaction; a new address joins the organisation owning its domain. */
  async function insert(tx: Executor, actor: Actor, body: CreateContactBody) {
    await checkReferences(tx, actor, body);
    const now = clock.now().getTime();
    const emails = [...new Set((body.emails ?? []).map(normaliseEmail))];
    const row: ContactTable = {
      id: newId(),
      workspace_id: actor.workspaceId,
      name: body.name.trim(),
      organisation_id: body.organisationId ?? null,
      tier: body.tier ?? 'standard',
      language: body.language ?? null,
      timezone: body.timezone ?? null,
      emails: JSON.stringify(emails),
      phones: JSON.stringify(body.phones ?? []),
      consent: JSON.stringify(body.consent ?? {}),
      attributes: JSON.stringify(body.attributes ?? {}),
      created_at: now,
      updated_at: now,
    };
    if (body.organisationId === undefined && emails.length) {
      const organisation = await organisations.findByEmailDomain(tx, actor, emails[0]);
      if (organisation) {
        row.organisation_id = organisation.id;
        if (body.tier === undefined) row.tier = organisation.tier;
      }
    }
    await checkEmailsFree(tx, actor, emails, row.id);
    await repo.insertContact(tx, row);
    await repo.replaceEmails(tx, actor.workspaceId, row.id, emails);
    await repo.replaceSearchTerms(tx, actor.workspaceId, row.id, contactSearchTerms(row.name, emails));
    return row;
  }

  return {
    async list(actor: Actor, query: ListContactsQuery): Promise<Page<Contact>> {
      const limit = pageLimit(query.limit);
      const cursor = decodeCursor(query.cursor);
      const rows = await repo.listContacts(db, actor.workspaceId, {
        limit,
        organisationId: query.organisationId,
        tier: query.tier,
        email: query.email ? normaliseEmail(query.email) : undefined,
        words: query.q ? searchQueryWords(query.q) : undefined,
        before: cursor ? { createdAt: Number(cursor.value), id: cursor.id } : undefined,
      });
      return toPage(rows, limit, toContact, (row) => ({ value: row.created_at, id: row.id }));
    },

    async get(actor: Actor, id: string) {
      const row = await repo.findContact(db, actor.workspaceId, id);
      if (!row) throw notFound('Contact');
      return toContact(row);
    },

    /**
     * The contact's interactions across channels, newest first: public messages on their tickets and
     * the "what we changed" notes of their closed follow-ups.
     */
    async timeline(actor: Actor, id: string, query: TimelineQuery): Promise<Page<TimelineEntry>> {
      if (!(await repo.findContact(db, actor.workspaceId, id))) throw notFound('Contact');
      const limit = pageLimit(query.limit);
      const cursor = decodeCursor(query.cursor);
      const before = cursor ? { createdAt: Number(cursor.value), id: cursor.id } : undefined;
      const [messages, notes] = await Promise.all([
        repo.listTimeline(db, actor.workspaceId, id, { limit, before }),
        repo.listFollowUpNotes(db, actor.workspaceId, id, { limit, before }),
      ]);
      const entries = mergeNewestFirst(
        messages.map((row) => ({ createdAt: Number(row.created_at), id: row.id, entry: () => toTimelineEntry(row) })),
        notes.map((row) => ({ createdAt: Number(row.closed_at), id: row.id, entry: () => toFollowUpEntry(row) })),
        limit + 1,
      );
      return toPage(entries, limit, (item) => item.entry(), (item) => ({ value: item.createdAt, id: item.id }));
    },

    create: (actor: Actor, body: CreateContactBody) =>
      db.transaction().execute(async (tx) => toContact(await insert(tx, actor, body))),

    update: (actor: Actor, id: string, body: UpdateContactBody) =>
      db.transaction().execute(async (tx) => {
        const row = await repo.findContact(tx, actor.workspaceId, id);
        if (!row) throw notFound('Contact');
        await checkReferences(tx, actor, body);
        const changes: Partial<ContactTable> = { updated_at: clock.now().getTime() };
        if (body.name !== undefined) changes.name = body.name.trim();
        if (body.tier !== undefined) changes.tier = body.tier;
        if (body.organisationId !== undefined) changes.organisation_id = body.organisationId;
        if (body.language !== undefined) changes.language = body.language;
        if (body.timezone !== undefined) changes.timezone = body.timezone;
        if (body.phones !== undefined) changes.phones = JSON.stringify(body.phones);
        if (body.consent !== undefined) changes.consent = JSON.stringify({ ...JSON.parse(row.consent), ...body.consent });
        if (body.attributes !== undefined) changes.attributes = JSON.stringify(body.attributes);
        if (body.emails !== undefined) {
          const emails = [...new Set(body.emails.map(normaliseEmail))];
          await checkEmailsFree(tx, actor, emails, id);
          await repo.replaceEmails(tx, actor.workspaceId, id, emails);
          changes.emails = JSON.stringify(emails);
        }
        await repo.updateContact(tx, actor.workspaceId, id, changes);
        const updated = { ...row, ...changes };
        if (changes.name !== undefined || changes.emails !== undefined) {
          await repo.replaceSearchTerms(tx, actor.workspaceId, id, contactSearchTerms(updated.name, JSON.parse(updated.emails)));
        }
        return toContact(updated);
      }),

    /** The contact with this address, created (with `name`) when there is none. */
    async findOrCreateByEmail(tx: Executor, actor: Actor, input: { email: string; name?: string; phone?: string }) {
      const email = normaliseEmail(input.email);
      const existing = await repo.findContactByEmail(tx, actor.workspaceId, email);
      if (existing) return existing;
      return insert(tx, actor, {
        name: input.name?.trim() || email.split('@')[0],
        emails: [email],
        phones: input.phone ? [input.phone] : [],
      });
    },

    findRow: (tx: Executor, actor: Actor, id: string) => repo.findContact(tx, actor.workspaceId, id),

    findRows: (tx: Executor, actor: Actor, ids: string[]) => repo.findContactsByIds(tx, actor.workspaceId, ids),
  };
}

export type ContactService = ReturnType<typeof createContactService>;
