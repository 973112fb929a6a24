// The report's URL: the period and filters, and for the drill-down which tickets a figure counts.
// Kept apart from the pages so the router (in the first bundle) does not pull them in.

export interface ReportSearch {
  from?: string;
  to?: string;
  channel?: string;
}

export interface ReportTicketsSearch extends ReportSearch {
  on?: 'created' | 'first-resolved' | 'solved' | 'surveyed';
  slaClock?: 'acknowledgement' | 'firstResponse' | 'nextResponse' | 'resolution';
  slaResult?: 'met' | 'breached';
  oneTouch?: boolean;
  reopened?: boolean;
  replied?: boolean;
  satisfied?: boolean;
  escalated?: boolean;
  /** Which figure was opened, e.g. "First contact resolution": the list's heading. */
  figure?: string;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
const day = (value: unknown) => (typeof value === 'string' && DAY.test(value) ? value : undefined);
const flag = (value: unknown) => (value === true || value === 'true' ? true : value === false || value === 'false' ? false : undefined);

export const validateReportSearch = (search: Record<string, unknown>): ReportSearch => ({
  from: day(search.from),
  to: day(search.to),
  channel: text(search.channel),
});

export const validateReportTicketsSearch = (search: Record<string, unknown>): ReportTicketsSearch => ({
  ...validateReportSearch(search),
  on: search.on === 'created' || search.on === 'first-resolved' || search.on === 'solved' || search.on === 'surveyed' ? search.on : undefined,
  slaClock:
    search.slaClock === 'acknowledgement' || search.slaClock === 'firstResponse' || search.slaClock === 'nextResponse' || search.slaClock === 'resolution'
      ? search.slaClock
      : undefined,
  slaResult: search.slaResult === 'met' || search.slaResult === 'breached' ? search.slaResult : undefined,
  oneTouch: flag(search.oneTouch),
  reopened: flag(search.reopened),
  replied: flag(search.replied),
  satisfied: flag(search.satisfied),
  escalated: flag(search.escalated),
  figure: text(search.figure),
});
