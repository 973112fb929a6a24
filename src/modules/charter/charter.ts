import { COMPLAINT_STEPS, type ComplaintStep } from '../complaints/workflow.ts';
import { PRIORITIES } from '../escalations/priority.ts';
import type { ClockAdherence } from '../metrics/adherence.ts';
import { ratio } from '../metrics/ticket-metrics.ts';
import type { CalendarDefinition } from '../sla/calendar.ts';
import { policyMatches } from '../sla/policy-match.ts';
import type { PolicyConditions } from '../sla/schema.ts';
import { CLOCKS, type ClockName } from '../sla/sla-clock.ts';

/**
 * The public service charter of a workspace, built from its live configuration — the service
 * catalogue, SLA policies and their calendars, the complaint procedure — and the measured adherence
 * of the last 30 and 90 days from the metric rollups. Pure: no I/O. It holds no customer data.
 */

export interface CharterPolicy {
  name: string;
  conditions: PolicyConditions;
  targets: Partial<Record<ClockName, number | null>>;
  /** null: around the clock. */
  calendar: { name: string; definition: CalendarDefinition } | null;
}

export interface CharterInput {
  workspaceName: string;
  offerings: Array<{
    name: string;
    scope: string;
    delivery: string;
    channels: string[];
    entitlements: string[];
    policyName: string | null;
  }>;
  /** Active policies, in the order the SLA engine tries them. */
  policies: CharterPolicy[];
  /** The channels the charter promises on. */
  channels: string[];
  adherence: { last30: AdherenceRow[]; last90: AdherenceRow[] };
}

export interface AdherenceRow {
  channel: string;
  priority: string;
  clocks: ClockAdherence;
}

export interface Measured {
  due: number;
  met: number;
  /** null when nothing was due. */
  percent: number | null;
}

export const CLOCK_LABELS: Record<ClockName, string> = {
  acknowledgement: 'We confirm we have your request',
  firstResponse: 'A person replies',
  nextResponse: 'We answer each of your replies',
  resolution: 'Your request is resolved',
};

const STEP_LABELS: Record<ComplaintStep, string> = {
  acknowledge: 'Acknowledge: we confirm we have your complaint and who handles it',
  investigate: 'Investigate: we find out what happened and why',
  resolve: 'Resolve: we tell you what we found and put things right',
  record: 'Record: we write down the root cause',
  improve: 'Improve: we change what caused it, so it does not happen again',
};

const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const DAY_NAMES: Record<(typeof DAYS)[number], string> = {
  mon: 'Mon',
  tue: 'Tue',
  wed: 'Wed',
  thu: 'Thu',
  fri: 'Fri',
  sat: 'Sat',
  sun: 'Sun',
};

/** Opening hours in a line: "Mon–Fri 09:00–17:00, Sat 10:00–14:00 (Europe/Berlin)". */
export function describeHours(calendar: CharterPolicy['calendar']): string {
  if (!calendar || calendar.definition.alwaysOpen) return 'Around the clock, every day';
  const hours = calendar.definition.hours ?? {};
  const spans = DAYS.map((day) => ((hours[day] ?? []) as string[][]).map(([start, end]) => `${start}–${end}`).join(', '));
  const groups: string[] = [];
  for (let i = 0; i < DAYS.length; ) {
    let j = i;
    while (j + 1 < DAYS.length && spans[j + 1] === spans[i]) j++;
    if (spans[i]) groups.push(`${DAY_NAMES[DAYS[i]]}${j > i ? `–${DAY_NAMES[DAYS[j]]}` : ''} ${spans[i]}`);
    i = j + 1;
  }
  return `${groups.join('; ') || 'Closed'} (${calendar.definition.timezone})`;
}

/** A target in words: "15 minutes", "4 business hours", "2 days". */
export function describeTarget(minutes: number, calendar: CharterPolicy['calendar']) {
  const business = calendar && !calendar.definition.alwaysOpen ? 'business ' : '';
  if (minutes < 120) return `${minutes} ${business}minute${minutes === 1 ? '' : 's'}`;
  const hours = minutes / 60;
  const shown = Number.isInteger(hours) ? String(hours) : hours.toFixed(1);
  return `${shown} ${business}hours`;
}

const measured = (rows: AdherenceRow[], channel: string, priority: string, clock: ClockName): Measured => {
  const row = rows.find((candidate) => candidate.channel === channel && candidate.priority === priority);
  const due = row?.clocks[clock].due ?? 0;
  const met = row?.clocks[clock].met ?? 0;
  return { due, met, percent: ratio(met, due, 100) };
};

/** The policy the SLA engine would apply to a standard customer's question on this channel and priority. */
const policyFor = (policies: CharterPolicy[], channel: string, priority: string, type = 'question') =>
  policies.find((policy) => policyMatches(policy.conditions, { channel, priority, type, tier: 'standard', organisationId: null }));

export function buildCharter(input: CharterInput) {
  const channels = input.channels.map((channel) => {
    const hoursPolicy = policyFor(input.policies, channel, 'P3');
    return {
      channel,
      hours: describeHours(hoursPolicy?.calendar ?? null),
      promises: PRIORITIES.map((priority) => {
        const policy = policyFor(input.policies, channel, priority);
        const targets = CLOCKS.flatMap((clock) => {
          const minutes = policy?.targets[clock];
          if (minutes === undefined || minutes === null) return [];
          return [
            {
              clock,
              label: CLOCK_LABELS[clock],
              minutes,
              within: describeTarget(minutes, policy?.calendar ?? null),
              last30: measured(input.adherence.last30, channel, priority, clock),
              last90: measured(input.adherence.last90, channel, priority, clock),
            },
          ];
        });
        return { priority, policyName: policy?.name ?? null, targets };
      }).filter((promise) => promise.targets.length),
    };
  });
  const complaintPolicy = policyFor(input.policies, 'email', 'P3', 'complaint');
  const deadline = (clock: ClockName) => {
    const minutes = complaintPolicy?.targets[clock];
    return minutes === undefined || minutes === null ? null : describeTarget(minutes, complaintPolicy?.calendar ?? null);
  };
  return {
    workspaceName: input.workspaceName,
    services: input.offerings,
    channels,
    complaints: COMPLAINT_STEPS.map((step) => ({
      step,
      label: STEP_LABELS[step],
      within: step === 'acknowledge' ? deadline('acknowledgement') : step === 'resolve' ? deadline('resolution') : null,
    })),
  };
}

export type Charter = ReturnType<typeof buildCharter>;
