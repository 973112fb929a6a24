import type { TicketTable } from '../../db/types.ts';

type Required = Pick<TicketTable, 'id' | 'workspace_id' | 'number' | 'subject' | 'requester_id' | 'created_at'>;

/** A new ticket row: the given fields over the defaults every fresh ticket starts with (also for bulk seeding). */
export const newTicketRow = (fields: Required & Partial<TicketTable>): TicketTable => ({
  status: 'new',
  priority: 'P3',
  type: 'question',
  channel: 'api',
  organisation_id: null,
  assignee_id: null,
  team_id: null,
  tags: '[]',
  custom_fields: '{}',
  version: 1,
  updated_at: fields.created_at,
  first_response_at: null,
  solved_at: null,
  closed_at: null,
  last_customer_message_at: null,
  last_agent_message_at: null,
  acknowledged_at: null,
  sla_policy_id: null,
  first_response_due_at: null,
  next_response_due_at: null,
  resolution_due_at: null,
  sla_breached_at: null,
  sla_state: null,
  sla_next_due_at: null,
  escalation_tier: 1,
  custom_status: null,
  merged_into_id: null,
  impact: null,
  urgency: null,
  ...fields,
});
