import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { COMPLAINT_STEPS, type ComplaintState, type ComplaintStep, acknowledgementAt, completeStep, nextStep, removedEvidence } from './workflow.ts';

const state = (step: ComplaintStep | null, extra: Partial<ComplaintState> = {}): ComplaintState => ({ step, rootCause: null, correctiveAction: null, ...extra });
const at = { at: 1000, by: 'u1' };

describe('complaint workflow', () => {
  it('completes the next step without a reason', () => {
    expect(completeStep(state(null), 'acknowledge', at)).toEqual({ entries: [{ step: 'acknowledge', at: 1000, by: 'u1' }] });
    expect(completeStep(state('acknowledge'), 'investigate', at)).toEqual({ entries: [{ step: 'investigate', at: 1000, by: 'u1' }] });
  });

  it('needs a reason to skip, and records the skipped steps with it', () => {
    expect(completeStep(state(null), 'resolve', at)).toEqual({ problem: { field: 'skipReason', message: 'a reason is needed to skip acknowledge, investigate' } });
    expect(completeStep(state(null), 'resolve', { ...at, skipReason: '   ' })).toHaveProperty('problem');
    expect(completeStep(state(null), 'resolve', { ...at, skipReason: 'Resolved on the phone' })).toEqual({
      entries: [
        { step: 'acknowledge', at: 1000, by: 'u1', skipped: true, reason: 'Resolved on the phone' },
        { step: 'investigate', at: 1000, by: 'u1', skipped: true, reason: 'Resolved on the phone' },
        { step: 'resolve', at: 1000, by: 'u1' },
      ],
    });
  });

  it('never moves backwards and treats the current step as done already', () => {
    expect(completeStep(state('resolve'), 'investigate', at)).toHaveProperty('problem.field', 'step');
    expect(completeStep(state('resolve'), 'resolve', at)).toEqual({ entries: [] });
  });

  it('records only with a root cause and improves only with a corrective action', () => {
    expect(completeStep(state('resolve'), 'record', at)).toHaveProperty('problem.field', 'rootCause');
    expect(completeStep(state('resolve', { rootCause: ' ' }), 'record', at)).toHaveProperty('problem.field', 'rootCause');
    expect(completeStep(state('resolve', { rootCause: 'No owner for the handover' }), 'record', at)).toHaveProperty('entries');
    expect(completeStep(state('record'), 'improve', at)).toHaveProperty('problem.field', 'correctiveAction');
    expect(completeStep(state('record', { correctiveAction: 'Name an owner' }), 'improve', at)).toHaveProperty('entries');
  });

  it('keeps the evidence of completed steps', () => {
    const history = [{ step: 'record' as const, at: 1, by: null }];
    expect(removedEvidence(state('record'), history)?.field).toBe('rootCause');
    expect(removedEvidence(state('record', { rootCause: 'x' }), history)).toBeUndefined();
    expect(removedEvidence(state('record'), [{ step: 'record', at: 1, by: null, skipped: true }])).toBeUndefined();
  });

  it('acknowledges with the first reply after the complaint was raised', () => {
    expect(acknowledgementAt(100, [null, null])).toBeNull();
    expect(acknowledgementAt(100, [50, null])).toBeNull();
    expect(acknowledgementAt(100, [50, 150])).toBe(150);
    expect(acknowledgementAt(100, [120, 150])).toBe(120);
  });

  it('reaches every step from every earlier one, with a reason when skipping', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1, max: 4 }), fc.integer({ min: 0, max: 4 }), (from, to) => {
        const current = from < 0 ? null : COMPLAINT_STEPS[from];
        const target = COMPLAINT_STEPS[to];
        const outcome = completeStep(state(current, { rootCause: 'cause', correctiveAction: 'action' }), target, { ...at, skipReason: 'because' });
        if (to < from) return 'problem' in outcome;
        if (!('entries' in outcome)) return false;
        const steps = outcome.entries.map((e) => e.step);
        // The entries are exactly the steps after the current one, up to the target, in order.
        return JSON.stringify(steps) === JSON.stringify(COMPLAINT_STEPS.slice(from + 1, to + 1)) && (steps.length === 0 || nextStep(current) === steps[0]);
      }),
    );
  });
});
