import type { Executor, OrganisationTable } from '../../db/types.ts';
import type { Actor } from '../../lib/actor.ts';
import { conflict, invalid, notFound } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { type Page, decodeCursor, pageLimit, toPage } from '../../lib/pagination.ts';
import type { ServiceContext } from '../../lib/service-context.ts';
import { auditByActor } from '../audit/service.ts';
import type { UserService } from '../users/service.ts';
import * as repo from './repo.ts';
import type { CreateOrganisationBody, ListOrganisationsQuery, Organisation, UpdateOrganisationBody } from './schema.ts';

export const toOrganisation = (row: OrganisationTable): Organisation => ({
  id: row.id,
  name: row.name,
  tier: row.tier as Organisation['tier'],
  accountManagerId: row.account_manager_id,
  domains: JSON.parse(row.domains),
  notes: row.notes,
  attributes: JSON.parse(row.attributes),
  createdAt: new Date(row.created_at).toISOString(),
  updatedAt: new Date(row.updated_at).toISOString(),
});

export function createOrganisationService({ db, clock }: ServiceContext, users: UserService) {
  async function checkAccountManager(actor: Actor, id: string | null | undefined) {
    if (id && (await users.countInWorkspace(actor, [id])) !== 1) {
      throw invalid('The account manager is not a staff user of this workspace', { accountManagerId: 'unknown user id' });
    }
  }

  async function checkDomainsFree(tx: Executor, actor: Actor, domains: string[], organisationId: string) {
    const taken = (await repo.findDomainOwners(tx, actor.workspaceId, domains)).filter((d) => d.organisation_id !== organisationId);
    if (taken.length) throw conflict(`The domain ${taken[0].domain} already belongs to another organisation`, { domains: 'already in use' });
  }

  const normaliseDomains = (domains: string[]) => [...new Set(domains.map((d) => d.trim().toLowerCase()))];

  return {
    async list(actor: Actor, query: ListOrganisationsQuery): Promise<Page<Organisation>> {
      const limit = pageLimit(query.limit);
      const cursor = decodeCursor(query.cursor);
      const rows = await repo.listOrganisations(db, actor.workspaceId, {
        limit,
        q: query.q,
        tier: query.tier,
        ids: query.ids?.split(',').map((id) => id.trim()).filter(Boolean).slice(0, 200),
        after: cursor ? { name: String(cursor.value), id: cursor.id } : undefined,
      });
      return toPage(rows, limit, toOrganisation, (row) => ({ value: row.name, id: row.id }));
    },

    async get(actor: Actor, id: string) {
      const row = await repo.findOrganisation(db, actor.workspaceId, id);
      if (!row) throw notFound('Organisation');
      return toOrganisation(row);
    },

    async create(actor: Actor, body: CreateOrganisationBody) {
      await checkAccountManager(actor, body.accountManagerId);
      return db.transaction().execute(async (tx) => {
        const now = clock.now();
        const domains = normaliseDomains(body.domains ?? []);
        const row: OrganisationTable = {
          id: newId(),
          workspace_id: actor.workspaceId,
          name: body.name.trim(),
          tier: body.tier ?? 'standard',
          account_manager_id: body.accountManagerId ?? null,
          domains: JSON.stringify(domains),
          notes: body.notes ?? null,
          attributes: JSON.stringify(body.attributes ?? {}),
          created_at: now.getTime(),
          updated_at: now.getTime(),
        };
        await checkDomainsFree(tx, actor, domains, row.id);
        await repo.insertOrganisation(tx, row);
        await repo.replaceDomains(tx, actor.workspaceId, row.id, domains);
        await auditByActor(tx, actor, { action: 'organisation.created', targetType: 'organisation', targetId: row.id }, now);
        return toOrganisation(row);
      });
    },

    async update(actor: Actor, id: string, body: UpdateOrganisationBody) {
      await checkAccountManager(actor, body.accountManagerId);
      return db.transaction().execute(async (tx) => {
        const row = await repo.findOrganisation(tx, actor.workspaceId, id);
        if (!row) throw notFound('Organisation');
        const now = clock.now();
        const changes: Partial<OrganisationTable> = { updated_at: now.getTime() };
        if (body.name !== undefined) changes.name = body.name.trim();
        if (body.tier !== undefined) changes.tier = body.tier;
        if (body.accountManagerId !== undefined) changes.account_manager_id = body.accountManagerId;
        if (body.notes !== undefined) changes.notes = body.notes;
        if (body.attributes !== undefined) changes.attributes = JSON.stringify(body.attributes);
        if (body.domains !== undefined) {
          const domains = normaliseDomains(body.domains);
          await checkDomainsFree(tx, actor, domains, id);
          await repo.replaceDomains(tx, actor.workspaceId, id, domains);
          changes.domains = JSON.stringify(domains);
        }
        await repo.updateOrganisation(tx, actor.workspaceId, id, changes);
        return toOrganisation({ ...row, ...changes });
      });
    },

    /** The organisation that owns an email address's domain, if any (new contacts join it). */
    async findByEmailDomain(tx: Executor, actor: Actor, email: string) {
      const domain = email.split('@')[1]?.toLowerCase();
      return domain ? repo.findOrganisationByDomain(tx, actor.workspaceId, domain) : undefined;
    },

    async getMany(tx: Executor, actor: Actor, ids: string[]) {
      return (await repo.findOrganisationsByIds(tx, actor.workspaceId, ids)).map(toOrganisation);
    },
  };
}

export type OrganisationService = ReturnType<typeof createOrganisationService>;
