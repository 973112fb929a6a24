import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Executor } from '../../db/types.ts';
import { sha256 } from '../../lib/ids.ts';
import type { ServiceContext } from '../../lib/service-context.ts';

/**
 * Content-addressed blob storage. With SQLite the bytes go to files under the data directory
 * (written and fsynced before the row commits); with PostgreSQL they go into the database so
 * every Rapport process sees them.
 */
export function createBlobStore({ db, blobDir, clock }: ServiceContext) {
  const pathOf = (hash: string) => join(blobDir ?? '', hash.slice(0, 2), hash.slice(2, 4), hash);

  function writeFileDurably(hash: string, data: Buffer) {
    const target = pathOf(hash);
    if (existsSync(target)) return;
    mkdirSync(dirname(target), { recursive: true });
    const temporary = `${target}.${process.pid}.tmp`;
    writeFileSync(temporary, data, { flush: true });
    renameSync(temporary, target);
  }

  return {
    /** Stores the bytes (idempotent: the same content is stored once) inside the caller's transaction. */
    async put(tx: Executor, data: Buffer) {
      const hash = sha256(data);
      if (blobDir) writeFileDurably(hash, data);
      await tx
        .insertInto('blob')
        .values({ sha256: hash, size: data.length, data: blobDir ? null : data, created_at: clock.now().getTime() })
        .onConflict((oc) => oc.column('sha256').doNothing())
        .execute();
      return { sha256: hash, size: data.length };
    },

    /**
     * Removes the blobs among `hashes` that no attachment and no stored email refers to any more,
     * inside the caller's transaction (which has just removed those references); returns how many.
     * On SQLite the files go inside the transaction too: use cases take turns on the one writer
     * connection, so an upload of the same bytes cannot slip in between the check and the unlink
     * (`put` skips writing a file that exists). Should the transaction then roll back, the rows
     * come back without their files: the next retention run removes them again.
     */
    async removeUnreferenced(tx: Executor, hashes: string[]) {
      const candidates = [...new Set(hashes)];
      if (candidates.length === 0) return 0;
      const [attached, stored] = await Promise.all([
        tx.selectFrom('attachment').select('sha256').where('sha256', 'in', candidates).execute(),
        tx.selectFrom('inbound_email').select('sha256').where('sha256', 'in', candidates).execute(),
      ]);
      const referenced = new Set([...attached, ...stored].map((row) => row.sha256));
      const unused = candidates.filter((hash) => !referenced.has(hash));
      if (unused.length === 0) return 0;
      await tx.deleteFrom('blob').where('sha256', 'in', unused).execute();
      if (blobDir) for (const hash of unused) rmSync(pathOf(hash), { force: true });
      return unused.length;
    },

    async get(hash: string): Promise<Buffer | undefined> {
      if (blobDir) {
        try {
          return readFileSync(pathOf(hash));
        } catch {
          return undefined;
        }
      }
      const row = await db.selectFrom('blob').select('data').where('sha256', '=', hash).executeTakeFirst();
      return row?.data ?? undefined;
    },
  };
}

export type BlobStore = ReturnType<typeof createBlobStore>;
