import { parentPort } from 'node:worker_threads';
import { AppError } from '../../lib/errors.ts';
import { parseEmailWithContent } from './parse.ts';

// The entry of the email parser's worker thread (see parse-off-thread.ts): parses each message it is
// sent and posts the result back under the message's id.
const port = parentPort;
if (!port) throw new Error('parse-worker.ts runs as a worker thread only');

port.on('message', async ({ id, raw }: { id: number; raw: Uint8Array }) => {
  try {
    const parsed = await parseEmailWithContent(Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength));
    // Large attachments own their memory, which is moved rather than copied; small ones may sit in
    // Node's shared Buffer pool, which must stay here.
    const owned = parsed.attachments.map((a) => a.content).filter((content) => content.byteOffset === 0 && content.byteLength === content.buffer.byteLength);
    port.postMessage({ id, parsed }, [...new Set(owned.map((content) => content.buffer as ArrayBuffer))]);
  } catch (error) {
    const { code, message, fields } = error as AppError;
    port.postMessage({ id, failure: error instanceof AppError ? { code, message, fields } : { message: (error as Error).message } });
  }
});
