import { formatInTimeZone } from '../../lib/timezone.ts';
import type { TicketProfile } from './policy-match.ts';
import type { SlaComputation } from './sla-clock.ts';

const LABELS: Record<string, string> = {
  acknowledgement: 'Acknowledgement',
  firstResponse: 'First response',
  nextResponse: 'Next response',
  resolution: 'Resolution',
};

const minutes = (ms: number) => `${Math.round(ms / 600) / 100} min`;
const at = (time: number | null, timezone: string) =>
  time === null
    ? '—'
    : `${new Date(time).toISOString()} (${formatInTimeZone(time, timezone, 'short')})`;

/** The SLA arithmetic of one ticket in plain sentences, for `rapport sla explain` and the API. */
export function explainLines(input: {
  policyName: string | null;
  calendarName: string;
  /** Why the calendar cannot time the clocks, when it cannot. */
  calendarProblem: string | null;
  timezone: string;
  profile: TicketProfile;
  computation: SlaComputation;
}): string[] {
  const { profile, computation, timezone } = input;
  const lines = [
    input.policyName
      ? `Policy "${input.policyName}" applies (channel ${profile.channel}, priority ${profile.priority}, type ${profile.type}, tier ${profile.tier}).`
      : `No SLA policy matches (channel ${profile.channel}, priority ${profile.priority}, type ${profile.type}, tier ${profile.tier}): no clocks run.`,
    `Business hours: "${input.calendarName}" (${timezone}).`,
  ];
  if (input.calendarProblem) lines.push(input.calendarProblem);
  if (computation.pauses.length) {
    lines.push(`Clocks stood still ${computation.pauses.map(([from, to]) => `from ${at(from, timezone)} to ${to === null ? 'now' : at(to, timezone)}`).join('; ')}.`);
  }
  for (const clock of computation.clocks) {
    const label = LABELS[clock.clock] ?? clock.clock;
    const head = `${label}: target ${clock.targetMinutes} business min from ${at(clock.startedAt, timezone)}`;
    const due = clock.dueAt !== null ? `due ${at(clock.dueAt, timezone)}` : clock.reason === null ? 'due time moves while paused' : 'no due time';
    const used = `${minutes(clock.elapsedMs)} used`;
    const outcome =
      clock.status === 'met'
        ? `met at ${at(clock.stoppedAt, timezone)}`
        : clock.status === 'breached'
          ? `BREACHED at ${at(clock.breachedAt, timezone)}${clock.stoppedAt ? `, done at ${at(clock.stoppedAt, timezone)}` : ''}`
          : clock.status;
    lines.push(`${head} → ${due}; ${used}; ${outcome}.`);
  }
  return lines;
}
