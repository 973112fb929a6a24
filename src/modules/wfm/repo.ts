import type { Executor } from '../../db/types.ts';

/** New tickets per local day × hour × channel of a workspace, for the local dates from `from` to `to` (inclusive). */
export function listHourlyVolumes(db: Executor, workspaceId: string, period: { from: string; to: string; channel?: string }) {
  let query = db
    .selectFrom('metric_volume')
    .select(['day', 'hour', 'channel', (eb) => eb.fn.sum<number | string>('created').as('created')])
    .where('workspace_id', '=', workspaceId)
    .where('day', '>=', period.from)
    .where('day', '<=', period.to);
  if (period.channel !== undefined) query = query.where('channel', '=', period.channel);
  return query.groupBy(['day', 'hour', 'channel']).execute();
}
