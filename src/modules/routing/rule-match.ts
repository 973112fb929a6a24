import type { RuleConditions } from './schema.ts';

/** What routing rules look at on a new ticket. */
export interface RoutableTicket {
  channel: string;
  type: string;
  organisationId: string | null;
  tags: readonly string[];
}

const allows = (list: readonly string[] | undefined, value: string | null) => !list?.length || (value !== null && list.includes(value));

/**
 * True when every dimension the rule lists matches: the ticket's channel, type and organisation are
 * among those listed, and it carries at least one of the listed tags. Unlisted dimensions match anything.
 */
export const ruleMatches = (conditions: RuleConditions, ticket: RoutableTicket) =>
  allows(conditions.channels, ticket.channel) &&
  allows(conditions.types, ticket.type) &&
  allows(conditions.organisationIds, ticket.organisationId) &&
  (!conditions.tags?.length || conditions.tags.some((tag) => ticket.tags.includes(tag.trim().toLowerCase())));

/** The first active rule, in position order, that matches the ticket. */
export function firstMatchingRule<R extends { isActive: boolean; conditions: RuleConditions }>(rules: readonly R[], ticket: RoutableTicket) {
  return rules.find((rule) => rule.isActive && ruleMatches(rule.conditions, ticket));
}
