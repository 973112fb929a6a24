import { describe, expect, it } from 'vitest';
import { firstMatchingRule, ruleMatches } from './rule-match.ts';

const ticket = { channel: 'email', type: 'incident', organisationId: 'org-1', tags: ['billing', 'vip'] };

describe('ruleMatches', () => {
  it('matches on every listed dimension and ignores unlisted ones', () => {
    expect(ruleMatches({}, ticket)).toBe(true);
    expect(ruleMatches({ channels: ['email', 'chat'] }, ticket)).toBe(true);
    expect(ruleMatches({ channels: ['chat'] }, ticket)).toBe(false);
    expect(ruleMatches({ types: ['incident'], organisationIds: ['org-1'] }, ticket)).toBe(true);
    expect(ruleMatches({ types: ['incident'], organisationIds: ['org-2'] }, ticket)).toBe(false);
    expect(ruleMatches({ organisationIds: ['org-1'] }, { ...ticket, organisationId: null })).toBe(false);
  });

  it('needs one of the listed tags, case-insensitively', () => {
    expect(ruleMatches({ tags: ['Billing', 'refund'] }, ticket)).toBe(true);
    expect(ruleMatches({ tags: ['refund'] }, ticket)).toBe(false);
    expect(ruleMatches({ tags: [] }, ticket)).toBe(true);
  });
});

describe('firstMatchingRule', () => {
  it('takes the first active match in the given order', () => {
    const rules = [
      { name: 'off', isActive: false, conditions: {} },
      { name: 'chat', isActive: true, conditions: { channels: ['chat' as const] } },
      { name: 'billing', isActive: true, conditions: { tags: ['billing'] } },
      { name: 'all', isActive: true, conditions: {} },
    ];
    expect(firstMatchingRule(rules, ticket)?.name).toBe('billing');
    expect(firstMatchingRule(rules.slice(0, 2), ticket)).toBeUndefined();
  });
});
