import type { ServiceOfferingTable } from '../../db/types.ts';
import type { Actor } from '../../lib/actor.ts';
import { invalid, notFound } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import type { ServiceContext } from '../../lib/service-context.ts';
import { auditByActor } from '../audit/service.ts';
import { slaAdherenceByChannelAndPriority } from '../metrics/adherence.ts';
import { localDay } from '../metrics/rollup.ts';
import type { SlaService } from '../sla/service.ts';
import { CHANNELS } from '../tickets/channels.ts';
import { buildCharter } from './charter.ts';
import type { CreateServiceOfferingBody, ServiceOffering, UpdateServiceOfferingBody } from './schema.ts';

const DAY_MS = 86_400_000;

const toOffering = (row: ServiceOfferingTable): ServiceOffering => ({
  id: row.id,
  name: row.name,
  scope: row.scope,
  delivery: row.delivery,
  channels: JSON.parse(row.channels),
  slaPolicyId: row.sla_policy_id,
  entitlements: JSON.parse(row.entitlements),
  isPublic: row.is_public === 1,
  position: Number(row.position),
  createdAt: new Date(Number(row.created_at)).toISOString(),
  updatedAt: new Date(Number(row.updated_at)).toISOString(),
});

/** The service catalogue (admins keep it) and the public charter built from it and the live SLA configuration. */
export function createCharterService(
  { db, clock }: ServiceContext,
  deps: { sla: Pick<SlaService, 'listPolicies' | 'listCalendars'>; timeZone: (workspaceId: string) => Promise<string> },
) {
  const list = (workspaceId: string) =>
    db.selectFrom('service_offering').selectAll().where('workspace_id', '=', workspaceId).orderBy('position').orderBy('name').execute();

  async function checkPolicy(actor: Actor, policyId: string | null | undefined) {
    if (policyId && !(await deps.sla.listPolicies(actor)).some((policy) => policy.id === policyId)) {
      throw invalid('The SLA policy does not exist', { slaPolicyId: 'unknown policy' });
    }
  }
  async function checkName(actor: Actor, name: string, except?: string) {
    if ((await list(actor.workspaceId)).some((row) => row.name === name && row.id !== except))
      throw invalid('A service with this name exists', { name: 'taken' });
  }

  return {
    listOfferings: async (actor: Actor) => (await list(actor.workspaceId)).map(toOffering),

    async createOffering(actor: Actor, body: CreateServiceOfferingBody) {
      await checkPolicy(actor, body.slaPolicyId);
      await checkName(actor, body.name.trim());
      const now = clock.now().getTime();
      const row: ServiceOfferingTable = {
        id: newId(),
        workspace_id: actor.workspaceId,
        name: body.name.trim(),
        scope: body.scope,
        delivery: body.delivery ?? '',
        channels: JSON.stringify(body.channels ?? []),
        sla_policy_id: body.slaPolicyId ?? null,
        entitlements: JSON.stringify(body.entitlements ?? []),
        is_public: body.isPublic === false ? 0 : 1,
        position: body.position ?? (await list(actor.workspaceId)).length,
        created_at: now,
        updated_at: now,
      };
      await db.transaction().execute(async (tx) => {
        await tx.insertInto('service_offering').values(row).execute();
        await auditByActor(
          tx,
          actor,
          { action: 'service.created', targetType: 'service_offering', targetId: row.id, details: { name: row.name } },
          clock.now(),
        );
      });
      return toOffering(row);
    },

    async updateOffering(actor: Actor, id: string, body: UpdateServiceOfferingBody) {
      const row = await db
        .selectFrom('service_offering')
        .selectAll()
        .where('workspace_id', '=', actor.workspaceId)
        .where('id', '=', id)
        .executeTakeFirst();
      if (!row) throw notFound('Service');
      await checkPolicy(actor, body.slaPolicyId);
      if (body.name) await checkName(actor, body.name.trim(), id);
      const changes: Partial<ServiceOfferingTable> = {
        ...(body.name ? { name: body.name.trim() } : {}),
        ...(body.scope !== undefined ? { scope: body.scope } : {}),
        ...(body.delivery !== undefined ? { delivery: body.delivery } : {}),
        ...(body.channels ? { channels: JSON.stringify(body.channels) } : {}),
        ...(body.slaPolicyId !== undefined ? { sla_policy_id: body.slaPolicyId } : {}),
        ...(body.entitlements ? { entitlements: JSON.stringify(body.entitlements) } : {}),
        ...(body.isPublic !== undefined ? { is_public: body.isPublic ? 1 : 0 } : {}),
        ...(body.position !== undefined ? { position: body.position } : {}),
        updated_at: clock.now().getTime(),
      };
      await db.transaction().execute(async (tx) => {
        await tx.updateTable('service_offering').set(changes).where('id', '=', id).execute();
        await auditByActor(
          tx,
          actor,
          { action: 'service.changed', targetType: 'service_offering', targetId: id, details: { fields: Object.keys(body) } },
          clock.now(),
        );
      });
      return toOffering({ ...row, ...changes });
    },

    async removeOffering(actor: Actor, id: string) {
      await db.transaction().execute(async (tx) => {
        const deleted = await tx
          .deleteFrom('service_offering')
          .where('workspace_id', '=', actor.workspaceId)
          .where('id', '=', id)
          .executeTakeFirst();
        if (!Number(deleted.numDeletedRows)) throw notFound('Service');
        await auditByActor(
          tx,
          actor,
          { action: 'service.deleted', targetType: 'service_offering', targetId: id, details: {} },
          clock.now(),
        );
      });
    },

    /** The charter as of now: promises from the live configuration, adherence over the last 30 and 90 local days. */
    async charter(actor: Actor, workspaceName: string) {
      const [offerings, policies, calendars, timeZone] = await Promise.all([
        list(actor.workspaceId),
        deps.sla.listPolicies(actor),
        deps.sla.listCalendars(actor),
        deps.timeZone(actor.workspaceId),
      ]);
      const now = clock.now().getTime();
      const today = localDay(now, timeZone);
      const daysAgo = (days: number) => localDay(now - days * DAY_MS, timeZone);
      const [last30, last90] = await Promise.all([
        slaAdherenceByChannelAndPriority(db, actor.workspaceId, daysAgo(29), today),
        slaAdherenceByChannelAndPriority(db, actor.workspaceId, daysAgo(89), today),
      ]);
      const calendarById = new Map(calendars.map((calendar) => [calendar.id, calendar]));
      const policyName = new Map(policies.map((policy) => [policy.id, policy.name]));
      const publicOfferings = offerings.filter((row) => row.is_public === 1).map(toOffering);
      const used = new Set([
        ...publicOfferings.flatMap((offering) => offering.channels),
        ...last90.filter((row) => Object.values(row.clocks).some((clock) => clock.due > 0)).map((row) => row.channel),
      ]);
      const channels = CHANNELS.filter((channel) => used.has(channel) && channel !== 'api');
      return buildCharter({
        workspaceName,
        offerings: publicOfferings.map((offering) => ({
          ...offering,
          policyName: offering.slaPolicyId ? (policyName.get(offering.slaPolicyId) ?? null) : null,
        })),
        policies: policies
          .filter((policy) => policy.isActive)
          .map((policy) => {
            const calendar = policy.calendarId ? calendarById.get(policy.calendarId) : undefined;
            return {
              name: policy.name,
              conditions: policy.conditions,
              targets: policy.targets,
              calendar: calendar ? { name: calendar.name, definition: calendar.definition } : null,
            };
          }),
        channels: channels.length ? channels : ['email', 'portal'],
        adherence: { last30, last90 },
      });
    },
  };
}

export type CharterService = ReturnType<typeof createCharterService>;
