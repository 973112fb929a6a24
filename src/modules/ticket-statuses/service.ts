import type { Executor, TicketStatusDefTable } from '../../db/types.ts';
import type { Actor } from '../../lib/actor.ts';
import { conflict, invalid, notFound } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import type { ServiceContext } from '../../lib/service-context.ts';
import { auditByActor } from '../audit/service.ts';
import type { StatusTarget } from '../tickets/structure.ts';
import * as repo from './repo.ts';
import type { CreateCustomStatusBody, CustomStatus, UpdateCustomStatusBody } from './schema.ts';

const BUILT_IN = new Set(['new', 'open', 'pending', 'on-hold', 'solved', 'closed']);

const toCustomStatus = (row: TicketStatusDefTable): CustomStatus => ({
  id: row.id,
  key: row.key,
  label: row.label,
  category: row.category,
  position: row.position,
  isActive: row.is_active === 1,
  createdAt: new Date(row.created_at).toISOString(),
  updatedAt: new Date(row.updated_at).toISOString(),
});

/** Custom statuses: a workspace's own labels, each mapped to a built-in category that the ticket's status keeps. */
/** The id of a record just created, for the audit entry. */
const idOf = (result: unknown) => (typeof result === 'object' && result !== null && 'id' in result ? String(result.id) : undefined);

export function createTicketStatusService({ db, clock }: ServiceContext) {
  async function mutate<T>(actor: Actor, action: string, targetId: string | null, work: (tx: Executor, now: number) => Promise<T>) {
    return db.transaction().execute(async (tx) => {
      const now = clock.now();
      const result = await work(tx, now.getTime());
      await auditByActor(tx, actor, { action, targetType: 'ticket_status', targetId: targetId ?? idOf(result) }, now);
      return result;
    });
  }

  async function requireDef(tx: Executor, actor: Actor, id: string) {
    const row = await repo.findStatusDef(tx, actor.workspaceId, id);
    if (!row) throw notFound('Custom status');
    return row;
  }

  return {
    async resolveStatus(tx: Executor, workspaceId: string, body: { status?: string; customStatus?: string | null }): Promise<StatusTarget> {
      if (body.customStatus === undefined) return body.status === undefined ? {} : { status: body.status, customStatus: null };
      if (body.customStatus === null) return { status: body.status, customStatus: null };
      const def = await repo.findStatusDefByKey(tx, workspaceId, body.customStatus);
      if (!def) throw invalid(`There is no custom status "${body.customStatus}"`, { customStatus: 'unknown custom status' });
      if (def.is_active !== 1) throw invalid(`The custom status "${def.key}" is inactive`, { customStatus: 'inactive custom status' });
      if (body.status !== undefined && body.status !== def.category) {
        throw invalid(`The custom status "${def.key}" belongs to ${def.category}, not ${body.status}`, { customStatus: `belongs to ${def.category}` });
      }
      return { status: def.category, customStatus: def.key };
    },

    async statusLabels(tx: Executor, workspaceId: string) {
      return new Map((await repo.listStatusDefs(tx, workspaceId)).map((row) => [row.key, row.label]));
    },

    list: async (actor: Actor) => (await repo.listStatusDefs(db, actor.workspaceId)).map(toCustomStatus),

    create: (actor: Actor, body: CreateCustomStatusBody) =>
      mutate(actor, 'ticket_status.created', null, async (tx, now) => {
        if (BUILT_IN.has(body.key)) throw invalid(`"${body.key}" is a built-in status`, { key: 'a built-in status' });
        if (await repo.findStatusDefByKey(tx, actor.workspaceId, body.key)) throw conflict(`A custom status "${body.key}" exists`, { key: 'already in use' });
        const row: TicketStatusDefTable = {
          id: newId(),
          workspace_id: actor.workspaceId,
          key: body.key,
          label: body.label.trim() || body.label,
          category: body.category,
          position: body.position ?? (await repo.maxStatusPosition(tx, actor.workspaceId)) + 10,
          is_active: body.isActive === false ? 0 : 1,
          created_at: now,
          updated_at: now,
        };
        await repo.insertStatusDef(tx, row);
        return toCustomStatus(row);
      }),

    update: (actor: Actor, id: string, body: UpdateCustomStatusBody) =>
      mutate(actor, 'ticket_status.changed', id, async (tx, now) => {
        const row = await requireDef(tx, actor, id);
        const changes: Partial<TicketStatusDefTable> = { updated_at: now };
        if (body.label !== undefined) changes.label = body.label.trim() || body.label;
        if (body.position !== undefined) changes.position = body.position;
        if (body.isActive !== undefined) changes.is_active = body.isActive ? 1 : 0;
        if (body.category !== undefined && body.category !== row.category) {
          // Tickets keep the category as their status: moving it under them would desynchronise both.
          if (await repo.isStatusInUse(tx, actor.workspaceId, row.key)) {
            throw conflict('Tickets have this status; create a new status for the other category instead', { category: 'status in use' });
          }
          changes.category = body.category;
        }
        await repo.updateStatusDef(tx, actor.workspaceId, id, changes);
        return toCustomStatus({ ...row, ...changes });
      }),

    remove: (actor: Actor, id: string) =>
      mutate(actor, 'ticket_status.deleted', id, async (tx) => {
        const row = await requireDef(tx, actor, id);
        if (await repo.isStatusInUse(tx, actor.workspaceId, row.key)) {
          throw conflict('Tickets have this status; deactivate it instead (isActive: false)');
        }
        await repo.deleteStatusDef(tx, actor.workspaceId, id);
      }),
  };
}

export type TicketStatusService = ReturnType<typeof createTicketStatusService>;
