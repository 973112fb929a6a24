import { access, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Executor } from '../../db/types.ts';
import { sha256 } from '../../lib/ids.ts';
import type { ServiceContext } from '../../lib/service-context.ts';

/**
 * Content-addressed blob storage. With SQLite the bytes go to files under the data directory
 * (written and fsynced before the row commits); with PostgreSQL they go into the database so
 * every Rapport process sees them. File I/O is asynchronous: an fsync never holds the event loop.
 */
export function createBlobStore({ db, blobDir, clock }: ServiceContext) {
  const pathOf = (hash: string) => join(blobDir ?? '', hash.slice(0, 2), hash.slice(2, 4), hash);
  /** Writes in flight by hash: the same content arriving twice at once is written once. */
  const writing = new Map<string, Promise<void>>();
  /** Hashes whose files this process wrote lately: `put` after `prepare` need not look again. */
  const written = new Set<string>();
  let temporaries = 0;

  async function writeFileDurably(hash: string, data: Buffer) {
    const target = pathOf(hash);
    const exists = await access(target).then(
      () => true,
      () => false,
    );
    if (exists) return;
    await mkdir(dirname(target), { recursive: true });
    const temporary = `${target}.${process.pid}.${++temporaries}.tmp`;
    await writeFile(temporary, data, { flush: true });
    await rename(temporary, target);
  }

  /** The file of these bytes, durable once this resolves (nothing to do with PostgreSQL). */
  function write(data: Buffer, hash = sha256(data)) {
    if (!blobDir || written.has(hash)) return Promise.resolve();
    let pending = writing.get(hash);
    if (!pending) {
      pending = writeFileDurably(hash, data)
        .then(() => {
          if (written.size >= 10_000) written.clear();
          written.add(hash);
        })
        .finally(() => writing.delete(hash));
      writing.set(hash, pending);
    }
    return pending;
  }

  return {
    /**
     * Writes the bytes' file ahead of the transaction that records them (`put`), so the database
     * writer is not held while the file is fsynced. Optional: `put` writes what is not written yet.
     */
    async prepare(data: Buffer) {
      await write(data);
    },

    /** Stores the bytes (idempotent: the same content is stored once) inside the caller's transaction. */
    async put(tx: Executor, data: Buffer) {
      const hash = sha256(data);
      await write(data, hash);
      await tx
        .insertInto('blob')
        .values({ sha256: hash, size: data.length, data: blobDir ? null : data, created_at: clock.now().getTime() })
        .onConflict((oc) => oc.column('sha256').doNothing())
        .execute();
      return { sha256: hash, size: data.length };
    },

    async get(hash: string): Promise<Buffer | undefined> {
      if (blobDir) return readFile(pathOf(hash)).catch(() => undefined);
      const row = await db.selectFrom('blob').select('data').where('sha256', '=', hash).executeTakeFirst();
      return row?.data ?? undefined;
    },
  };
}

export type BlobStore = ReturnType<typeof createBlobStore>;
