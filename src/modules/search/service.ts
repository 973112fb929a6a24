import { type SearchDocument, type SearchPosition, indexTicketDocument, searchTicketIds } from '../../db/dialect.ts';
import type { Executor } from '../../db/types.ts';
import type { Actor } from '../../lib/actor.ts';
import { invalid } from '../../lib/errors.ts';
import type { ServiceContext } from '../../lib/service-context.ts';

type Position = SearchPosition;

const encodePosition = (position: Position) => Buffer.from(JSON.stringify(position)).toString('base64url');

function decodePosition(cursor: string | undefined): Position | undefined {
  if (!cursor) return undefined;
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (typeof value?.rowid === 'number' || (typeof value?.createdAt === 'number' && typeof value?.ticketId === 'string')) return value;
  } catch {
    // reported below
  }
  throw invalid('The cursor is not one this server issued', { cursor: 'invalid cursor' });
}

/** Full-text search over tickets, behind the dialect's adapter (FTS5 or tsvector). */
export function createSearchService({ db }: ServiceContext) {
  return {
    index: (tx: Executor, doc: SearchDocument) => indexTicketDocument(tx, doc),

    async findTicketIds(actor: Actor, query: string, limit: number, cursor?: string) {
      const hits = await searchTicketIds(db, actor.workspaceId, query, limit + 1, decodePosition(cursor));
      const page = hits.slice(0, limit);
      return {
        ticketIds: page.map((hit) => hit.ticketId),
        nextCursor: hits.length > limit ? encodePosition(page[page.length - 1].position) : null,
      };
    },
  };
}

export type SearchService = ReturnType<typeof createSearchService>;
