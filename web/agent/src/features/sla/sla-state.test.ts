import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Ticket } from '../tickets/api.ts';
import { type SlaTone, slaStateOf } from './sla-state.ts';

type Clock = Ticket['sla']['clocks'][number];
const at = (minute: number) => new Date(Date.UTC(2026, 2, 2, 9, minute)).toISOString();
const clock = (overrides: Partial<Clock>): Clock => ({
  clock: 'firstResponse',
  status: 'running',
  targetMinutes: 60,
  dueAt: null,
  warnAt: null,
  breachedAt: null,
  reason: null,
  ...overrides,
});
const sla = (clocks: Clock[], nextDueAt: string | null = null): Ticket['sla'] => ({
  policyId: 'p',
  firstResponseDueAt: null,
  nextResponseDueAt: null,
  resolutionDueAt: null,
  nextDueAt,
  breachedAt: null,
  clocks,
});
const minute = (m: number) => Date.parse(at(m));

describe('slaStateOf', () => {
  const running = sla([clock({ dueAt: at(60), warnAt: at(45) })], at(60));

  it('is green before the warning, amber from it, red from the due time', () => {
    expect(slaStateOf({ sla: running, status: 'open' }, minute(10))).toEqual({ tone: 'ok', dueAt: minute(60), clock: 'firstResponse' });
    expect(slaStateOf({ sla: running, status: 'open' }, minute(45)).tone).toBe('warning');
    expect(slaStateOf({ sla: running, status: 'open' }, minute(60)).tone).toBe('breached');
  });

  it('shows paused when no clock runs, and only the outcome once solved', () => {
    const paused = sla([clock({ status: 'paused' }), clock({ clock: 'acknowledgement', status: 'met', dueAt: at(15) })]);
    expect(slaStateOf({ sla: paused, status: 'pending' }, minute(10))).toEqual({ tone: 'paused', dueAt: null, clock: 'firstResponse' });
    expect(slaStateOf({ sla: paused, status: 'solved' }, minute(10)).tone).toBe('met');
    expect(slaStateOf({ sla: sla([clock({ status: 'breached', dueAt: at(5) })]), status: 'closed' }, minute(10)).tone).toBe('breached');
    expect(slaStateOf({ sla: sla([]), status: 'open' }, minute(10)).tone).toBe('none');
  });

  it('never goes back from red to amber or green as time passes', () => {
    const order: SlaTone[] = ['ok', 'warning', 'breached'];
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 600 }),
        fc.integer({ min: 0, max: 100 }),
        fc.integer({ min: -100, max: 700 }),
        fc.integer({ min: 0, max: 300 }),
        (target, warnPercent, now, later) => {
          const state = sla([clock({ dueAt: at(target), warnAt: at(Math.floor((target * warnPercent) / 100)) })], at(target));
          const before = order.indexOf(slaStateOf({ sla: state, status: 'open' }, minute(now)).tone);
          const after = order.indexOf(slaStateOf({ sla: state, status: 'open' }, minute(now + later)).tone);
          expect(after).toBeGreaterThanOrEqual(before);
        },
      ),
    );
  });
});
