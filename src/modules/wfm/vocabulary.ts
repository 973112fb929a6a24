// The words of the shift and schedule API, as plain data: the agent app imports them too.

/** Monday first: the order a week's days are shown and counted in. */
export const WEEK_ORDER = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

/** Why an agent is away. */
export const ABSENCE_REASONS = ['vacation', 'sick', 'training', 'other'] as const;
