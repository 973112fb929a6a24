import type { BusinessCalendar } from '../sla/calendar.ts';
import { listBusinessPeriods, offsetAt, wallToInstant } from '../sla/business-hours.ts';

const DAY = 86_400_000;
/** Enough opening periods for any real calendar to show two business days (split shifts included). */
const MAX_PERIODS = 5000;

const localDayOf = (timeZone: string, time: number) => Math.floor((time + offsetAt(timeZone, time)) / DAY);

/**
 * When a follow-up opened at `at` is due: the close of business of the `days`-th business day after
 * the local date of `at` (a business day is a local date on which the calendar opens). The answer's
 * own day never counts, whether the answer came before, during or after its opening hours: an answer
 * on Friday 15:00 (or Friday 08:00, or Saturday) on a Mon–Fri 09:00–17:00 calendar is due Tuesday
 * 17:00. A day with split hours closes at the end of its last period. A calendar that never opens
 * again gives `days` calendar days instead, so every follow-up has a due time.
 */
export function followUpDueAt(calendar: BusinessCalendar, at: Date, days = 2): Date {
  const tz = calendar.timeZone;
  const answerDay = localDayOf(tz, at.getTime());
  let counted = 0;
  let currentDay: number | null = null;
  let closeOfDay: number | null = null;
  let seen = 0;
  for (const [from, to] of listBusinessPeriods(calendar, at)) {
    if (++seen > MAX_PERIODS) break;
    // An always-open calendar yields spans across midnights: cut each at local midnight.
    let cursor = from.getTime();
    const end = to.getTime();
    while (cursor < end) {
      const day = localDayOf(tz, cursor);
      const midnight = wallToInstant(tz, (day + 1) * DAY);
      const pieceEnd = midnight > cursor ? Math.min(end, midnight) : end;
      if (day > answerDay) {
        if (day !== currentDay) {
          if (counted === days) return new Date(closeOfDay as number);
          counted++;
          currentDay = day;
        }
        closeOfDay = pieceEnd;
      }
      cursor = pieceEnd;
    }
  }
  if (counted === days && closeOfDay !== null) return new Date(closeOfDay);
  return new Date(at.getTime() + days * DAY);
}
