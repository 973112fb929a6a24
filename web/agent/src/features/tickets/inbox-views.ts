import type { CountTicketsQuery } from './api.ts';

export const VIEW_IDS = ['mine', 'unassigned', 'team', 'breaching', 'pending', 'all'] as const;
export type ViewId = (typeof VIEW_IDS)[number];

export const SORTS = ['slaDue', '-updatedAt', '-createdAt'] as const;
export type Sort = (typeof SORTS)[number];

/** Within this many minutes of its SLA due time (or past it) a ticket is "breaching soon". */
export const BREACHING_SOON_MINUTES = 60;

const WORKING = 'new,open';

export interface InboxView {
  id: ViewId;
  /** The list filters; null when the view cannot apply (My team for someone in no team). */
  filters: CountTicketsQuery | null;
  defaultSort: Sort;
}

export const isViewId = (value: string): value is ViewId => (VIEW_IDS as readonly string[]).includes(value);
export const isSort = (value: unknown): value is Sort => typeof value === 'string' && (SORTS as readonly string[]).includes(value);

/** The inbox views of one agent: the queries behind them, and the order work is best done in. */
export function inboxView(id: ViewId, me: { id: string; teamIds: string[] }, teamId?: string): InboxView {
  switch (id) {
    case 'mine':
      return { id, filters: { assigneeId: me.id, status: WORKING }, defaultSort: 'slaDue' };
    case 'unassigned':
      return { id, filters: { assigneeId: 'none', status: WORKING }, defaultSort: 'slaDue' };
    case 'team': {
      const team = teamId && me.teamIds.includes(teamId) ? teamId : me.teamIds[0];
      return { id, filters: team ? { teamId: team, status: WORKING } : null, defaultSort: 'slaDue' };
    }
    case 'breaching':
      return { id, filters: { status: WORKING, slaDueWithin: BREACHING_SOON_MINUTES }, defaultSort: 'slaDue' };
    case 'pending':
      return { id, filters: { status: 'pending' }, defaultSort: '-updatedAt' };
    case 'all':
      return { id, filters: {}, defaultSort: '-updatedAt' };
  }
}
