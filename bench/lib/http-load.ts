import http from 'node:http';
import { type LatencySummary, summarise } from './stats.ts';

export interface Response {
  status: number;
  body: string;
}

/** A keep-alive HTTP/1.1 client for one loopback server; `sockets` bounds the open connections. */
export function createClient(port: number, options: { sockets: number; token?: string; timeoutMs?: number }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.sockets });
  const authorization = options.token ? { authorization: `Bearer ${options.token}` } : {};
  function request(method: 'GET' | 'POST', path: string, body?: unknown): Promise<Response> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = http.request(
        {
          host: '127.0.0.1',
          port,
          method,
          path,
          agent,
          headers: {
            ...authorization,
            ...(payload === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }),
          },
          timeout: options.timeoutMs ?? 30_000,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new Error(`${method} ${path} timed out`)));
      req.on('error', reject);
      req.end(payload);
    });
  }
  return { request, close: () => agent.destroy() };
}

export type Client = ReturnType<typeof createClient>;

export interface LoadResult {
  concurrency: number;
  requests: number;
  errors: number;
  millis: number;
  perSecond: number;
  latencyMs: LatencySummary;
  /** The first unexpected answer, to tell a broken run from a slow one. */
  firstError?: string;
}

export interface LoadOptions {
  concurrency: number;
  /** Stops after this many requests… */
  maxRequests: number;
  /** …or after this long, whichever comes first. */
  maxMillis: number;
  /** Sends request number i; resolves to whether the answer was the expected one. */
  send: (i: number) => Promise<Response>;
  expectStatus: number;
  /** Requests sent (and not counted) before measuring, to warm connections, caches and the JIT. */
  warmup?: number;
}

/** `concurrency` closed-loop workers, each sending its next request when the previous answer arrived. */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const warmup = options.warmup ?? Math.min(50, options.maxRequests);
  for (let i = 0; i < warmup; i++) await options.send(-1 - i);
  const latencies: number[] = [];
  let issued = 0;
  let errors = 0;
  let firstError: string | undefined;
  const started = performance.now();
  const deadline = started + options.maxMillis;
  const worker = async () => {
    while (issued < options.maxRequests && performance.now() < deadline) {
      const i = issued++;
      const sent = performance.now();
      try {
        const response = await options.send(i);
        if (response.status !== options.expectStatus) {
          errors++;
          firstError ??= `${response.status} ${response.body.slice(0, 300)}`;
        }
      } catch (error) {
        errors++;
        firstError ??= (error as Error).message;
      }
      latencies.push(performance.now() - sent);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  const millis = performance.now() - started;
  return {
    concurrency: options.concurrency,
    requests: latencies.length,
    errors,
    millis: Math.round(millis),
    perSecond: Math.round((latencies.length / millis) * 1000),
    latencyMs: summarise(latencies),
    ...(firstError ? { firstError } : {}),
  };
}
