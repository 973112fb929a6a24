import { Worker } from 'node:worker_threads';
import { AppError, type ProblemCode } from '../../lib/errors.ts';
import { type ParsedEmailWithContent, parseEmailWithContent } from './parse.ts';

/**
 * Messages at least this large are parsed in the worker thread. Below it the main thread is held
 * for no more than ~15 ms, while a 24 MB message held it for 300 ms and more (bench/email-parse.ts).
 */
export const OFF_THREAD_BYTES = 1024 * 1024;

type WorkerAnswer =
  | { parsed: ParsedEmailWithContent }
  | { failure: { message: string; code?: ProblemCode; fields?: Record<string, string> } };

// In the bundle bin/rapport.js builds, the worker is the parse-worker.js entry beside this chunk.
// Under tsx or vitest the worker is TypeScript source too, and the thread registers tsx's loader
// itself first (Node 20 applies neither the parent's loader nor an --import in execArgv to a worker).
function startWorker() {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./parse-worker.js', import.meta.url));
  const tsxApi = JSON.stringify(import.meta.resolve('tsx/esm/api'));
  const entry = JSON.stringify(new URL('./parse-worker.ts', import.meta.url).href);
  return new Worker(`import(${tsxApi}).then(({ register }) => { register(); return import(${entry}); });`, { eval: true });
}

/**
 * One long-lived thread, started on first use: a fresh thread per message would pay ~200 ms of
 * start-up and parse with cold code, 2–3 times slower. Idle, it does not keep the process alive.
 */
interface ParserThread {
  worker: Worker;
  pending: Map<number, { resolve: (answer: WorkerAnswer) => void; reject: (error: Error) => void }>;
}
let thread: ParserThread | undefined;
let nextId = 0;

function parserThread(): ParserThread {
  if (thread) return thread;
  const worker = startWorker();
  const pending: ParserThread['pending'] = new Map();
  const current = { worker, pending };
  const fail = (error: Error) => {
    if (thread === current) thread = undefined; // the next message starts a new thread
    for (const waiting of pending.values()) waiting.reject(error);
    pending.clear();
  };
  worker.on('message', ({ id, ...answer }: WorkerAnswer & { id: number }) => {
    pending.get(id)?.resolve(answer);
    pending.delete(id);
    if (!pending.size) worker.unref();
  });
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`The email parser thread stopped (exit code ${code})`)));
  thread = current;
  return current;
}

function parseInThread(raw: Buffer) {
  const { worker, pending } = parserThread();
  const id = nextId++;
  // A copy moved to the thread: the caller's Buffer (maybe a slice of a shared pool) stays usable.
  const bytes = new Uint8Array(raw);
  return new Promise<WorkerAnswer>((resolve, reject) => {
    pending.set(id, { resolve, reject });
    worker.ref(); // work in flight keeps the process alive
    worker.postMessage({ id, raw: bytes }, [bytes.buffer]);
  });
}

/** `parseEmailWithContent`, the same result and errors, without holding the event loop for a large message. */
export async function parseEmailOffThread(raw: Buffer, options: { offThreadBytes?: number } = {}): Promise<ParsedEmailWithContent> {
  if (raw.length < (options.offThreadBytes ?? OFF_THREAD_BYTES)) return parseEmailWithContent(raw);
  const answer = await parseInThread(raw);
  if ('failure' in answer) {
    const { code, message, fields } = answer.failure;
    throw code ? new AppError(code, message, fields) : new Error(message);
  }
  // Bytes cross the thread boundary as Uint8Array; the contract says Buffer.
  const attachments = answer.parsed.attachments.map((attachment) => ({
    ...attachment,
    content: Buffer.from(attachment.content.buffer, attachment.content.byteOffset, attachment.content.byteLength),
  }));
  return { ...answer.parsed, attachments };
}
