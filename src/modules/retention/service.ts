import { setTimeout as delay } from 'node:timers/promises';
import { lockForUpdate } from '../../db/dialect.ts';
import type { Executor, LegalHoldTable, RetentionRunTable } from '../../db/types.ts';
import type { Actor } from '../../lib/actor.ts';
import { notFound } from '../../lib/errors.ts';
import { decodeCursor, type Page, pageLimit, toPage } from '../../lib/pagination.ts';
import { createPollingLoop } from '../../lib/polling-loop.ts';
import type { ServiceContext } from '../../lib/service-context.ts';
import { auditByActor, recordAudit } from '../audit/service.ts';
import type { BlobStore } from '../blobs/service.ts';
import { advanceMetricHorizon, readMetricHorizon } from '../metrics/service.ts';
import type { SearchService } from '../search/service.ts';
import { horizonsOfRun, runStep, type StepContext } from './phases.ts';
import * as repo from './repo.ts';
import { addTotals, emptyTotals, type Horizons, horizonsOf, isEmpty, nextPhase, type Phase, policyOf } from './rules.ts';
import type { HoldTargetType, LegalHold, RetentionMode, RetentionSettings, RetentionStatus, RetentionTotals, SetHoldBody } from './schema.ts';

/** Records looked at per batch: a few tens of milliseconds, so the desk keeps answering meanwhile. */
export const RETENTION_BATCH = 200;
/** A workspace's next run starts this long after its last one finished. */
export const RUN_EVERY_MS = 24 * 60 * 60 * 1000;

export interface RetentionDeps {
  /** The workspace's settings (retention policy) and time zone, read in the caller's transaction. */
  settings(tx: Executor, workspaceId: string): Promise<{ retention?: RetentionSettings; timezone: string }>;
  blobs: Pick<BlobStore, 'removeUnreferenced'>;
  search: Pick<SearchService, 'remove'>;
}

export interface RunSummary {
  workspaceId: string;
  mode: RetentionMode;
  horizons: Horizons;
  totals: RetentionTotals;
  /** False when another process holds the run (it goes on there). */
  finished: boolean;
}

const toHold = (row: LegalHoldTable): LegalHold => ({
  targetType: row.target_type as HoldTargetType,
  targetId: row.target_id,
  reason: row.reason,
  createdBy: row.created_by,
  createdAt: new Date(row.created_at).toISOString(),
});

export function createRetentionService({ db, clock }: ServiceContext, deps: RetentionDeps) {
  async function planOf(ex: Executor, workspaceId: string) {
    const settings = await deps.settings(ex, workspaceId);
    const policy = policyOf(settings.retention);
    return { policy, horizons: horizonsOf(clock.now().getTime(), policy, settings.timezone) };
  }

  const stepContext = (ex: Executor, workspaceId: string, mode: RetentionMode, horizons: Horizons, limit: number, apply: boolean): StepContext => ({
    ex,
    workspaceId,
    mode,
    horizons,
    limit,
    apply,
    now: clock.now().getTime(),
    blobs: deps.blobs,
    search: deps.search,
  });

  /**
   * Starts a run with horizons from the clock and the policy in force, and freezes the rollup days
   * before the raw horizon first: from then on no re-measure changes the figures of tickets the run
   * may remove. An unfinished run is left alone: it goes on where it was.
   */
  const startRun = (workspaceId: string, options: { onlyIfFinishedBefore?: number } = {}) =>
    db.transaction().execute(async (tx) => {
      const current = await lockForUpdate(tx, tx.selectFrom('retention_run').selectAll().where('workspace_id', '=', workspaceId)).executeTakeFirst();
      if (current && (current.finished_at === null || (options.onlyIfFinishedBefore !== undefined && current.finished_at >= options.onlyIfFinishedBefore))) return false;
      const { policy, horizons } = await planOf(tx, workspaceId);
      const now = clock.now().getTime();
      await advanceMetricHorizon(tx, workspaceId, { frozenBefore: horizons.rawDay, removedBefore: horizons.summaryDay }, now);
      await repo.saveNewRun(tx, {
        workspace_id: workspaceId,
        mode: policy.mode,
        raw_before: horizons.rawBefore,
        raw_day: horizons.rawDay,
        summary_before: horizons.summaryBefore,
        summary_day: horizons.summaryDay,
        phase: 'tickets',
        cursor: '',
        totals: JSON.stringify(emptyTotals()),
        started_at: now,
        finished_at: null,
      });
      return true;
    });

  /** One batch of an unfinished run (of this workspace, or the oldest of any); 0 when there is none to take. */
  const runBatch = (options: { workspaceId?: string; batchSize?: number } = {}) =>
    db.transaction().execute(async (tx) => {
      const run = await repo.claimUnfinishedRun(tx, options.workspaceId);
      if (!run) return 0;
      const phase = run.phase as Exclude<Phase, 'done'>;
      const context = stepContext(tx, run.workspace_id, run.mode as RetentionMode, horizonsOfRun(run), options.batchSize ?? RETENTION_BATCH, true);
      const step = await runStep(phase, context, run.cursor);
      const totals = addTotals(JSON.parse(run.totals), step.removed);
      const nextPhaseOf = step.cursor === null ? nextPhase(phase) : phase;
      const finished = nextPhaseOf === 'done';
      const now = clock.now().getTime();
      const removedSomething = !isEmpty({ ...step.removed, ticketsHeld: 0, contactsHeld: 0 });
      if (removedSomething) {
        await recordAudit(
          tx,
          { workspaceId: run.workspace_id, actorId: null, action: 'retention.removed', targetType: 'workspace', targetId: run.workspace_id, details: { phase, mode: run.mode, removed: step.removed, ...step.ids } },
          new Date(now),
        );
      }
      if (finished) {
        await recordAudit(
          tx,
          {
            workspaceId: run.workspace_id,
            actorId: null,
            action: 'retention.completed',
            targetType: 'workspace',
            targetId: run.workspace_id,
            details: { mode: run.mode, rawBefore: new Date(run.raw_before).toISOString(), summaryBefore: new Date(run.summary_before).toISOString(), totals },
          },
          new Date(now),
        );
      }
      await repo.saveProgress(tx, run.workspace_id, {
        phase: nextPhaseOf,
        cursor: step.cursor ?? '',
        totals: JSON.stringify(totals),
        finished_at: finished ? now : null,
      });
      return Math.max(step.read, 1);
    });

  /** Starts the runs that are due (a day after the last one finished, or never run); returns how many. */
  async function startDueRuns() {
    let started = 0;
    for (const workspaceId of await repo.listWorkspacesDue(db, clock.now().getTime() - RUN_EVERY_MS)) {
      if (await startRun(workspaceId, { onlyIfFinishedBefore: clock.now().getTime() - RUN_EVERY_MS })) started += 1;
    }
    return started;
  }

  const summaryOf = (run: RetentionRunTable): RunSummary => ({
    workspaceId: run.workspace_id,
    mode: run.mode as RetentionMode,
    horizons: horizonsOfRun(run),
    totals: { ...emptyTotals(), ...JSON.parse(run.totals) },
    finished: run.finished_at !== null,
  });

  return {
    startRun,
    runBatch,
    startDueRuns,

    /**
     * `rapport retention run`: goes on with the workspace's unfinished run, or starts one, and works
     * through it batch by batch. A run another process holds goes on there.
     */
    async runNow(workspaceId: string, options: { batchSize?: number; onBatch?: (run: RunSummary) => void } = {}): Promise<RunSummary> {
      await startRun(workspaceId);
      while ((await runBatch({ workspaceId, batchSize: options.batchSize })) > 0) {
        const run = await repo.findRun(db, workspaceId);
        if (run) options.onBatch?.(summaryOf(run));
      }
      const run = await repo.findRun(db, workspaceId);
      if (!run) throw notFound('Retention run');
      return summaryOf(run);
    },

    /** What a run starting now would remove, changing nothing (`rapport retention run --dry-run`). */
    async preview(workspaceId: string, options: { batchSize?: number } = {}): Promise<RunSummary> {
      const { policy, horizons } = await planOf(db, workspaceId);
      let totals = emptyTotals();
      for (let phase: Phase = 'tickets'; phase !== 'done'; phase = nextPhase(phase)) {
        const context = stepContext(db, workspaceId, policy.mode, horizons, options.batchSize ?? RETENTION_BATCH, false);
        for (let cursor: string | null = ''; cursor !== null; ) {
          const step = await runStep(phase, context, cursor);
          totals = addTotals(totals, step.removed);
          cursor = step.cursor;
        }
      }
      return { workspaceId, mode: policy.mode, horizons, totals, finished: true };
    },

    async status(actor: Actor): Promise<RetentionStatus> {
      const [{ retention }, horizon, run] = await Promise.all([deps.settings(db, actor.workspaceId), readMetricHorizon(db, actor.workspaceId), repo.findRun(db, actor.workspaceId)]);
      const iso = (millis: number) => new Date(millis).toISOString();
      return {
        policy: policyOf(retention),
        horizon: { rawDataRemovedBefore: horizon?.frozen_before ?? null, summariesRemovedBefore: horizon?.removed_before ?? null },
        lastRun: run
          ? {
              mode: run.mode as RetentionMode,
              rawBefore: iso(run.raw_before),
              summaryBefore: iso(run.summary_before),
              phase: run.phase,
              startedAt: iso(run.started_at),
              finishedAt: run.finished_at === null ? null : iso(run.finished_at),
              totals: summaryOf(run).totals,
            }
          : null,
      };
    },

    /** Puts a record under legal hold (or changes the reason of its hold); audited. */
    setHold: (actor: Actor, targetType: HoldTargetType, targetId: string, body: SetHoldBody) =>
      db.transaction().execute(async (tx) => {
        if (!(await repo.targetExists(tx, actor.workspaceId, targetType, targetId))) throw notFound(targetType === 'organisation' ? 'Organisation' : targetType === 'contact' ? 'Contact' : 'Ticket');
        const now = clock.now();
        const reason = body.reason.trim() || body.reason;
        await repo.upsertHold(tx, { workspace_id: actor.workspaceId, target_type: targetType, target_id: targetId, reason, created_by: actor.via === 'system' ? null : actor.userId, created_at: now.getTime() });
        await auditByActor(tx, actor, { action: 'legal_hold.set', targetType, targetId, details: { reason } }, now);
        const row = await repo.findHold(tx, actor.workspaceId, targetType, targetId);
        if (!row) throw notFound('Legal hold');
        return toHold(row);
      }),

    /** Lifts a hold: the record is treated like any other from the next run on; audited. */
    clearHold: (actor: Actor, targetType: HoldTargetType, targetId: string) =>
      db.transaction().execute(async (tx) => {
        const result = await repo.deleteHold(tx, actor.workspaceId, targetType, targetId);
        if (Number(result.numDeletedRows) === 0) throw notFound('Legal hold');
        await auditByActor(tx, actor, { action: 'legal_hold.cleared', targetType, targetId }, clock.now());
      }),

    async listHolds(actor: Actor, query: { limit?: number; cursor?: string; targetType?: HoldTargetType }): Promise<Page<LegalHold>> {
      const limit = pageLimit(query.limit);
      const cursor = decodeCursor(query.cursor);
      const rows = await repo.listHolds(db, actor.workspaceId, { limit, targetType: query.targetType, before: cursor ? { value: Number(cursor.value), id: cursor.id } : undefined });
      return toPage(rows, limit, toHold, (row) => ({ value: row.created_at, id: row.target_id }));
    },
  };
}

export type RetentionService = ReturnType<typeof createRetentionService>;

export interface RetentionJobOptions {
  retention: Pick<RetentionService, 'runBatch' | 'startDueRuns'>;
  /** How often an idle job looks for a run that is due. */
  pollMs?: number;
  /** A rest after each batch, so requests come first while a run works through a large desk. */
  pauseMs?: number;
  batchSize?: number;
  logger?: { error(object: unknown, message: string): void };
}

/** The background duty: every process takes batches of unfinished runs and starts the runs that are due. */
export function createRetentionJob({ retention, pollMs = 60_000, pauseMs = 0, batchSize, logger }: RetentionJobOptions) {
  const runOnce = async () => {
    const handled = await retention.runBatch({ batchSize });
    if (handled > 0) {
      if (pauseMs > 0) await delay(pauseMs);
      return handled;
    }
    return retention.startDueRuns();
  };
  const loop = createPollingLoop({ name: 'retention', runOnce, intervalMs: pollMs, logger });
  return { runOnce, drain: loop.drain, start: loop.start, stop: loop.stop };
}
