import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { customFieldProblems, type FieldRule, isIsoDate } from './validate.ts';

const rule = (key: string, type: FieldRule['type'], extra: Partial<FieldRule> = {}): FieldRule => ({ key, type, options: [], required: false, active: true, ...extra });
const rules: FieldRule[] = [
  rule('order', 'text'),
  rule('seats', 'number'),
  rule('due', 'date'),
  rule('plan', 'select', { options: ['basic', 'pro'] }),
  rule('areas', 'multi-select', { options: ['billing', 'login', 'export'] }),
  rule('vip', 'checkbox'),
];
const check = (values: Record<string, unknown>, mode: 'create' | 'update' = 'update', all = rules) => customFieldProblems(all, values, { mode, enforceRequired: true });

describe('custom field validation', () => {
  it('accepts a value of the right type for every type, and null to clear', () => {
    expect(check({ order: 'A-1', seats: 3.5, due: '2026-02-28', plan: 'pro', areas: ['billing', 'export'], vip: false })).toEqual({});
    expect(check({ order: null, seats: null, due: null, plan: null, areas: null, vip: null })).toEqual({});
    expect(check({ order: '', areas: [] })).toEqual({});
  });

  it('names each wrong value by its field', () => {
    expect(check({ order: 5, seats: '5', due: '28/02/2026', plan: 'gold', areas: ['billing', 'nope'], vip: 'yes' })).toEqual({
      'customFields.order': 'must be text',
      'customFields.seats': 'must be a number',
      'customFields.due': 'must be a date (YYYY-MM-DD)',
      'customFields.plan': '"gold" is not an option',
      'customFields.areas': 'not options: "nope"',
      'customFields.vip': 'must be true or false',
    });
    expect(check({ areas: ['login', 'login'] })).toEqual({ 'customFields.areas': 'lists an option twice' });
    expect(check({ areas: 'login' })).toEqual({ 'customFields.areas': 'must be a list of options' });
    expect(check({ plan: ['pro'] })).toEqual({ 'customFields.plan': 'must be one of the options' });
    expect(check({ unknown: 1 })).toEqual({ 'customFields.unknown': 'unknown field' });
  });

  it('refuses new values for inactive fields but lets them be cleared', () => {
    const inactive = [rule('old', 'text', { active: false })];
    expect(check({ old: 'x' }, 'update', inactive)).toEqual({ 'customFields.old': 'inactive field' });
    expect(check({ old: null }, 'update', inactive)).toEqual({});
  });

  it('requires values on create and forbids clearing them on update', () => {
    const required = [rule('order', 'text', { required: true }), rule('vip', 'checkbox', { required: true }), rule('gone', 'text', { required: true, active: false })];
    expect(check({}, 'create', required)).toEqual({ 'customFields.order': 'required', 'customFields.vip': 'required' });
    expect(check({ order: '  ', vip: false }, 'create', required)).toEqual({});
    expect(check({ order: '' , vip: true }, 'create', required)).toEqual({ 'customFields.order': 'required' });
    expect(check({}, 'update', required)).toEqual({});
    expect(check({ order: null }, 'update', required)).toEqual({ 'customFields.order': 'required' });
    expect(customFieldProblems(required, {}, { mode: 'create', enforceRequired: false })).toEqual({});
  });

  it('knows real calendar dates', () => {
    expect(['2024-02-29', '2026-12-31', '2026-01-01'].every(isIsoDate)).toBe(true);
    expect(['2026-02-29', '2026-13-01', '2026-00-10', '2026-1-1', '2026-01-01T00:00:00Z', ''].some(isIsoDate)).toBe(false);
    fc.assert(
      fc.property(fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2199-12-31T00:00:00Z'), noInvalidDate: true }), (date) => isIsoDate(date.toISOString().slice(0, 10))),
    );
  });
});
