import type { Writable } from 'node:stream';
import pino, { type Logger } from 'pino';
import type PinoPretty from 'pino-pretty';
import type { Config } from '../lib/config.ts';
import { lazyRequire } from '../lib/lazy-require.ts';
import { logSafeUrl } from '../lib/log-safe-url.ts';

export type LogFormat = 'json' | 'pretty';

/** pino-pretty only loads for a person at a terminal: services logging JSON never pay for it. */
const prettyStream = lazyRequire<typeof PinoPretty>('pino-pretty');

/** Short readable lines for a person at a terminal, JSON lines for log collectors (LOG_FORMAT overrides). */
export const resolveLogFormat = (configured: LogFormat | undefined, isTerminal: boolean): LogFormat =>
  configured ?? (isTerminal ? 'pretty' : 'json');

/** At a terminal a line per request drowns what matters; collectors want every request. */
export const requestLogLevel = (format: LogFormat) => (format === 'pretty' ? 'debug' : 'info');

// Credentials never reach the logs; a URL keeps its path without the secret in a survey link.
const redact = {
  paths: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-csrf-token"]', 'res.headers["set-cookie"]', 'req.url'],
  censor: (value: unknown, path: string[]) => (path.at(-1) === 'url' && typeof value === 'string' ? logSafeUrl(value) : '[Redacted]'),
};

export function createLogger(
  config: Pick<Config, 'logLevel' | 'logFormat'>,
  output: { stream: Writable; isTerminal: boolean } = { stream: process.stdout, isTerminal: process.stdout.isTTY === true },
): { logger: Logger; format: LogFormat } {
  const format = resolveLogFormat(config.logFormat, output.isTerminal);
  const options = { level: config.logLevel, redact };
  if (format === 'json') return { logger: pino(options, output.stream), format };
  const stream = prettyStream()({
    destination: output.stream,
    colorize: output.isTerminal,
    translateTime: 'SYS:HH:MM:ss',
    ignore: 'pid,hostname,reqId,req,res,responseTime',
    // Written at once: the last lines before an exit are not lost.
    sync: true,
  });
  return { logger: pino(options, stream), format };
}
