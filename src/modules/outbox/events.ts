import type { ComplaintStep } from '../complaints/workflow.ts';
import type { LinkRelation } from '../tickets/structure-schema.ts';

/** What changed on a ticket, by field (API names: status, assigneeId, tags…), as the ticket history stores it. */
export type TicketFieldChanges = Partial<Record<string, { from: string | null; to: string | null }>>;

/**
 * Every domain event the outbox carries, each with its payload: the one catalogue (docs/events.md
 * says when each is written and who subscribes). Payloads are JSON, so times are ISO-8601 text.
 * Stored events outlive the code that wrote them: add fields, never rename or retype one.
 */
export type DomainEvents = {
  'ticket.created': { ticketId: string; number: number; channel: string; splitFrom?: string };
  'ticket.updated': { ticketId: string; changes: TicketFieldChanges; actorId: string };
  'ticket.merged': { ticketId: string; intoId: string; movedMessages: number; movedLinks: number; actorId: string };
  'ticket.linked': { ticketId: string; linkId: string; relation: LinkRelation; otherTicketId: string };
  'ticket.unlinked': { ticketId: string; linkId: string; relation: LinkRelation; otherTicketId: string };
  'ticket.escalated': {
    ticketId: string;
    escalationId: string;
    fromTier: number;
    toTier: number;
    trigger: string;
    reason: string;
    dueAt: string | null;
  };
  'ticket.idle': {
    ticketId: string;
    status: string;
    assigneeId: string | null;
    teamId: string | null;
    idleSince: string;
    businessHours: number;
  };
  'message.created': {
    ticketId: string;
    messageId: string;
    direction: 'inbound' | 'outbound';
    internal: boolean;
    authorType: 'staff' | 'contact' | 'system';
    authorId: string | null;
  };
  'escalation.reviewed': { ticketId: string; escalationId: string; outcome: string };
  'complaint.created': { ticketId: string };
  'complaint.updated': { ticketId: string; completedSteps: Array<{ step: ComplaintStep; skipped: boolean }> };
  'sla.warning': SlaTimerFired;
  'sla.breached': SlaTimerFired;
  'sla.config_changed': Record<string, never>;
  'agent.state_changed': { userId: string; availability: string; capacity: number | null };
  'routing.team_changed': { teamId: string };
  /** A customer answered a ticket's CSAT survey, or changed the answer (`changed`). */
  'survey.answered': { ticketId: string; surveyId: string; score: number; ces: number | null; reason: string | null; hasComment: boolean; changed: boolean };
  /** A low CSAT answer (1–2) opened a follow-up task for the ticket. */
  'follow_up.opened': { followUpId: string; ticketId: string; surveyId: string; score: number; ownerId: string | null; dueAt: string };
  /** A person closed a follow-up with a "what we changed" note (`messageId`: the note or reply it wrote). */
  'follow_up.closed': { followUpId: string; ticketId: string; closedBy: string; notifiedCustomer: boolean; messageId: string };
  /** A contact answered an NPS survey (0–10), or changed the answer (`changed`). */
  'nps.answered': { contactId: string; npsSurveyId: string; score: number; hasComment: boolean; changed: boolean };
  /** An NPS detractor (0–6) opened a follow-up task about the contact (no ticket). */
  'contact_follow_up.opened': { followUpId: string; contactId: string; npsSurveyId: string; score: number; ownerId: string | null; dueAt: string };
  /** A person closed a contact's follow-up with a "what we changed" note; `emailId` is the email it sent the customer, if any. */
  'contact_follow_up.closed': { followUpId: string; contactId: string; closedBy: string; notifiedCustomer: boolean; emailId: string | null };
};

/** An SLA timer that fired: the clock (firstResponse, nextResponse, resolution…) and the due time it was set for. */
export type SlaTimerFired = { ticketId: string; clock: string; dueAt: string; timerId: number | string };

export type EventType = keyof DomainEvents;

/** An event to write: for each type, its own payload. */
export type NewDomainEvent<K extends EventType = EventType> = {
  [T in K]: {
    workspaceId: string;
    /** Events of one aggregate (e.g. a ticket) are delivered in the order they were written. */
    aggregateId: string;
    type: T;
    payload: DomainEvents[T];
  };
}[K];

/** An event as the dispatcher delivers it; `DomainEvent` alone is the union of every type. */
export type DomainEvent<K extends EventType = EventType> = {
  [T in K]: {
    id: number;
    workspaceId: string;
    aggregateId: string;
    type: T;
    payload: DomainEvents[T];
    createdAt: Date;
    attempt: number;
  };
}[K];
