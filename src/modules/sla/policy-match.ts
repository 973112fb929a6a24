import type { PolicyConditions } from './schema.ts';

/** What SLA policies match on. `tier` is the higher of the requester's and their organisation's. */
export interface TicketProfile {
  channel: string;
  priority: string;
  type: string;
  tier: string;
  organisationId: string | null;
}

const allows = (list: readonly string[] | undefined, value: string | null) => !list?.length || (value !== null && list.includes(value));

/** True when every dimension the policy lists contains the ticket's value (unlisted ones match anything). */
export const policyMatches = (conditions: PolicyConditions, ticket: TicketProfile) =>
  allows(conditions.channels, ticket.channel) &&
  allows(conditions.priorities, ticket.priority) &&
  allows(conditions.tiers, ticket.tier) &&
  allows(conditions.types, ticket.type) &&
  allows(conditions.organisationIds, ticket.organisationId);
