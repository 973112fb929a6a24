// The feedback list's URL: which survey, and for NPS the group and period a report figure links to.
// Kept apart from the page so the router (in the first bundle) does not pull it in.

export interface FeedbackSearch {
  type?: 'csat' | 'nps';
  group?: 'promoters' | 'passives' | 'detractors';
  from?: string;
  to?: string;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const day = (value: unknown) => (typeof value === 'string' && DAY.test(value) ? value : undefined);

export const validateFeedbackSearch = (search: Record<string, unknown>): FeedbackSearch => ({
  type: search.type === 'nps' || search.type === 'csat' ? search.type : undefined,
  group: search.group === 'promoters' || search.group === 'passives' || search.group === 'detractors' ? search.group : undefined,
  from: day(search.from),
  to: day(search.to),
});
