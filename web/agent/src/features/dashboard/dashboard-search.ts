// The dashboard drill-down's URL, apart from the page so the router (first bundle) stays small.

export interface DashboardTicketsSearch {
  status?: 'new' | 'open' | 'pending' | 'on-hold';
  sla?: 'breached' | 'warning' | 'ok' | 'none';
  channel?: string;
  /** Which figure was opened: the list's heading. */
  figure?: string;
}

const STATUSES = ['new', 'open', 'pending', 'on-hold'] as const;
const STATES = ['breached', 'warning', 'ok', 'none'] as const;
const oneOf = <T extends string>(values: readonly T[], value: unknown) => (values as readonly unknown[]).includes(value) ? (value as T) : undefined;
const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);

export const validateDashboardTicketsSearch = (search: Record<string, unknown>): DashboardTicketsSearch => ({
  status: oneOf(STATUSES, search.status),
  sla: oneOf(STATES, search.sla),
  channel: text(search.channel),
  figure: text(search.figure),
});
