import type { Executor } from '../../db/types.ts';
import { conflict } from '../../lib/errors.ts';
import * as repo from './repo.ts';

/** A merged ticket is a closed tombstone: work continues on the ticket it was merged into. */
export function assertNotMerged(row: { merged_into_id: string | null }) {
  if (row.merged_into_id !== null) {
    throw conflict('The ticket was merged into another ticket; work on that one instead', { mergedIntoId: row.merged_into_id });
  }
}

/** The ticket a merged ticket's conversation continues on (itself when not merged, or unknown). */
export async function survivorOf(db: Executor, workspaceId: string, ticketId: string) {
  let id = ticketId;
  // Merges chain when a survivor is merged again later; the bound only guards against bad data.
  for (let hops = 0; hops < 10; hops++) {
    const next = (await repo.findTicket(db, workspaceId, id))?.merged_into_id;
    if (!next) return id;
    id = next;
  }
  return id;
}
