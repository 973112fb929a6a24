import { access, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { lockForUpdate } from '../../db/dialect.ts';
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
      // Looked for again inside the transaction: retention may have removed the file since `prepare`.
      written.delete(hash);
      await write(data, hash);
      // A no-op update rather than "do nothing" takes the row's lock: retention's removal waits for this commit.
      await tx
        .insertInto('blob')
        .values({ sha256: hash, size: data.length, data: blobDir ? null : data, created_at: clock.now().getTime() })
        .onConflict((oc) => oc.column('sha256').doUpdateSet({ sha256: hash }))
        .execute();
      return { sha256: hash, size: data.length };
    },

    /**
     * Removes the blobs among `hashes` that nothing refers to any more (attachments, stored emails,
     * knowledge-base attachments), inside the caller's transaction, which has just removed those
     * references; returns how many. The blob rows are locked first, and `put` takes the row's lock
     * too, so an upload of the same bytes either commits its reference before the check or finds
     * the row gone and stores it again. On SQLite the files go inside the transaction: use cases
     * take turns on the writer, and `put` looks for the file inside its own (writing it again if
     * it is gone). Should the transaction roll back after the unlink, the rows come back without
     * their files: the next retention run removes them again.
     */
    async removeUnreferenced(tx: Executor, hashes: string[]) {
      const candidates = [...new Set(hashes)];
      if (candidates.length === 0) return 0;
      await lockForUpdate(tx, tx.selectFrom('blob').select('sha256').where('sha256', 'in', candidates)).execute();
      const [attached, stored, published] = await Promise.all([
        tx.selectFrom('attachment').select('sha256').where('sha256', 'in', candidates).execute(),
        tx.selectFrom('inbound_email').select('sha256').where('sha256', 'in', candidates).execute(),
        tx.selectFrom('kb_attachment').select('sha256').where('sha256', 'in', candidates).execute(),
      ]);
      const referenced = new Set([...attached, ...stored, ...published].map((row) => row.sha256));
      const unused = candidates.filter((hash) => !referenced.has(hash));
      if (unused.length === 0) return 0;
      await tx.deleteFrom('blob').where('sha256', 'in', unused).execute();
      if (blobDir) {
        for (const hash of unused) {
          written.delete(hash);
          await rm(pathOf(hash), { force: true });
        }
      }
      return unused.length;
    },

    async get(hash: string): Promise<Buffer | undefined> {
      if (blobDir) return readFile(pathOf(hash)).catch(() => undefined);
      const row = await db.selectFrom('blob').select('data').where('sha256', '=', hash).executeTakeFirst();
      return row?.data ?? undefined;
    },
  };
}

export type BlobStore = ReturnType<typeof createBlobStore>;
