// Weeks are named by the local date (YYYY-MM-DD) of their Monday, as the API names them.

const DAY_MS = 86_400_000;

export const addDays = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

/** The Monday of the week `day` falls in. */
export function mondayOf(day: string) {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return addDays(day, -((weekday + 6) % 7));
}

/** Today's date where the agent is. */
export function today(now = Date.now()) {
  const date = new Date(now);
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
}

/** The seven dates of the week starting on Monday `week`. */
export const daysOf = (week: string) => Array.from({ length: 7 }, (_, offset) => addDays(week, offset));
