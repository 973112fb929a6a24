import type { Transaction } from 'kysely';
import type { Database } from '../../db/types.ts';
import type { Actor } from '../../lib/actor.ts';
import { AppError, invalid } from '../../lib/errors.ts';
import type { ServiceContext } from '../../lib/service-context.ts';
import * as repo from './repo.ts';
import type { Ticket, UpdateTicketBody } from './schema.ts';
import type { TicketService } from './service.ts';
import type { BulkChanges, BulkUpdateBody } from './structure-schema.ts';

const normaliseTag = (tag: string) => tag.trim().toLowerCase();

/** The PATCH body one ticket gets from a bulk change: tags are added to and removed from its own. */
export function patchFor(changes: BulkChanges, currentTags: string[]): UpdateTicketBody {
  const { addTags, removeTags, ...rest } = changes;
  if (!addTags && !removeTags) return rest;
  const removed = new Set((removeTags ?? []).map(normaliseTag));
  const tags = [...new Set([...currentTags, ...(addTags ?? []).map(normaliseTag)])].filter((tag) => !removed.has(tag));
  return { ...rest, tags };
}

/**
 * One change applied to many tickets with the rules of PATCH, in one transaction: all change or none
 * does. `ticketsIn(tx)` is the ticket service working inside that transaction (see joinTransaction).
 */
export function createBulkService({ db, afterCommit }: ServiceContext, deps: { ticketsIn: (tx: Transaction<Database>) => TicketService }) {

  return {
    async update(actor: Actor, body: BulkUpdateBody): Promise<Ticket[]> {
      const updated = await db.transaction().execute(async (tx) => {
        const tickets = deps.ticketsIn(tx);
        const known = new Set((await repo.findTicketsByIds(tx, actor.workspaceId, body.ids)).map((row) => row.id));
        const unknown = Object.fromEntries(body.ids.flatMap((id, index) => (known.has(id) ? [] : [[`ids.${index}`, 'unknown ticket']])));
        if (Object.keys(unknown).length) throw invalid('Some tickets do not exist in this workspace; nothing was changed', unknown);
        const byId = new Map<string, Ticket>();
        // Lock in id order, so that two bulk updates over the same tickets cannot deadlock.
        for (const id of [...body.ids].sort()) {
          const row = await repo.findTicketForUpdate(tx, actor.workspaceId, id);
          if (!row) throw invalid('A ticket disappeared meanwhile; nothing was changed', { [`ids.${body.ids.indexOf(id)}`]: 'unknown ticket' });
          try {
            byId.set(id, await tickets.update(actor, id, patchFor(body.changes, JSON.parse(row.tags))));
          } catch (error) {
            // Say which ticket refused, so the caller can fix or drop it and send the batch again.
            if (error instanceof AppError) throw new AppError(error.code, `Ticket #${row.number}: ${error.message}; nothing was changed`, { ...error.fields, [`ids.${body.ids.indexOf(id)}`]: error.message });
            throw error;
          }
        }
        return body.ids.map((id) => byId.get(id) as Ticket);
      });
      afterCommit();
      return updated;
    },
  };
}

export type BulkService = ReturnType<typeof createBulkService>;
