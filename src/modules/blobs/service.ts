import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
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
