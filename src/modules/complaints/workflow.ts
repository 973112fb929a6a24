/**
 * The formal complaint procedure: acknowledge → investigate → resolve → record → improve.
 * Steps are completed in order; completing a later one skips those between, which needs a reason.
 * Pure: no I/O, the instant comes from the caller.
 */
export const COMPLAINT_STEPS = ['acknowledge', 'investigate', 'resolve', 'record', 'improve'] as const;
export type ComplaintStep = (typeof COMPLAINT_STEPS)[number];

export interface StepEntry {
  step: ComplaintStep;
  at: number;
  /** The staff user who completed it; null when the system did (an acknowledgement reply). */
  by: string | null;
  skipped?: boolean;
  reason?: string;
}

export interface ComplaintState {
  step: ComplaintStep | null;
  rootCause: string | null;
  correctiveAction: string | null;
}

export type StepOutcome = { entries: StepEntry[] } | { problem: { field: string; message: string } };

const indexOf = (step: ComplaintStep | null) => (step === null ? -1 : COMPLAINT_STEPS.indexOf(step));
const filled = (value: string | null) => value !== null && value.trim() !== '';

export const nextStep = (step: ComplaintStep | null): ComplaintStep | null => COMPLAINT_STEPS[indexOf(step) + 1] ?? null;

/**
 * The history entries that completing `target` adds (skipped steps first), or why it may not.
 * Completing the current step again adds nothing, so a retried request is harmless.
 */
export function completeStep(
  state: ComplaintState,
  target: ComplaintStep,
  context: { at: number; by: string | null; skipReason?: string },
): StepOutcome {
  const from = indexOf(state.step);
  const to = indexOf(target);
  if (to === from) return { entries: [] };
  if (to < from) return { problem: { field: 'step', message: `steps only move forward; "${state.step}" is already done` } };
  const skipped = COMPLAINT_STEPS.slice(from + 1, to);
  const reason = context.skipReason?.trim();
  if (skipped.length && !reason) {
    return { problem: { field: 'skipReason', message: `a reason is needed to skip ${skipped.join(', ')}` } };
  }
  if (target === 'record' && !filled(state.rootCause)) {
    return { problem: { field: 'rootCause', message: 'recording a complaint needs its root cause' } };
  }
  if (target === 'improve' && !filled(state.correctiveAction)) {
    return { problem: { field: 'correctiveAction', message: 'the improve step needs a corrective action' } };
  }
  return {
    entries: [
      ...skipped.map((step): StepEntry => ({ step, at: context.at, by: context.by, skipped: true, reason })),
      { step: target, at: context.at, by: context.by },
    ],
  };
}

/** A completed step's evidence cannot be removed afterwards (the record would no longer hold). */
export function removedEvidence(state: ComplaintState, history: readonly StepEntry[]): { field: string; message: string } | undefined {
  const done = (step: ComplaintStep) => history.some((entry) => entry.step === step && !entry.skipped);
  if (done('record') && !filled(state.rootCause)) return { field: 'rootCause', message: 'the complaint was recorded with a root cause; it cannot be removed' };
  if (done('improve') && !filled(state.correctiveAction)) return { field: 'correctiveAction', message: 'the improve step was done with a corrective action; it cannot be removed' };
  return undefined;
}

/** When the complaint was acknowledged: a reply after it was raised (the SLA acknowledgement) or staff marking it. */
export function acknowledgementAt(complaintCreatedAt: number, replies: Array<number | null>): number | null {
  const after = replies.filter((at): at is number => at !== null && at >= complaintCreatedAt);
  return after.length ? Math.min(...after) : null;
}
