import type { CustomFieldType } from './schema.ts';

/** What validation needs to know of a field definition. */
export interface FieldRule {
  key: string;
  type: CustomFieldType;
  options: readonly string[];
  required: boolean;
  active: boolean;
}

const isEmpty = (value: unknown) => value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);

/** A real calendar date written YYYY-MM-DD (2026-02-30 is not one). */
export function isIsoDate(value: string) {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** Why a value does not fit its field's type, or undefined when it does. */
function typeProblem(rule: FieldRule, value: unknown): string | undefined {
  switch (rule.type) {
    case 'text':
      return typeof value === 'string' ? undefined : 'must be text';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? undefined : 'must be a number';
    case 'date':
      return typeof value === 'string' && isIsoDate(value) ? undefined : 'must be a date (YYYY-MM-DD)';
    case 'checkbox':
      return typeof value === 'boolean' ? undefined : 'must be true or false';
    case 'select':
      if (typeof value !== 'string') return 'must be one of the options';
      return rule.options.includes(value) ? undefined : `"${value}" is not an option`;
    case 'multi-select': {
      if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) return 'must be a list of options';
      const unknown = value.filter((v) => !rule.options.includes(v));
      if (unknown.length) return `not options: ${unknown.map((v) => `"${v}"`).join(', ')}`;
      return new Set(value).size === value.length ? undefined : 'lists an option twice';
    }
  }
}

/**
 * Problems of the custom field values a ticket write sends, by request field (`customFields.<key>`).
 * A null value removes the field's value. Required fields are checked when `enforceRequired`:
 * on create every required field needs a value; on update a required value cannot be cleared.
 */
export function customFieldProblems(
  rules: readonly FieldRule[],
  values: Record<string, unknown>,
  options: { mode: 'create' | 'update'; enforceRequired: boolean },
): Record<string, string> {
  const byKey = new Map(rules.map((rule) => [rule.key, rule]));
  const problems: Record<string, string> = {};
  for (const [key, value] of Object.entries(values)) {
    const rule = byKey.get(key);
    const where = `customFields.${key}`;
    if (!rule) problems[where] = 'unknown field';
    else if (value === null) continue;
    else if (!rule.active) problems[where] = 'inactive field';
    else {
      const problem = typeProblem(rule, value);
      if (problem) problems[where] = problem;
    }
  }
  if (options.enforceRequired) {
    for (const rule of rules) {
      const where = `customFields.${rule.key}`;
      if (!rule.required || !rule.active || problems[where]) continue;
      const missing = options.mode === 'create' ? isEmpty(values[rule.key]) : Object.hasOwn(values, rule.key) && isEmpty(values[rule.key]);
      if (missing) problems[where] = 'required';
    }
  }
  return problems;
}
