import { readlinkSync } from 'node:fs';
import { hostname } from 'node:os';
import type { Db } from '../../db/types.ts';
import type { Clock } from '../../lib/clock.ts';
import { newId } from '../../lib/ids.ts';
import { createPollingLoop } from '../../lib/polling-loop.ts';
import { goneProcesses } from './liveness.ts';
import * as repo from './repo.ts';

/** Host name plus PID namespace: two containers with one host name still have PIDs of their own. */
export function hostKey() {
  try {
    return `${hostname()} ${readlinkSync('/proc/self/ns/pid')}`;
  } catch {
    return hostname();
  }
}

function isPidRunning(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface ProcessRegistryOptions {
  db: Db;
  clock: Clock;
  /** Frees the leases these processes hold (jobs, messages, emails); returns how many. */
  releaseLeases: (owners: string[]) => Promise<number>;
  logger?: { warn(object: unknown, message: string): void; error(object: unknown, message: string): void };
  heartbeatMs?: number;
  staleMs?: number;
}

/**
 * This process's entry among the Rapport processes on the database. Work a process claims carries
 * its id as the lease owner; when a process is found gone, its leases are freed for the others, and
 * a process that stops frees its own — so nothing waits for a lease to run out.
 */
export function createProcessRegistry(options: ProcessRegistryOptions) {
  const { db, clock } = options;
  const id = newId();
  const host = hostKey();
  const heartbeatMs = options.heartbeatMs ?? 5_000;
  const staleMs = options.staleMs ?? 30_000;

  const register = () => {
    const now = clock.now().getTime();
    return repo.insertProcess(db, { id, host, pid: process.pid, started_at: now, heartbeat_at: now });
  };

  /** Frees the work of processes that are gone; returns how many leases it freed. */
  async function takeOverGone() {
    const gone = goneProcesses(await repo.listProcesses(db), id, { host, now: clock.now().getTime(), staleMs, isPidRunning });
    if (!gone.length) return 0;
    const owners = gone.map((process) => process.id);
    const released = await options.releaseLeases(owners);
    await repo.deleteProcesses(db, owners);
    if (released) options.logger?.warn({ processes: gone.map((p) => `${p.pid}@${p.host}`), released }, 'took over the work of stopped Rapport processes');
    return released;
  }

  async function beat() {
    if (!(await repo.recordHeartbeat(db, id, clock.now().getTime()))) {
      // Taken for dead (the event loop stalled past staleMs): its leases were freed, so join again.
      options.logger?.warn({ processId: id }, 'this process was taken for stopped; registering again');
      await register();
    }
    await takeOverGone();
    return 0;
  }

  const loop = createPollingLoop({ name: 'process heartbeat', runOnce: beat, intervalMs: heartbeatMs, logger: options.logger });

  return {
    id,
    takeOverGone,
    async start() {
      await register();
      await takeOverGone();
      loop.start();
    },
    /** After every worker stopped: frees what this process still holds and leaves the registry. */
    async stop() {
      await loop.stop();
      await options.releaseLeases([id]);
      await repo.deleteProcesses(db, [id]);
    },
  };
}

export type ProcessRegistry = ReturnType<typeof createProcessRegistry>;
