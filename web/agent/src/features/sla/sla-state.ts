import type { Ticket } from '@server/modules/tickets/schema.ts';

export type SlaTone = 'ok' | 'warning' | 'breached' | 'paused' | 'met' | 'none';

export interface SlaState {
  tone: SlaTone;
  /** The instant the countdown counts to (the earliest running clock's due time). */
  dueAt: number | null;
  clock: string | null;
}

/**
 * The inbox's SLA cell, from the ticket's clocks as of its last change and the time now: a running
 * clock turns amber at its warning time and red when due; with no running clock, a paused one shows
 * "paused". Clock statuses are stored as of the last change, so "now" decides warning and breach;
 * a solved or closed ticket shows only whether a clock was breached.
 */
export function slaStateOf({ sla, status }: Pick<Ticket, 'sla' | 'status'>, now: number): SlaState {
  // A solved or closed ticket's clocks stand still for good: only the outcome matters.
  if (status === 'solved' || status === 'closed') {
    const breached = sla.clocks.find((c) => c.status === 'breached');
    if (breached) return { tone: 'breached', dueAt: null, clock: breached.clock };
    return { tone: sla.clocks.length > 0 ? 'met' : 'none', dueAt: null, clock: null };
  }
  if (sla.nextDueAt) {
    const dueAt = Date.parse(sla.nextDueAt);
    const clock = sla.clocks.find((c) => c.dueAt === sla.nextDueAt && c.status !== 'met') ?? null;
    const warnAt = clock?.warnAt ? Date.parse(clock.warnAt) : null;
    const tone: SlaTone = now >= dueAt ? 'breached' : warnAt !== null && now >= warnAt ? 'warning' : 'ok';
    return { tone, dueAt, clock: clock?.clock ?? null };
  }
  const paused = sla.clocks.find((c) => c.status === 'paused');
  if (paused) return { tone: 'paused', dueAt: null, clock: paused.clock };
  const breached = sla.clocks.find((c) => c.status === 'breached');
  if (breached) return { tone: 'breached', dueAt: null, clock: breached.clock };
  if (sla.clocks.length > 0 && sla.clocks.every((c) => c.status === 'met')) return { tone: 'met', dueAt: null, clock: null };
  return { tone: 'none', dueAt: null, clock: null };
}
