import type { Executor, OrganisationTable } from '../../db/types.ts';

export const findOrganisation = (db: Executor, workspaceId: string, id: string) =>
  db.selectFrom('organisation').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();

export const findOrganisationByDomain = (db: Executor, workspaceId: string, domain: string) =>
  db
    .selectFrom('organisation_domain as d')
    .innerJoin('organisation as o', 'o.id', 'd.organisation_id')
    .selectAll('o')
    .where('d.workspace_id', '=', workspaceId)
    .where('d.domain', '=', domain)
    .executeTakeFirst();

export const findOrganisationsByIds = (db: Executor, workspaceId: string, ids: string[]) =>
  ids.length
    ? db.selectFrom('organisation').selectAll().where('workspace_id', '=', workspaceId).where('id', 'in', ids).execute()
    : Promise.resolve([]);

export function listOrganisations(
  db: Executor,
  workspaceId: string,
  options: { limit: number; q?: string; tier?: string; ids?: string[]; after?: { name: string; id: string } },
) {
  let query = db
    .selectFrom('organisation')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .orderBy('name')
    .orderBy('id')
    .limit(options.limit + 1);
  if (options.q) query = query.where('name', '>=', options.q).where('name', '<', `${options.q}\u{10FFFF}`);
  if (options.tier) query = query.where('tier', '=', options.tier);
  if (options.ids) query = query.where('id', 'in', options.ids.length ? options.ids : ['']);
  if (options.after) {
    const { name, id } = options.after;
    query = query.where((eb) => eb(eb.refTuple('name', 'id'), '>', eb.tuple(name, id)));
  }
  return query.execute();
}

export const insertOrganisation = (db: Executor, row: OrganisationTable) => db.insertInto('organisation').values(row).execute();

export const updateOrganisation = (db: Executor, workspaceId: string, id: string, changes: Partial<OrganisationTable>) =>
  db.updateTable('organisation').set(changes).where('workspace_id', '=', workspaceId).where('id', '=', id).execute();

export const findDomainOwners = (db: Executor, workspaceId: string, domains: string[]) =>
  domains.length
    ? db.selectFrom('organisation_domain').selectAll().where('workspace_id', '=', workspaceId).where('domain', 'in', domains).execute()
    : Promise.resolve([]);

export async function replaceDomains(db: Executor, workspaceId: string, organisationId: string, domains: string[]) {
  await db.deleteFrom('organisation_domain').where('organisation_id', '=', organisationId).execute();
  if (domains.length) {
    await db
      .insertInto('organisation_domain')
      .values(domains.map((domain) => ({ workspace_id: workspaceId, domain, organisation_id: organisationId })))
      .execute();
  }
}
