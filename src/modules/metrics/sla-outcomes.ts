import { CLOCKS, type ClockName, type ClockState } from '../sla/sla-clock.ts';

// SLA adherence per target (met ÷ due) from the clocks the SLA engine stored on the ticket at its
// last change (`ticket.sla_state`). A clock is decided once it stopped (met, or breached when it
// used more than its target) or once its due time passed while it ran (breached). Pure.

export type SlaOutcome = { readonly result: 'met' | 'breached'; readonly at: number } | null;

/** Each clock's outcome as of `asOf`: null while it runs within its target or when it is not tracked. */
export function slaOutcomes(clocks: ReadonlyArray<Pick<ClockState, 'clock' | 'status' | 'stoppedAt' | 'dueAt' | 'breachedAt'>>, asOf: number) {
  const outcomes = {} as Record<ClockName, SlaOutcome>;
  for (const name of CLOCKS) {
    const state = clocks.find((clock) => clock.clock === name);
    let outcome: SlaOutcome = null;
    if (state?.status === 'breached') outcome = { result: 'breached', at: state.breachedAt ?? state.dueAt ?? state.stoppedAt ?? asOf };
    else if (state?.stoppedAt != null) outcome = { result: 'met', at: state.stoppedAt };
    else if (state?.dueAt != null && asOf > state.dueAt) outcome = { result: 'breached', at: state.dueAt };
    outcomes[name] = outcome;
  }
  return outcomes;
}

/** The stored clocks of a ticket; a row written before clocks existed, or unreadable, has none. */
export function readStoredClocks(stored: string | null): ClockState[] {
  if (!stored) return [];
  try {
    const clocks: unknown = JSON.parse(stored);
    return Array.isArray(clocks) ? (clocks as ClockState[]) : [];
  } catch {
    return [];
  }
}
