import { spawnSync } from 'node:child_process';
import { beforeEach, describe, expect, it } from 'vitest';
import { createPollingLoop } from '../src/lib/polling-loop.ts';
import { claimOutboxEvents, insertOutboxEvents, releaseOutboxLeases } from '../src/modules/outbox/repo.ts';
import { goneProcesses } from '../src/modules/processes/liveness.ts';
import { createProcessRegistry, hostKey } from '../src/modules/processes/registry.ts';
import { eachDialect } from './harness.ts';

/** A PID that surely runs no process any more: a child that has exited. */
const exitedPid = () => spawnSync(process.execPath, ['-e', '0']).pid as number;

describe('which processes are gone', () => {
  const row = (id: string, host: string, pid: number, heartbeatAt: number) => ({ id, host, pid, started_at: 0, heartbeat_at: heartbeatAt });
  const rules = { host: 'here', now: 100_000, staleMs: 30_000, isPidRunning: (pid: number) => pid === 1 };

  it('takes a process of this host whose PID is gone at once, elsewhere only a stopped heartbeat', () => {
    const processes = [
      row('self', 'here', 999, 0), // never itself, even with an old heartbeat
      row('crashed-here', 'here', 2, 99_000),
      row('running-here', 'here', 1, 99_000),
      row('elsewhere-fresh', 'there', 2, 80_000),
      row('elsewhere-silent', 'there', 1, 60_000),
      row('here-silent', 'here', 1, 60_000),
    ];
    expect(goneProcesses(processes, 'self', rules).map((p) => p.id)).toEqual(['crashed-here', 'elsewhere-silent', 'here-silent']);
  });
});

eachDialect('process leases', (ctx) => {
  const outboxLeases = async () =>
    (
      await ctx()
        .database.handle.db.selectFrom('outbox')
        .select(['id', 'lease_owner', 'lease_until'])
        .where('lease_until', 'is not', null)
        .execute()
    ).map((r) => r.lease_owner);

  const queueEvents = (n: number) =>
    insertOutboxEvents(
      ctx().database.handle.db,
      Array.from({ length: n }, (_, i) => ({ workspaceId: 'w', aggregateId: `a-${i}-${Math.random()}`, type: 'test.event', payload: {} })),
      ctx().clock.now().getTime(),
    );

  beforeEach(async () => {
    const { db } = ctx().database.handle;
    await db.deleteFrom('outbox').execute();
    await db.deleteFrom('rapport_process').execute();
  });

  const registry = () =>
    createProcessRegistry({
      db: ctx().database.handle.db,
      clock: ctx().clock,
      releaseLeases: (owners) => releaseOutboxLeases(ctx().database.handle.db, owners),
    });

  it('frees the leases of a crashed process on this host as soon as another process starts', async () => {
    const { db } = ctx().database.handle;
    const now = ctx().clock.now().getTime();
    // A process that died mid-work: registered with a fresh heartbeat, holding leases for a minute.
    await db
      .insertInto('rapport_process')
      .values({
        id: 'crashed',
        host: hostKey(),
        pid: exitedPid(),
        started_at: now,
        heartbeat_at: now,
      })
      .execute();
    await queueEvents(3);
    await claimOutboxEvents(db, now, 60_000, 10, 'crashed');
    expect(await outboxLeases()).toEqual(['crashed', 'crashed', 'crashed']);

    const successor = registry();
    await successor.start();
    expect(await outboxLeases()).toEqual([]);
    expect((await claimOutboxEvents(db, now, 60_000, 10, successor.id)).length).toBe(3);
    await successor.stop();
    expect(await outboxLeases()).toEqual([]);
    expect(await db.selectFrom('rapport_process').select('id').execute()).toEqual([]);
  });

  it('leaves a live process on another machine alone until its heartbeat stops', async () => {
    const { db } = ctx().database.handle;
    const now = ctx().clock.now().getTime();
    await db
      .insertInto('rapport_process')
      .values({ id: 'elsewhere', host: 'another-machine', pid: 1, started_at: now, heartbeat_at: now })
      .execute();
    await queueEvents(2);
    await claimOutboxEvents(db, now, 600_000, 10, 'elsewhere');

    const local = registry();
    await local.start();
    expect(await outboxLeases()).toEqual(['elsewhere', 'elsewhere']);
    ctx().clock.advance(31_000);
    expect(await local.takeOverGone()).toBe(2);
    expect(await outboxLeases()).toEqual([]);
    await local.stop();
  });

  it('stops a batch between two items when its loop stops, and hands the rest back on stop', async () => {
    const { db } = ctx().database.handle;
    await queueEvents(5);
    const local = registry();
    await local.start();
    let handled = 0;
    let release: () => void = () => {};
    const firstItemStarted = new Promise<void>((resolve) => (release = resolve));
    const loop = createPollingLoop({
      name: 'test worker',
      intervalMs: 10,
      runAtStart: true,
      async runOnce(signal) {
        const claimed = await claimOutboxEvents(db, ctx().clock.now().getTime(), 600_000, 10, local.id);
        for (const _ of claimed) {
          if (signal.aborted) break;
          release();
          await new Promise((resolve) => setTimeout(resolve, 50));
          handled += 1;
        }
        return claimed.length;
      },
    });
    loop.start();
    await firstItemStarted;
    await loop.stop();
    expect(handled).toBe(1);
    expect(await outboxLeases()).toHaveLength(5);
    await local.stop();
    expect(await outboxLeases()).toEqual([]);
  });
});
