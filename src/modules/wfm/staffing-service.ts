import type { Executor } from '../../db/types.ts';
import type { Actor } from '../../lib/actor.ts';
import { invalid } from '../../lib/errors.ts';
import type { ServiceContext } from '../../lib/service-context.ts';
import { auditByActor } from '../audit/service.ts';
import { localDay } from '../metrics/rollup.ts';
import type { BusinessCalendar } from '../sla/calendar.ts';
import { CHANNELS } from '../tickets/channels.ts';
import { agentsForServiceLevel, findServiceLevelProblems, trafficOf } from './erlang-c.ts';
import type { ForecastService } from './forecast-service.ts';
import { HORIZON_DAYS } from './forecast.ts';
import { addDays, localHours } from './local-time.ts';
import * as repo from './repo.ts';
import { loadRoster } from './roster.ts';
import type { ErlangCQuery, ErlangCResult, StaffingView, UpdateStaffingSettingsBody } from './schema.ts';
import { type ChannelDemand, type PlannedInterval, planStaffing } from './staffing-plan.ts';
import { applyStaffingChange, type StaffingSettings, type StaffingSettingsChange } from './staffing-settings.ts';

/** Days of handle time the planned AHT is averaged over (the metric engine counts a ticket's on the day it is solved). */
const AHT_DAYS = 28;

export interface StaffingDeps {
  timeZone(workspaceId: string): Promise<string>;
  /** The workspace's "Business hours" calendar, which the backlog model counts in (around the clock without one). */
  businessCalendar(actor: Actor): Promise<BusinessCalendar>;
  /** Average handle time per channel of the tickets solved in the period (the metric engine). */
  handleTimes(actor: Actor, period: { from: string; to: string }): Promise<Array<{ channel: string; tickets: number; averageSeconds: number | null }>>;
}

export interface StaffingQuery {
  days?: number;
  channel?: string;
}

/** The plan for the forecast's 28 days from today, every channel: what the staffing view and the schedule show parts of. */
export interface FullPlan {
  from: string;
  timeZone: string;
  settings: StaffingSettings;
  channels: StaffingView['channels'];
  intervals: Array<PlannedInterval & { at: number; day: string; hour: number }>;
}

export function createStaffingService({ db, clock }: ServiceContext, forecasts: ForecastService, deps: StaffingDeps) {
  async function readSettings(workspaceId: string, executor: Executor = db): Promise<StaffingSettings> {
    const row = await repo.findSettings(executor, workspaceId);
    return applyStaffingChange(row ? (JSON.parse(row.settings) as StaffingSettingsChange) : {});
  }

  async function planFull(actor: Actor): Promise<FullPlan> {
    const [timeZone, settings, calendar, forecast] = await Promise.all([
      deps.timeZone(actor.workspaceId),
      readSettings(actor.workspaceId),
      deps.businessCalendar(actor),
      forecasts.forecast(actor, {}),
    ]);
    const from = forecast.from;
    const to = addDays(from, HORIZON_DAYS - 1);
    const hours = localHours(timeZone, from, HORIZON_DAYS);
    const [handleTimes, roster] = await Promise.all([
      deps.handleTimes(actor, { from: addDays(from, -AHT_DAYS), to: addDays(from, -1) }),
      loadRoster(db, actor.workspaceId, timeZone, { from, to }),
    ]);
    const contactsOf = new Map(forecast.byChannel.map((channel) => [channel.channel, channel.hours.map((hour) => hour.contacts)]));
    // Planned: the channels with contacts forecast and those some shift works.
    const rostered = new Set(roster.flatMap((day) => day.channels));
    const plannedChannels = CHANNELS.filter((channel) => rostered.has(channel) || (contactsOf.get(channel) ?? []).some((contacts) => contacts > 0));
    const channels = plannedChannels.map((channel) => {
      const measured = handleTimes.find((row) => row.channel === channel);
      const setting = settings.channels[channel];
      const isMeasured = measured !== undefined && measured.tickets > 0 && measured.averageSeconds !== null && measured.averageSeconds > 0;
      return {
        channel,
        method: setting.method,
        ahtSeconds: isMeasured ? (measured.averageSeconds as number) : setting.defaultAhtSeconds,
        ahtSource: isMeasured ? ('measured' as const) : ('default' as const),
        ahtTickets: measured?.tickets ?? 0,
        occupancy: setting.occupancy,
        firstResponseMinutes: setting.method === 'backlog' ? setting.firstResponseMinutes : null,
      };
    });
    const demands: ChannelDemand[] = channels.map((channel) => ({
      ...channel,
      contacts: contactsOf.get(channel.channel) ?? hours.map(() => 0),
      firstResponseMinutes: settings.channels[channel.channel].firstResponseMinutes,
    }));
    const planned = planStaffing({
      intervals: hours,
      demands,
      settings,
      calendar,
      shifts: roster.map((day) => ({ start: day.start, end: day.end, channels: day.channels, agents: day.userIds.length })),
    });
    return { from, timeZone, settings, channels, intervals: planned.map((interval, index) => ({ ...interval, at: hours[index].start, day: hours[index].day, hour: hours[index].hour })) };
  }

  return {
    planFull,

    settings: (actor: Actor) => readSettings(actor.workspaceId),

    async updateSettings(actor: Actor, body: UpdateStaffingSettingsBody): Promise<StaffingSettings> {
      // The schema bounds every value, so any combination of them can be planned with.
      return db.transaction().execute(async (tx) => {
        const next = applyStaffingChange(body, await readSettings(actor.workspaceId, tx));
        const now = clock.now();
        await repo.saveSettings(tx, { workspace_id: actor.workspaceId, settings: JSON.stringify(next), updated_at: now.getTime() });
        await auditByActor(tx, actor, { action: 'wfm.settings_changed', targetType: 'workspace', targetId: actor.workspaceId, details: { changed: Object.keys(body) } }, now);
        return next;
      });
    },

    /** Per local hour of the next `days` days: forecast, required and scheduled agents and the gap, per channel and together. */
    async staffing(actor: Actor, query: StaffingQuery): Promise<StaffingView> {
      const plan = await planFull(actor);
      const days = query.days ?? 7;
      const only = query.channel;
      const intervals = plan.intervals.slice(0, days * 24).map((interval) => {
        const byChannel = only === undefined ? interval.byChannel : interval.byChannel.filter((figures) => figures.channel === only);
        const top = only === undefined ? interval : (byChannel[0] ?? { contacts: 0, required: 0, scheduled: 0, gap: 0, staffing: 'ok' as const });
        return {
          at: new Date(interval.at).toISOString(),
          day: interval.day,
          hour: interval.hour,
          contacts: top.contacts,
          required: top.required,
          scheduled: top.scheduled,
          gap: top.gap,
          staffing: top.staffing,
          byChannel: byChannel as StaffingView['intervals'][number]['byChannel'],
        };
      });
      return {
        from: plan.from,
        to: addDays(plan.from, days - 1),
        timeZone: plan.timeZone,
        settings: plan.settings,
        channels: only === undefined ? plan.channels : plan.channels.filter((channel) => channel.channel === only),
        intervals,
        summary: {
          under: intervals.filter((interval) => interval.staffing === 'under').length,
          over: intervals.filter((interval) => interval.staffing === 'over').length,
          peakRequired: Math.max(0, ...intervals.map((interval) => interval.required)),
        },
      };
    },

    /** The Erlang C calculator: the same function as `rapport wfm erlang-c`. */
    erlangC(query: ErlangCQuery): ErlangCResult {
      const problem = findServiceLevelProblems(query)[0];
      if (problem) throw invalid(`${problem.field} ${problem.rule}`, { [problem.field]: problem.rule });
      return { ...agentsForServiceLevel(query), trafficErlangs: trafficOf(query.contactsPerHour, query.ahtSeconds) };
    },

    /** Today in the workspace's time zone. */
    async today(workspaceId: string) {
      return localDay(clock.now().getTime(), await deps.timeZone(workspaceId));
    },
  };
}

export type StaffingService = ReturnType<typeof createStaffingService>;
