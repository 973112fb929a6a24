import type { Actor } from '../../lib/actor.ts';
import type { ServiceContext } from '../../lib/service-context.ts';
import { localDay } from '../metrics/rollup.ts';
import { parseLocalDate } from '../sla/calendar.ts';
import { DEFAULT_WEEKS, forecastContacts, HELD_BACK_WEEKS, historyWindow, TREND_LIMITS } from './forecast.ts';
import { localHourStart } from './local-time.ts';
import { listHourlyVolumes } from './repo.ts';

export interface ForecastDeps {
  /** The workspace's time zone: the one its volume rows count local days and hours in. */
  timeZone(workspaceId: string): Promise<string>;
  /** The closed dates of the workspace's business calendar (none without one). */
  holidays(actor: Actor): Promise<ReadonlyArray<string>>;
}

export interface ForecastQuery {
  channel?: string;
  weeks?: number;
}

export function createForecastService({ db, clock }: ServiceContext, deps: ForecastDeps) {
  return {
    /** Contacts per hour per channel for the four weeks from today (local), with the method's accuracy on the last four. */
    async forecast(actor: Actor, query: ForecastQuery) {
      const [timeZone, holidays] = await Promise.all([deps.timeZone(actor.workspaceId), deps.holidays(actor)]);
      const today = localDay(clock.now().getTime(), timeZone);
      const weeks = query.weeks ?? DEFAULT_WEEKS;
      const rows = await listHourlyVolumes(db, actor.workspaceId, { ...historyWindow(today, weeks), channel: query.channel });
      const forecast = forecastContacts({
        history: rows.map((row) => ({ day: row.day, hour: row.hour, channel: row.channel, contacts: Number(row.created) })),
        today,
        // A hand-edited calendar may hold a date that is not one; it closes nothing.
        holidays: holidays.filter((holiday) => parseLocalDate(holiday) !== undefined),
        weeks,
        channels: query.channel === undefined ? undefined : [query.channel],
      });
      return {
        from: forecast.from,
        to: forecast.to,
        timeZone,
        method: { name: 'weighted-weekday-hour' as const, weeks, trendLimits: [...TREND_LIMITS], heldBackWeeks: HELD_BACK_WEEKS },
        byChannel: forecast.byChannel.map((channel) => ({
          ...channel,
          hours: channel.hours.map((hour) => ({
            // A local hour skipped by a spring-forward gap starts when the next one does (wallToInstant).
            at: new Date(localHourStart(timeZone, hour.day, hour.hour)).toISOString(),
            ...hour,
          })),
        })),
      };
    },
  };
}

export type ForecastService = ReturnType<typeof createForecastService>;
