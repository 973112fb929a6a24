import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/connect.ts';
import { createDispatcher } from '../src/modules/outbox/dispatcher.ts';
import type { DomainEvent } from '../src/modules/outbox/events.ts';
import { pendingEventCount, recordEvents } from '../src/modules/outbox/service.ts';
import { make } from './factories.ts';
import { eachDialect } from './harness.ts';

const run = promisify(execFile);

eachDialect('outbox', (ctx) => {
  it('commits events with the change and delivers them once, in order per ticket', async () => {
    const { services, database, clock } = ctx();
    const ws = await make.workspace(services);
    const ticket = await make.ticket(services, ws.admin);
    await services.tickets.update(ws.admin, ticket.id, { status: 'open' });
    await services.messages.add(ws.admin, ticket.id, { text: 'On it' });
    const delivered: DomainEvent[] = [];
    const dispatcher = createDispatcher({ db: database.handle.db, clock });
    dispatcher.subscribe('*', (event) => {
      if (event.aggregateId === ticket.id) delivered.push(event);
    });
    await dispatcher.drain();
    expect(delivered.map((e) => e.type)).toEqual(['ticket.created', 'message.created', 'ticket.updated', 'message.created']);
    expect(delivered.map((e) => e.id)).toEqual([...delivered.map((e) => e.id)].sort((a, b) => a - b));
    await dispatcher.drain();
    expect(delivered).toHaveLength(4);
    expect(await pendingEventCount(database.handle.db)).toBe(0);
  });

  it('rolls events back with a failed change', async () => {
    const { services, database } = ctx();
    const ws = await make.workspace(services);
    const before = await database.handle.db.selectFrom('outbox').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    await expect(
      database.handle.db.transaction().execute(async (tx) => {
        await recordEvents(tx, [{ workspaceId: ws.id, aggregateId: 'x', type: 'sla.config_changed', payload: {} }], new Date());
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    const after = await database.handle.db.selectFrom('outbox').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('retries a failing subscriber with backoff and holds later events of that ticket back', async () => {
    const { services, database, clock } = ctx();
    const dispatcher = createDispatcher({ db: database.handle.db, clock });
    await dispatcher.drain();
    const ws = await make.workspace(services);
    const ticket = await make.ticket(services, ws.admin);
    await services.tickets.update(ws.admin, ticket.id, { priority: 'P1' });
    const seen: string[] = [];
    let failures = 1;
    dispatcher.subscribe('*', (event) => {
      if (event.aggregateId !== ticket.id) return;
      if (event.type === 'message.created' && failures-- > 0) throw new Error('subscriber down');
      seen.push(`${event.type}#${event.attempt}`);
    });
    await dispatcher.drain();
    expect(seen).toEqual(['ticket.created#1']);
    clock.advance(1_000);
    await dispatcher.drain();
    expect(seen).toEqual(['ticket.created#1', 'message.created#2', 'ticket.updated#1']);
  });

  it('delivers events committed by a process killed before delivery, after restart', async () => {
    const { services, database, clock } = ctx();
    const ws = await make.workspace(services);
    const child = await run(process.execPath, ['--import', 'tsx', 'test/support/outbox-child.ts', database.dataDir, ws.id, database.databaseUrl ?? '', database.schema ?? '']).catch(
      (error: { stdout: string; signal: string }) => {
        expect(error.signal).toBe('SIGKILL');
        return error;
      },
    );
    const ticketId = child.stdout.trim();
    expect(ticketId).not.toBe('');
    clock.set(new Date(Date.now() + 1000)); // the child wrote with the real clock
    // "Restart": a new database handle and dispatcher, as a new process would have.
    const restarted = database.dialect === 'sqlite' ? openDatabase({ dataDir: database.dataDir }) : database.handle;
    const delivered: string[] = [];
    const dispatcher = createDispatcher({ db: restarted.db, clock });
    dispatcher.subscribe('*', (event) => {
      if (event.aggregateId === ticketId) delivered.push(event.type);
    });
    await dispatcher.drain();
    expect(delivered).toEqual(['ticket.created', 'message.created']);
    if (restarted !== database.handle) await restarted.close();
    expect((await services.tickets.get(ws.admin, ticketId)).subject).toBe('Written just before the crash');
  });

  describe('several dispatchers', () => {
      it('never deliver one event twice and keep per-ticket order', async () => {
        const { services, database, clock, dialect } = ctx();
        const drainFirst = createDispatcher({ db: database.handle.db, clock });
        await drainFirst.drain();
        const ws = await make.workspace(services);
        const tickets = [];
        for (let i = 0; i < 6; i++) {
          const ticket = await make.ticket(services, ws.admin);
          for (let j = 0; j < 3; j++) await services.tickets.update(ws.admin, ticket.id, { subject: `Edit ${j}` });
          tickets.push(ticket.id);
        }
        // On PostgreSQL the second dispatcher uses its own pool, like a second Rapport process.
        const second = dialect === 'postgres' ? openDatabase({ dataDir: database.dataDir, databaseUrl: database.databaseUrl, schema: database.schema }) : database.handle;
        const deliveries: Array<{ dispatcher: number; id: number; aggregate: string }> = [];
        const dispatchers = [database.handle, second].map((handle, index) => {
          const dispatcher = createDispatcher({ db: handle.db, clock, batchSize: 2 });
          dispatcher.subscribe('*', async (event) => {
            deliveries.push({ dispatcher: index, id: event.id, aggregate: event.aggregateId });
            await new Promise((resolve) => setTimeout(resolve, 1));
          });
          return dispatcher;
        });
        await Promise.all(dispatchers.map((dispatcher) => dispatcher.drain()));
        await Promise.all(dispatchers.map((dispatcher) => dispatcher.drain()));
        if (second !== database.handle) await second.close();
        const ids = deliveries.map((d) => d.id);
        expect(new Set(ids).size).toBe(ids.length);
        expect(ids.length).toBe(6 * 5);
        for (const ticketId of tickets) {
          const order = deliveries.filter((d) => d.aggregate === ticketId).map((d) => d.id);
          expect(order).toEqual([...order].sort((a, b) => a - b));
        }
        if (dialect === 'postgres') expect(new Set(deliveries.map((d) => d.dispatcher)).size).toBe(2);
    });
  });
});
