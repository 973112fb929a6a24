import { createAuditService } from '../modules/audit/service.ts';
import { createAuthService } from '../modules/auth/service.ts';
import { createBlobStore } from '../modules/blobs/service.ts';
import { createCannedResponseService } from '../modules/canned-responses/service.ts';
import { createComplaintService } from '../modules/complaints/service.ts';
import { createContactService } from '../modules/contacts/service.ts';
import { createCustomFieldService } from '../modules/custom-fields/service.ts';
import { createEmailIntake } from '../modules/email/intake-service.ts';
import { createMailboxService } from '../modules/email/mailboxes.ts';
import { createPrioritiser } from '../modules/escalations/prioritiser.ts';
import { createEscalationService } from '../modules/escalations/service.ts';
import { createFollowUpService } from '../modules/follow-ups/service.ts';
import { createOrganisationService } from '../modules/organisations/service.ts';
import { createLifecycleService } from '../modules/routing/lifecycle.ts';
import { createRoutingService } from '../modules/routing/service.ts';
import { createSearchService } from '../modules/search/service.ts';
import { createDashboardService } from '../modules/metrics/dashboard.ts';
import { createReportScheduleService } from '../modules/metrics/report-schedules.ts';
import { createReportService } from '../modules/metrics/reports.ts';
import { BUSINESS_HOURS_CALENDAR } from '../modules/sla/defaults.ts';
import { createRetentionService } from '../modules/retention/service.ts';
import { createServiceReport } from '../modules/metrics/service-report.ts';
import { createSlaService } from '../modules/sla/service.ts';
import { createNpsService } from '../modules/surveys/nps-service.ts';
import { createSurveyService } from '../modules/surveys/service.ts';
import { createTeamService } from '../modules/teams/service.ts';
import { createTicketStatusService } from '../modules/ticket-statuses/service.ts';
import { createBulkService } from '../modules/tickets/bulk-service.ts';
import { createLinkService } from '../modules/tickets/links-service.ts';
import { createMergeService } from '../modules/tickets/merge-service.ts';
import { createMessageWriter } from '../modules/tickets/message-writer.ts';
import { createKnowledgeBaseService } from '../modules/kb/service.ts';
import { createPortalService } from '../modules/portal/service.ts';
import { createCharterService } from '../modules/charter/service.ts';
import { createMessageService } from '../modules/tickets/messages-service.ts';
import { createTicketService, type TicketService } from '../modules/tickets/service.ts';
import type { TicketStructure } from '../modules/tickets/structure.ts';
import { createUserService } from '../modules/users/service.ts';
import { createForecastService } from '../modules/wfm/forecast-service.ts';
import { createScheduleService } from '../modules/wfm/schedule-service.ts';
import { createStaffingService } from '../modules/wfm/staffing-service.ts';
import { createWorkspaceService } from '../modules/workspace/service.ts';
import type { Transaction } from 'kysely';
import type { DatabaseHandle } from '../db/connect.ts';
import { joinTransaction } from '../db/join-transaction.ts';
import type { Database } from '../db/types.ts';
import type { Executor } from '../db/types.ts';
import type { Clock } from '../lib/clock.ts';
import type { ServiceContext } from '../lib/service-context.ts';

export interface ServiceOptions {
  clock: Clock;
  secret: string;
  afterCommit?: () => void;
  logger?: ServiceContext['logger'];
}

function contextOf(database: DatabaseHandle, options: ServiceOptions): ServiceContext {
  return {
    db: database.db,
    relaxedDb: database.relaxedDb,
    dialect: database.dialect,
    blobDir: database.blobDir,
    clock: options.clock,
    secret: options.secret,
    afterCommit: options.afterCommit ?? (() => {}),
    logger: options.logger,
  };
}

/** The services a ticket and its messages are written through, and what they depend on. */
function createTicketCore(context: ServiceContext) {
  const users = createUserService(context);
  const sla = createSlaService(context, { pausingStatuses: (tx, workspaceId) => workspace.slaPausingStatuses(tx, workspaceId) });
  const workspace = createWorkspaceService(context, users, { created: sla.installDefaults });
  const teams = createTeamService(context, users);
  const organisations = createOrganisationService(context, users);
  const contacts = createContactService(context, organisations);
  const blobs = createBlobStore(context);
  const search = createSearchService(context);
  const writer = createMessageWriter(blobs, search);
  const complaints = createComplaintService(context);
  const hooks = {
    async changed(tx: Executor, workspaceId: string, ticketId: string) {
      await sla.recompute(tx, workspaceId, ticketId);
      // After the SLA: a complaint's acknowledgement follows the acknowledgement the SLA recorded.
      await complaints.sync(tx, workspaceId, ticketId);
    },
  };
  const ticketStatuses = createTicketStatusService(context);
  const customFields = createCustomFieldService(context);
  const structure: TicketStructure = {
    resolveStatus: ticketStatuses.resolveStatus,
    statusLabels: ticketStatuses.statusLabels,
    checkCustomFields: customFields.checkCustomFields,
  };
  const escalationSettings = (tx: Executor, workspaceId: string) => workspace.readSettings(tx, workspaceId);
  const prioritiser = createPrioritiser({ settings: escalationSettings, contacts, organisations });
  const tickets = createTicketService(context, { contacts, users, teams, messages: writer, hooks, prioritiser, structure });
  const messages = createMessageService(context, { contacts, blobs, messages: writer, hooks });
  return { users, sla, workspace, teams, organisations, contacts, blobs, search, writer, complaints, hooks, ticketStatuses, customFields, escalationSettings, tickets, messages };
}

/** Wires every module's service to its dependencies: the one place that knows the whole graph. */
export function createServices(database: DatabaseHandle, options: ServiceOptions) {
  const context = contextOf(database, options);
  const { users, sla, workspace, teams, organisations, contacts, blobs, search, writer, complaints, hooks, ticketStatuses, customFields, escalationSettings, tickets, messages } = createTicketCore(context);
  const auth = createAuthService(context, users);
  const escalations = createEscalationService(context, { settings: escalationSettings, tickets, sla });
  const ticketLinks = createLinkService(context);
  const ticketMerges = createMergeService(context, { tickets, contacts, messages: writer, links: ticketLinks, hooks });
  const audit = createAuditService(context);
  const nps = createNpsService(context, { workspace });
  const reports = createReportService(context, { settings: (workspaceId) => workspace.readSettings(database.db, workspaceId), npsScoreGroups: nps.scoreGroups });
  const retention = createRetentionService(context, { settings: (tx, workspaceId) => workspace.readSettings(tx, workspaceId), blobs, search });
  const emailIntake = createEmailIntake(context, blobs);
  const mailboxes = createMailboxService(context, teams);
  // Routing assigns inside its own locking transaction: a ticket service whose work joins that transaction.
  const ticketsIn = (tx: Transaction<Database>): TicketService =>
    createServices({ ...database, db: joinTransaction(tx) }, { ...options, afterCommit: () => {} }).tickets;
  const ticketBulk = createBulkService(context, { ticketsIn });
  const routing = createRoutingService(context, { users, teams, ticketsIn });
  const lifecycle = createLifecycleService(context, {
    tickets,
    settings: (workspaceId) => workspace.readSettings(database.db, workspaceId),
    calendarForTicket: (workspaceId, ticketId) => sla.calendarForTicket(database.db, workspaceId, ticketId),
  });
  const cannedResponses = createCannedResponseService(context, { users, teams, tickets, organisations, workspace });
  const surveys = createSurveyService(context, { tickets, workspace });
  // Closing a follow-up writes its note through the message service, inside the closing transaction.
  const followUps = createFollowUpService(context, {
    calendarForTicket: (tx, workspaceId, ticketId) => sla.calendarForTicket(tx, workspaceId, ticketId),
    messagesIn: (tx) => createTicketCore(contextOf({ ...database, db: joinTransaction(tx) }, { ...options, afterCommit: () => {} })).messages,
  });
  const timeZone = async (workspaceId: string) => (await workspace.readSettings(database.db, workspaceId)).timezone;
  const settingsOf = (workspaceId: string) => workspace.readSettings(database.db, workspaceId);
  const dashboard = createDashboardService(context, {
    settings: settingsOf,
    agents: (actor) => routing.listAgents(actor),
    followUps: (actor) => followUps.openSummary(actor),
  });
  const serviceReport = createServiceReport(context, { reports, settings: settingsOf, complaints: (actor, period) => complaints.summary(actor, period) });
  const reportSchedules = createReportScheduleService(context, { serviceReport, settings: settingsOf, users: (actor) => users.list(actor) });
  const forecasts = createForecastService(context, {
    timeZone,
    holidays: async (actor) => (await sla.listCalendars(actor)).find((calendar) => calendar.name === BUSINESS_HOURS_CALENDAR)?.definition.holidays ?? [],
  });
  const staffing = createStaffingService(context, forecasts, {
    timeZone,
    businessCalendar: (actor) => sla.businessCalendar(actor),
    handleTimes: async (actor, period) =>
      (await reports.kpis(actor, period)).byChannel.map((row) => ({
        channel: row.channel,
        tickets: row.handleTime.tickets,
        averageSeconds: row.handleTime.averageMinutes === null ? null : row.handleTime.averageMinutes * 60,
      })),
  });
  const schedules = createScheduleService(context, staffing, {
    timeZone,
    staff: (actor) => users.list(actor),
    skills: async (actor) => new Map((await routing.listAgents(actor)).map((agent) => [agent.userId, agent.skills])),
  });
  const knowledgeBase = createKnowledgeBaseService(context, { blobs, users, tickets, messages });
  const portal = createPortalService(context, { workspace });
  const charter = createCharterService(context, { sla, timeZone });
  return { retention, dashboard, serviceReport, reportSchedules, knowledgeBase, portal, charter, forecasts, staffing, schedules, surveys, nps, followUps, reports, cannedResponses, ticketStatuses, customFields, complaints, ticketLinks, ticketMerges, ticketBulk, audit, sla, escalations, emailIntake, mailboxes, routing, lifecycle, users, workspace, auth, teams, organisations, contacts, blobs, search, tickets, messages };
}

export type Services = ReturnType<typeof createServices>;

/**
 * What the inbound email processor needs from the assembly: the blob store, and for each delivery
 * the ticket, message, contact and workspace services bound to its transaction (only the part of the
 * graph they depend on is built, once per transaction).
 */
export function inboundProcessorServices(database: DatabaseHandle, options: ServiceOptions) {
  return {
    blobs: createBlobStore(contextOf(database, options)),
    servicesIn: (tx: Transaction<Database>) => createTicketCore(contextOf({ ...database, db: joinTransaction(tx) }, { ...options, afterCommit: () => {} })),
  };
}
