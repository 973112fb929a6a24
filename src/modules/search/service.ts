import { RELEVANCE_CANDIDATES, type SearchDocument, type SearchPosition, type SearchSort, indexTicketDocument, removeTicketDocuments, searchTicketIds } from '../../db/dialect.ts';
import type { Executor } from '../../db/types.ts';
import type { Actor } from '../../lib/actor.ts';
import { invalid } from '../../lib/errors.ts';
import type { ServiceContext } from '../../lib/service-context.ts';
import { unstorableTextProblem } from '../../lib/storable-text.ts';

type Position = SearchPosition;

const encodePosition = (position: Position) => Buffer.from(JSON.stringify(position)).toString('base64url');

/** A cursor is only good for the order that issued it. */
function decodePosition(cursor: string | undefined, sort: SearchSort): Position | undefined {
  if (!cursor) return undefined;
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    const newest = typeof value?.rowid === 'number' || (typeof value?.createdAt === 'number' && typeof value?.ticketId === 'string' && unstorableTextProblem(value.ticketId) === undefined);
    const ranked = Number.isInteger(value?.offset) && value.offset > 0 && value.offset <= RELEVANCE_CANDIDATES;
    if (sort === 'newest' ? newest : ranked) return value;
  } catch {
    // reported below
  }
  throw invalid('The cursor is not one this server issued for this order', { cursor: 'invalid cursor' });
}

/** Full-text search over tickets, behind the dialect's adapter (FTS5 or tsvector). */
export function createSearchService({ db }: ServiceContext) {
  return {
    index: (tx: Executor, doc: SearchDocument) => indexTicketDocument(tx, doc),

    /** Forgets tickets whose text was removed (retention), in the caller's transaction. */
    remove: (tx: Executor, ticketIds: string[]) => removeTicketDocuments(tx, ticketIds),

    async findTicketIds(actor: Actor, query: string, limit: number, cursor?: string, sort: SearchSort = 'newest') {
      const hits = await searchTicketIds(db, actor.workspaceId, query, limit + 1, decodePosition(cursor, sort), sort);
      const page = hits.slice(0, limit);
      const last = page[page.length - 1]?.position;
      const more = hits.length > limit && !(last && 'offset' in last && last.offset >= RELEVANCE_CANDIDATES);
      return {
        ticketIds: page.map((hit) => hit.ticketId),
        nextCursor: more ? encodePosition(last) : null,
      };
    },
  };
}

export type SearchService = ReturnType<typeof createSearchService>;
