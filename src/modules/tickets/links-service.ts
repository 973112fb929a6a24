import type { Executor, TicketLinkTable } from '../../db/types.ts';
import type { Actor } from '../../lib/actor.ts';
import { type AppError, conflict, invalid, notFound } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import type { ServiceContext } from '../../lib/service-context.ts';
import { recordEvents } from '../outbox/service.ts';
import { ticketEvent } from './history.ts';
import { assertNotMerged } from './merged.ts';
import * as repo from './repo.ts';
import * as links from './structure-repo.ts';
import type { CreateLinkBody, LinkRelation, TicketLink } from './structure-schema.ts';

type Stored = Pick<TicketLinkTable, 'from_ticket_id' | 'to_ticket_id' | 'kind'>;

const INVERSE: Record<LinkRelation, LinkRelation> = {
  related: 'related',
  'duplicate-of': 'duplicated-by',
  'duplicated-by': 'duplicate-of',
  'parent-of': 'child-of',
  'child-of': 'parent-of',
};

/**
 * How a relation seen from `self` is stored: related once with the smaller id first (it is
 * symmetric); duplicate from the duplicate to the original; parent-child from the parent to the child.
 */
export function storedLink(self: string, other: string, relation: LinkRelation): Stored {
  switch (relation) {
    case 'related':
      return self < other ? { from_ticket_id: self, to_ticket_id: other, kind: 'related' } : { from_ticket_id: other, to_ticket_id: self, kind: 'related' };
    case 'duplicate-of':
      return { from_ticket_id: self, to_ticket_id: other, kind: 'duplicate' };
    case 'duplicated-by':
      return { from_ticket_id: other, to_ticket_id: self, kind: 'duplicate' };
    case 'parent-of':
      return { from_ticket_id: self, to_ticket_id: other, kind: 'parent-child' };
    case 'child-of':
      return { from_ticket_id: other, to_ticket_id: self, kind: 'parent-child' };
  }
}

/** The relation a stored link has from `self`'s point of view. */
export function relationFrom(self: string, link: Stored): LinkRelation {
  const outgoing = link.from_ticket_id === self;
  if (link.kind === 'related') return 'related';
  if (link.kind === 'duplicate') return outgoing ? 'duplicate-of' : 'duplicated-by';
  return outgoing ? 'parent-of' : 'child-of';
}

/** Links between tickets: related, duplicate, parent/child. */
export function createLinkService({ db, clock, afterCommit }: ServiceContext) {
  /** Why the link may not be added, or undefined; `fields` name the request field. */
  async function refusal(tx: Executor, workspaceId: string, link: Stored): Promise<AppError | undefined> {
    if (link.from_ticket_id === link.to_ticket_id) return invalid('A ticket cannot be linked to itself', { ticketId: 'the same ticket' });
    if (await links.findLinkTriple(tx, workspaceId, link.from_ticket_id, link.to_ticket_id, link.kind)) {
      return conflict('The tickets are linked that way already', { ticketId: 'already linked' });
    }
    if (link.kind === 'duplicate' && (await links.findLinkTriple(tx, workspaceId, link.to_ticket_id, link.from_ticket_id, 'duplicate'))) {
      return conflict('The other ticket is already marked as a duplicate of this one', { relation: 'the reverse exists' });
    }
    if (link.kind === 'parent-child') {
      if (await links.findParentLink(tx, workspaceId, link.to_ticket_id)) return conflict('The child ticket has a parent already', { relation: 'already has a parent' });
      // Walk up from the parent: meeting the child would close a loop.
      let ancestor: string | undefined = link.from_ticket_id;
      for (let depth = 0; ancestor && depth < 100; depth++) {
        if (ancestor === link.to_ticket_id) return conflict('The link would make a ticket its own ancestor', { relation: 'creates a cycle' });
        ancestor = (await links.findParentLink(tx, workspaceId, ancestor))?.from_ticket_id;
      }
    }
    return undefined;
  }

  const insert = async (tx: Executor, actor: Actor, link: Stored, createdAt: number, createdBy: string | null) => {
    const row: TicketLinkTable = { id: newId(), workspace_id: actor.workspaceId, ...link, created_at: createdAt, created_by: createdBy };
    await links.insertLink(tx, row);
    return row;
  };

  /** Loads and locks both tickets in id order (two requests on the same pair must not deadlock). */
  async function lockPair(tx: Executor, actor: Actor, selfId: string, otherId: string) {
    const locked = new Map<string, repo.TicketRow | undefined>();
    for (const id of [selfId, otherId].sort()) locked.set(id, await repo.findTicketForUpdate(tx, actor.workspaceId, id));
    const self = locked.get(selfId);
    if (!self) throw notFound('Ticket');
    const other = locked.get(otherId);
    if (!other) throw invalid('The ticket to link does not exist in this workspace', { ticketId: 'unknown ticket' });
    return { self, other };
  }

  async function toLinks(tx: Executor, actor: Actor, selfId: string, rows: TicketLinkTable[]): Promise<TicketLink[]> {
    const otherIds = rows.map((row) => (row.from_ticket_id === selfId ? row.to_ticket_id : row.from_ticket_id));
    const others = new Map((await repo.findTicketsByIds(tx, actor.workspaceId, [...new Set(otherIds)])).map((t) => [t.id, t]));
    return rows.flatMap((row, index) => {
      const other = others.get(otherIds[index]);
      if (!other) return [];
      return [{
        id: row.id,
        relation: relationFrom(selfId, row),
        ticket: { id: other.id, number: other.number, subject: other.subject, status: other.status, mergedIntoId: other.merged_into_id },
        createdAt: new Date(row.created_at).toISOString(),
        createdBy: row.created_by,
      }];
    });
  }

  const history = (actor: Actor, selfId: string, otherId: string, relation: LinkRelation, numbers: { self: number; other: number }, now: number, removed = false) => {
    const mine = `${relation} #${numbers.other}`;
    const theirs = `${INVERSE[relation]} #${numbers.self}`;
    return [
      ticketEvent(actor, selfId, 'link', removed ? mine : null, removed ? null : mine, now),
      ticketEvent(actor, otherId, 'link', removed ? theirs : null, removed ? null : theirs, now),
    ];
  };

  return {
    async list(actor: Actor, ticketId: string): Promise<TicketLink[]> {
      if (!(await repo.findTicket(db, actor.workspaceId, ticketId))) throw notFound('Ticket');
      return toLinks(db, actor, ticketId, await links.listLinksOf(db, actor.workspaceId, ticketId));
    },

    async add(actor: Actor, ticketId: string, body: CreateLinkBody): Promise<TicketLink> {
      const link = await db.transaction().execute(async (tx) => {
        const { self, other } = await lockPair(tx, actor, ticketId, body.ticketId);
        assertNotMerged(self);
        if (other.merged_into_id) throw conflict('The other ticket was merged; link the ticket it was merged into', { ticketId: 'merged ticket' });
        const stored = storedLink(self.id, other.id, body.relation as LinkRelation);
        const problem = await refusal(tx, actor.workspaceId, stored);
        if (problem) throw problem;
        const now = clock.now().getTime();
        const row = await insert(tx, actor, stored, now, actor.via === 'system' ? null : actor.userId);
        await repo.insertTicketEvents(tx, history(actor, self.id, other.id, body.relation as LinkRelation, { self: self.number, other: other.number }, now));
        await recordEvents(
          tx,
          [{ workspaceId: actor.workspaceId, aggregateId: self.id, type: 'ticket.linked', payload: { ticketId: self.id, linkId: row.id, relation: body.relation as LinkRelation, otherTicketId: other.id } }],
          new Date(now),
        );
        return (await toLinks(tx, actor, self.id, [row]))[0];
      });
      afterCommit();
      return link;
    },

    async remove(actor: Actor, ticketId: string, linkId: string) {
      await db.transaction().execute(async (tx) => {
        const self = await repo.findTicket(tx, actor.workspaceId, ticketId);
        const row = await links.findLink(tx, actor.workspaceId, linkId);
        if (!self || !row || (row.from_ticket_id !== ticketId && row.to_ticket_id !== ticketId)) throw notFound('Link');
        const otherId = row.from_ticket_id === ticketId ? row.to_ticket_id : row.from_ticket_id;
        const other = await repo.findTicket(tx, actor.workspaceId, otherId);
        const now = clock.now().getTime();
        await links.deleteLink(tx, actor.workspaceId, linkId);
        const relation = relationFrom(ticketId, row);
        await repo.insertTicketEvents(tx, history(actor, ticketId, otherId, relation, { self: self.number, other: other?.number ?? 0 }, now, true));
        await recordEvents(
          tx,
          [{ workspaceId: actor.workspaceId, aggregateId: ticketId, type: 'ticket.unlinked', payload: { ticketId, linkId, relation, otherTicketId: otherId } }],
          new Date(now),
        );
      });
      afterCommit();
    },

    /** Links a new ticket to another inside the caller's transaction (split), without checks: it has no links yet. */
    link: (tx: Executor, actor: Actor, selfId: string, otherId: string, relation: LinkRelation, now: number) =>
      insert(tx, actor, storedLink(selfId, otherId, relation), now, actor.via === 'system' ? null : actor.userId),

    /**
     * Merge: the source's links move to the survivor. A link between the two disappears (the merge
     * records that relation), and one the survivor cannot take (a second parent, a loop, a
     * duplicate) is dropped. Returns how many moved.
     */
    async moveLinks(tx: Executor, actor: Actor, sourceId: string, targetId: string) {
      let moved = 0;
      for (const row of await links.listLinksOf(tx, actor.workspaceId, sourceId)) {
        await links.deleteLink(tx, actor.workspaceId, row.id);
        const otherId = row.from_ticket_id === sourceId ? row.to_ticket_id : row.from_ticket_id;
        if (otherId === targetId) continue;
        const stored = storedLink(targetId, otherId, relationFrom(sourceId, row));
        if (await refusal(tx, actor.workspaceId, stored)) continue;
        await insert(tx, actor, stored, row.created_at, row.created_by);
        moved++;
      }
      return moved;
    },
  };
}

export type LinkService = ReturnType<typeof createLinkService>;
