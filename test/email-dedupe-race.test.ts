import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { eachDialect } from './harness.ts';
import { make } from './factories.ts';

/**
 * Two Rapport processes on one database receive the same message at the same moment, each through
 * its own relay (different Received lines, so different bytes): exactly one ticket comes of it.
 * Relayed to one mailbox, the intake keeps one copy; relayed to two mailboxes of the workspace, both
 * copies are stored and the two processors race to deliver them.
 */
const ROUNDS = 40;

interface Child {
  process: ChildProcess;
  send(round: number, to: string): Promise<void>;
}

function startChild(args: string[]): Child {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/intake-child.ts', ...args], { stdio: ['pipe', 'pipe', 'inherit'] });
  const waiting = new Map<number, { resolve(): void; reject(error: Error): void }>();
  createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
    const round = Number(line.replace(/^done /, ''));
    waiting.get(round)?.resolve();
    waiting.delete(round);
  });
  child.once('exit', (code) => {
    for (const [round, pending] of waiting) pending.reject(new Error(`intake child exited (${code}) in round ${round}`));
  });
  return {
    process: child,
    send: (round, to) =>
      new Promise<void>((resolve, reject) => {
        waiting.set(round, { resolve, reject });
        child.stdin?.write(`${JSON.stringify({ round, to })}\n`);
      }),
  };
}

eachDialect('one ticket per Message-ID across processes', (ctx) => {
  let children: Child[] = [];
  let support: string;
  let sales: string;
  let workspaceId: string;

  beforeAll(async () => {
    const { services, database } = ctx();
    const ws = await make.workspace(services);
    workspaceId = ws.id;
    support = `support-${ws.id.slice(-6)}@race.test`;
    sales = `sales-${ws.id.slice(-6)}@race.test`;
    await services.mailboxes.create(ws.admin, { address: support, name: 'Support' });
    await services.mailboxes.create(ws.admin, { address: sales, name: 'Sales' });
    await services.workspace.update(ws.admin, { settings: { email: { senderLimitPerHour: 10_000, autoAcknowledge: false } } });
    const args = (relay: string) => [database.dataDir, database.databaseUrl ?? '', database.schema ?? '', relay];
    children = [startChild(args('relay-a')), startChild(args('relay-b'))];
  });

  afterAll(async () => {
    for (const child of children) {
      const exited = new Promise((resolve) => child.process.once('exit', resolve));
      child.process.stdin?.end();
      await exited;
    }
  });

  async function race(first: number, to: [string, string]) {
    for (let round = first; round < first + ROUNDS; round++) {
      await Promise.all([children[0].send(round, to[0]), children[1].send(round, to[1])]);
    }
  }

  async function outcomes(first: number) {
    const { db } = ctx().database.handle;
    const tickets = await db.selectFrom('ticket').select('subject').where('workspace_id', '=', workspaceId).where('subject', 'like', 'Race %').execute();
    const messages = await db.selectFrom('message').select('email_message_id').where('workspace_id', '=', workspaceId).where('email_message_id', 'like', '<race-%').execute();
    const stored = await db.selectFrom('inbound_email').select(['dedupe_key', 'status', 'outcome']).where('workspace_id', '=', workspaceId).execute();
    const rounds = Array.from({ length: ROUNDS }, (_, i) => first + i);
    return {
      ticketsPerRound: rounds.map((round) => tickets.filter((t) => t.subject === `Race ${round}`).length),
      messagesPerRound: rounds.map((round) => messages.filter((m) => m.email_message_id === `<race-${round}@customer.test>`).length),
      storedPerRound: rounds.map((round) => stored.filter((row) => row.dedupe_key === `message-id:<race-${round}@customer.test>`)),
    };
  }

  it(`keeps one stored copy and one ticket when both relay to the same mailbox (${ROUNDS} races)`, async () => {
    await race(0, [support, support]);
    const result = await outcomes(0);
    expect(result.ticketsPerRound).toEqual(Array(ROUNDS).fill(1));
    expect(result.messagesPerRound).toEqual(Array(ROUNDS).fill(1));
    expect(result.storedPerRound.map((rows) => rows.map((row) => row.outcome))).toEqual(Array(ROUNDS).fill(['created']));
  }, 180_000);

  it(`delivers one ticket when the copies reach two mailboxes and two processors race (${ROUNDS} races)`, async () => {
    await race(ROUNDS, [support, sales]);
    const result = await outcomes(ROUNDS);
    expect(result.ticketsPerRound).toEqual(Array(ROUNDS).fill(1));
    expect(result.messagesPerRound).toEqual(Array(ROUNDS).fill(1));
    expect(result.storedPerRound.map((rows) => rows.map((row) => row.outcome).sort())).toEqual(Array(ROUNDS).fill(['created', 'duplicate']));
  }, 180_000);
});
