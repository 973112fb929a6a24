import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/connect.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { fixedClock } from '../src/lib/clock.ts';
import { buildApp } from '../src/server/app.ts';
import { createLogger, requestLogLevel, resolveLogFormat } from '../src/server/logger.ts';
import { TEST_SECRET } from './harness.ts';

function capture() {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (chunk) => (text += chunk));
  return { stream, text: () => text };
}

describe('log format', () => {
  it('is readable at a terminal and JSON elsewhere, unless LOG_FORMAT says otherwise', () => {
    expect(resolveLogFormat(undefined, true)).toBe('pretty');
    expect(resolveLogFormat(undefined, false)).toBe('json');
    expect(resolveLogFormat('json', true)).toBe('json');
    expect(resolveLogFormat('pretty', false)).toBe('pretty');
  });

  it('writes short human lines in pretty format and one JSON object per line in json format', () => {
    const pretty = capture();
    createLogger({ logLevel: 'info', logFormat: 'pretty' }, { stream: pretty.stream, isTerminal: false }).logger.warn(
      { mailbox: 'support@example.com' },
      'IMAP polling failed',
    );
    expect(pretty.text()).toMatch(/^\[\d\d:\d\d:\d\d\] WARN: IMAP polling failed\n/);
    expect(pretty.text()).not.toContain('"level"');

    const json = capture();
    createLogger({ logLevel: 'info', logFormat: 'json' }, { stream: json.stream, isTerminal: false }).logger.warn('IMAP polling failed');
    expect(JSON.parse(json.text())).toMatchObject({ level: 40, msg: 'IMAP polling failed' });
  });

  it('never writes credentials', () => {
    const json = capture();
    createLogger({ logLevel: 'info', logFormat: 'json' }, { stream: json.stream, isTerminal: false }).logger.info(
      { req: { headers: { authorization: 'Bearer rpt_secret', cookie: 'rapport_session=s3cret', 'x-csrf-token': 'csrf' } } },
      'request',
    );
    expect(json.text()).not.toMatch(/rpt_secret|s3cret|csrf"/);
  });
});

describe('request log lines', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'rapport-log-'));
  const requestLine = async (format: 'json' | 'pretty', logLevel: 'info' | 'debug') => {
    const database = openDatabase({ dataDir });
    await migrateToLatest(database.db);
    const out = capture();
    const { logger } = createLogger({ logLevel, logFormat: format }, { stream: out.stream, isTerminal: false });
    const app = await buildApp({
      database,
      clock: fixedClock('2026-12-01T10:00:00Z'),
      secret: TEST_SECRET,
      logger,
      requestLogLevel: requestLogLevel(format),
    });
    await app.inject({ method: 'GET', url: '/api/health?probe=1' });
    await app.close();
    await database.close();
    return out.text();
  };

  it('logs one line per request at info in json format, with method, path, status and time', async () => {
    const lines = (await requestLine('json', 'info'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    const requests = lines.filter((line) => line.req);
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({ level: 30, req: { method: 'GET', url: '/api/health?probe=1' }, res: { statusCode: 200 } });
    expect(requests[0].msg).toMatch(/^GET \/api\/health 200 \d+ ms$/);
  });

  it('keeps requests out of a terminal at info and shows them at debug', async () => {
    expect(await requestLine('pretty', 'info')).not.toContain('/api/health');
    expect(await requestLine('pretty', 'debug')).toMatch(/DEBUG: GET \/api\/health 200 \d+ ms/);
    rmSync(dataDir, { recursive: true, force: true });
  });
});
