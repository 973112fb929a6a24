import { sql } from 'kysely';
import type { Executor } from '../../db/types.ts';
import type { ClockName } from '../sla/sla-clock.ts';
import { SLA_COLUMNS } from './rollup.ts';

export type ClockAdherence = Record<ClockName, { due: number; met: number }>;

/**
 * How often each SLA target was met, per channel and priority, over local days [from, to], from
 * the daily rollups (never raw tickets): the service charter's measured adherence.
 */
export async function slaAdherenceByChannelAndPriority(db: Executor, workspaceId: string, from: string, to: string) {
  const sums = Object.values(SLA_COLUMNS).flatMap((column) => [
    sql<number>`coalesce(sum(${sql.ref(`${column}_due`)}), 0)`.as(`${column}_due`),
    sql<number>`coalesce(sum(${sql.ref(`${column}_met`)}), 0)`.as(`${column}_met`),
  ]);
  const rows = await db
    .selectFrom('metric_rollup')
    .select(['channel', 'priority', ...sums])
    .where('workspace_id', '=', workspaceId)
    .where('day', '>=', from)
    .where('day', '<=', to)
    .groupBy(['channel', 'priority'])
    .execute();
  return rows.map((row) => {
    const values = row as unknown as Record<string, number | string>;
    const clocks = Object.fromEntries(
      Object.entries(SLA_COLUMNS).map(([clock, column]) => [
        clock,
        { due: Number(values[`${column}_due`]), met: Number(values[`${column}_met`]) },
      ]),
    ) as ClockAdherence;
    return { channel: row.channel, priority: row.priority, clocks };
  });
}
