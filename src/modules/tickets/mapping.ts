import type { AttachmentTable, ContactTable, MessageTable, TicketEventTable } from '../../db/types.ts';
import { iso } from '../../lib/schema.ts';
import type { TicketRow } from './repo.ts';
import type { Message, Ticket, TicketEvent } from './schema.ts';

interface StoredClock {
  clock: string;
  status: string;
  targetMinutes: number;
  dueAt: number | null;
  warnAt?: number | null;
  breachedAt: number | null;
  reason?: string | null;
}

/** Rows to API shapes: the only place ticket columns are read for clients. `statusLabels` names custom statuses by key. */
export function toTicket(
  row: TicketRow,
  requester: Pick<ContactTable, 'id' | 'name' | 'emails'> | undefined,
  statusLabels?: ReadonlyMap<string, string>,
): Ticket {
  return {
    id: row.id,
    number: row.number,
    subject: row.subject,
    status: row.status as Ticket['status'],
    priority: row.priority as Ticket['priority'],
    type: row.type as Ticket['type'],
    channel: row.channel as Ticket['channel'],
    requesterId: row.requester_id,
    requester: {
      id: row.requester_id,
      name: requester?.name ?? '',
      email: requester ? (JSON.parse(requester.emails)[0] ?? null) : null,
    },
    organisationId: row.organisation_id,
    assigneeId: row.assignee_id,
    teamId: row.team_id,
    tags: JSON.parse(row.tags),
    customFields: JSON.parse(row.custom_fields),
    version: row.version,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
    firstResponseAt: iso(row.first_response_at),
    solvedAt: iso(row.solved_at),
    closedAt: iso(row.closed_at),
    sla: {
      policyId: row.sla_policy_id,
      firstResponseDueAt: iso(row.first_response_due_at),
      nextResponseDueAt: iso(row.next_response_due_at),
      resolutionDueAt: iso(row.resolution_due_at),
      nextDueAt: iso(row.sla_next_due_at),
      breachedAt: iso(row.sla_breached_at),
      clocks: (row.sla_state ? (JSON.parse(row.sla_state) as StoredClock[]) : []).map((clock) => ({
        clock: clock.clock,
        status: clock.status,
        targetMinutes: clock.targetMinutes,
        dueAt: iso(clock.dueAt),
        warnAt: iso(clock.warnAt),
        breachedAt: iso(clock.breachedAt),
        reason: clock.reason ?? null,
      })),
    },
    escalationTier: row.escalation_tier,
    customStatus: row.custom_status,
    customStatusLabel: row.custom_status === null ? null : (statusLabels?.get(row.custom_status) ?? row.custom_status),
    mergedIntoId: row.merged_into_id,
    impact: row.impact as Ticket['impact'],
    urgency: row.urgency as Ticket['urgency'],
  };
}

export const toMessage = (row: MessageTable, attachments: AttachmentTable[]): Message => ({
  id: row.id,
  ticketId: row.ticket_id,
  authorType: row.author_type as Message['authorType'],
  authorId: row.author_id,
  direction: row.direction as Message['direction'],
  internal: row.is_internal === 1,
  channel: row.channel as Message['channel'],
  text: row.text,
  html: row.html,
  deliveryStatus: row.delivery_status,
  timeSpentSeconds: row.time_spent_seconds,
  attachments: attachments.map((a) => ({
    id: a.id,
    filename: a.filename,
    contentType: a.content_type,
    size: a.size,
    contentId: a.content_id,
    inline: a.is_inline === 1,
  })),
  createdAt: new Date(row.created_at).toISOString(),
});

export const toTicketEvent = (row: TicketEventTable): TicketEvent => ({
  id: row.id,
  actorType: row.actor_type,
  actorId: row.actor_id,
  field: row.field,
  oldValue: row.old_value,
  newValue: row.new_value,
  note: row.note ?? null,
  createdAt: new Date(row.created_at).toISOString(),
});
