import type { Db } from '../db/types.ts';
import type { Clock } from '../lib/clock.ts';
import { queueEmailOnMessage } from '../modules/email/outbound.ts';
import type { Dispatcher } from '../modules/outbox/dispatcher.ts';
import type { Services } from './services.ts';

/** In-process reactions to domain events, delivered at least once by the outbox dispatcher. */
export function registerSubscribers(dispatcher: Dispatcher, services: Services, context: { db: Db; clock: Clock }) {
  // Public replies on email tickets (and acknowledgements) go out as email through the queue.
  dispatcher.subscribe(
    'message.created',
    queueEmailOnMessage(context.db, context.clock, async (tx, workspaceId) => (await services.workspace.readSettings(tx, workspaceId)).ticketTokenFormat),
  );
  // Policies or calendars changed: re-evaluate every open ticket's clocks (idempotent).
  dispatcher.subscribe('sla.config_changed', (event) => services.sla.recomputeOpenTickets(event.workspaceId));
  // A breached SLA clock escalates a tier-1 ticket; the timer id makes a redelivery a no-op.
  dispatcher.subscribe('sla.breached', async (event) => {
    await services.escalations.escalateOnBreach(event.workspaceId, event.payload);
  });
  // A staff message answers the ticket's open escalations (sets responded_at once).
  dispatcher.subscribe('message.created', async (event) => {
    const { ticketId, authorType, authorId } = event.payload;
    if (authorType === 'staff') await services.escalations.recordResponse(event.workspaceId, ticketId, event.createdAt, authorId);
  });
  // Routing: new tickets get a team and join its queue; work is assigned the moment an agent has room
  // (a ticket left new/open, an agent was unassigned, came online or got capacity). Filling is idempotent.
  dispatcher.subscribe('ticket.created', async (event) => {
    await services.routing.routeNewTicket(event.workspaceId, event.payload.ticketId);
  });
  dispatcher.subscribe('ticket.updated', async (event) => {
    await services.routing.ticketChanged(event.workspaceId, event.payload.ticketId, event.payload.changes);
  });
  dispatcher.subscribe('agent.state_changed', async (event) => {
    await services.routing.agentChanged(event.workspaceId, event.payload.userId);
  });
  dispatcher.subscribe('routing.team_changed', async (event) => {
    await services.routing.fillQueue(event.workspaceId, event.payload.teamId);
  });
  // Surveys: a solved ticket gets a CSAT survey scheduled; a reopen or merge cancels it (idempotent).
  dispatcher.subscribe('ticket.updated', async (event) => {
    const { ticketId, changes } = event.payload;
    if (changes.status || changes.mergedInto) await services.surveys.ticketChanged(event.workspaceId, ticketId);
  });
  // Closing the loop: a CSAT of 1–2 opens a follow-up task (the event id makes a redelivery a no-op).
  dispatcher.subscribe('survey.answered', (event) => services.followUps.surveyAnswered(event));
  // An NPS detractor (0–6) opens a follow-up about the contact, the same way.
  dispatcher.subscribe('nps.answered', (event) => services.followUps.npsAnswered(event));
}
