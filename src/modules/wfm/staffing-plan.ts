import type { BusinessCalendar } from '../sla/calendar.ts';
import { backlogAgents } from './backlog.ts';
import { agentsForServiceLevel } from './erlang-c.ts';
import { requiredAgents } from './staffing.ts';
import type { StaffingMethod, StaffingSettings } from './staffing-settings.ts';
import { coverageOf } from './shifts.ts';

// Required against scheduled agents per interval and channel. Pure: the forecast, the handle times,
// the calendar and the worked shifts come in. Method per channel and the split of multi-channel shifts:
// docs/staffing.md and docs/decisions/0021-staffing-plan.md.

const HOUR_MS = 3_600_000;

export interface PlanInterval {
  /** Epoch milliseconds; contiguous, in order. A local hour skipped by a clock change is empty (start = end). */
  start: number;
  end: number;
}

export interface ChannelDemand {
  channel: string;
  method: StaffingMethod;
  /** Forecast contacts per interval (same length as the intervals). */
  contacts: ReadonlyArray<number>;
  ahtSeconds: number;
  occupancy: number;
  firstResponseMinutes: number;
}

/** A shift as worked on one day: its instant range, its channels, and how many agents are on it. */
export interface WorkedShift {
  start: number;
  end: number;
  channels: ReadonlyArray<string>;
  agents: number;
}

export interface StaffingPlanInput {
  intervals: ReadonlyArray<PlanInterval>;
  demands: ReadonlyArray<ChannelDemand>;
  settings: Pick<StaffingSettings, 'serviceLevel' | 'maxOccupancy' | 'shrinkage' | 'buffer'>;
  /** The business hours the backlog model counts in. */
  calendar: BusinessCalendar;
  shifts: ReadonlyArray<WorkedShift>;
}

export type Staffing = 'under' | 'over' | 'ok';

export interface StaffingFigures {
  contacts: number;
  /** Agents to schedule (shrinkage included); whole for Erlang C, not rounded for the other methods. */
  required: number;
  scheduled: number;
  /** scheduled − required: below 0 too few, above 0 too many. */
  gap: number;
  staffing: Staffing;
}

export interface PlannedInterval extends StaffingFigures {
  byChannel: Array<StaffingFigures & { channel: string }>;
}

/** Under-staffed below required × (1 − buffer), over-staffed above required × (1 + buffer). */
export function staffingOf(required: number, scheduled: number, buffer: number): Staffing {
  // A hair of float noise must not flag an interval staffed exactly at the edge.
  const slack = 1e-9 * Math.max(1, required);
  if (scheduled < required * (1 - buffer) - slack) return 'under';
  if (scheduled > required * (1 + buffer) + slack) return 'over';
  return 'ok';
}

/** Agents to schedule in each interval for one channel's forecast, by its method. */
export function requiredByMethod(demand: ChannelDemand, input: Pick<StaffingPlanInput, 'intervals' | 'settings' | 'calendar'>): number[] {
  const { intervals, settings, calendar } = input;
  const afterShrinkage = (agents: number) => agents / (1 - settings.shrinkage);
  if (demand.method === 'backlog') {
    const plan = backlogAgents({
      calendar,
      intervals: intervals.map((interval, index) => ({ ...interval, arrivals: demand.contacts[index] })),
      ahtSeconds: demand.ahtSeconds,
      firstResponseMinutes: demand.firstResponseMinutes,
      occupancy: demand.occupancy,
    });
    return plan.agents.map(afterShrinkage);
  }
  return intervals.map(({ start, end }, index) => {
    const contacts = demand.contacts[index];
    if (!(contacts > 0) || end <= start) return 0;
    const contactsPerHour = (contacts * HOUR_MS) / (end - start);
    if (demand.method === 'workload') {
      return afterShrinkage(requiredAgents({ contactsPerHour, ahtSeconds: demand.ahtSeconds, occupancy: demand.occupancy }).agents);
    }
    return agentsForServiceLevel({
      contactsPerHour,
      ahtSeconds: demand.ahtSeconds,
      targetPercent: settings.serviceLevel.targetPercent,
      targetSeconds: settings.serviceLevel.targetSeconds,
      shrinkage: settings.shrinkage,
      maxOccupancy: settings.maxOccupancy ?? undefined,
    }).scheduledAgents;
  });
}

/**
 * Per interval: each channel's forecast, required and scheduled agents, and the totals. An agent on a
 * shift of several channels is shared among them in proportion to what each requires in the interval
 * (evenly when none requires anything), as a blended team works where the work is.
 */
export function planStaffing(input: StaffingPlanInput): PlannedInterval[] {
  const { intervals, demands, settings, shifts } = input;
  const required = demands.map((demand) => requiredByMethod(demand, input));
  const indexOf = new Map(demands.map((demand, index) => [demand.channel, index]));
  return intervals.map(({ start, end }, slot) => {
    const scheduled = new Array<number>(demands.length).fill(0);
    let heads = 0;
    for (const shift of shifts) {
      const present = shift.agents * coverageOf(shift, start, end);
      if (present === 0) continue;
      heads += present;
      const served = shift.channels.map((channel) => indexOf.get(channel)).filter((index) => index !== undefined);
      if (served.length === 0) continue;
      const requiredThere = served.reduce((sum, index) => sum + required[index][slot], 0);
      for (const index of served) scheduled[index] += present * (requiredThere > 0 ? required[index][slot] / requiredThere : 1 / served.length);
    }
    const byChannel = demands.map((demand, index) => figuresOf(demand.contacts[slot], required[index][slot], scheduled[index], settings.buffer));
    const total = figuresOf(
      byChannel.reduce((sum, figures) => sum + figures.contacts, 0),
      byChannel.reduce((sum, figures) => sum + figures.required, 0),
      heads,
      settings.buffer,
    );
    return { ...total, byChannel: byChannel.map((figures, index) => ({ channel: demands[index].channel, ...figures })) };
  });
}

const figuresOf = (contacts: number, required: number, scheduled: number, buffer: number): StaffingFigures => ({
  contacts,
  required,
  scheduled,
  gap: scheduled - required,
  staffing: staffingOf(required, scheduled, buffer),
});
