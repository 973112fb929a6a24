import type { Executor, SurveyTable } from '../../db/types.ts';
import type { Actor } from '../../lib/actor.ts';
import { conflict, forbidden, invalid, notFound } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { decodeCursor, type Page, pageLimit, toPage } from '../../lib/pagination.ts';
import { iso } from '../../lib/schema.ts';
import type { ServiceContext } from '../../lib/service-context.ts';
import { auditByActor } from '../audit/service.ts';
import { queueEmailForMessage } from '../email/outbound.ts';
import { recordEvents } from '../outbox/service.ts';
import type { TicketService } from '../tickets/service.ts';
import type { WorkspaceService } from '../workspace/service.ts';
import { renderInvalidSurveyPage as renderInvalidPage, renderSurveyPage, type SurveyPage } from './page.ts';
import * as repo from './repo.ts';
import { ANSWER_WINDOW_MS, answerWindow, invalidAnswer, type ParsedAnswer, parseAnswer, scheduleAction, sendDecision, submittedValues } from './rules.ts';
import type { Feedback, ListFeedbackQuery, SurveySettings, TicketSurvey, UpdateSurveySettingsBody } from './schema.ts';
import { mergeSurveySettings, settingsProblems, toSettingsRow, toSurveySettings } from './settings.ts';
import { surveyToken, verifySurveyToken } from './token.ts';

const answerOf = (row: SurveyTable): ParsedAnswer | null =>
  row.score === null || row.answered_at === null
    ? null
    : { score: Number(row.score), ces: row.ces === null ? null : Number(row.ces), reason: row.reason, comment: row.comment };

export const toTicketSurvey = (row: SurveyTable): TicketSurvey => {
  const answer = answerOf(row);
  const sentAt = row.sent_at === null ? null : Number(row.sent_at);
  return {
    id: row.id,
    ticketId: row.ticket_id,
    contactId: row.contact_id,
    status: row.status as TicketSurvey['status'],
    statusReason: row.status_reason,
    dueAt: new Date(Number(row.due_at)).toISOString(),
    sentAt: iso(sentAt),
    cesAsked: row.ces_asked === 1,
    answerableUntil: iso(sentAt === null ? null : sentAt + ANSWER_WINDOW_MS),
    answer: answer && {
      ...answer,
      answeredAt: new Date(Number(row.answered_at)).toISOString(),
      changedAt: iso(row.changed_at === null ? null : Number(row.changed_at)),
    },
  };
};

const isAutoSubmitted = (tags: string) => (JSON.parse(tags) as string[]).includes('auto-submitted');
const isDoNotContact = (consent: string) => {
  const parsed = JSON.parse(consent) as { surveys?: boolean; email?: boolean };
  return parsed.surveys === false || parsed.email === false;
};

/** Who opens or submits a survey page: the customer (anyone with the link), or a signed-in staff user. */
export type SurveyViewer = 'customer' | 'staff';

/** A rendered page: its HTTP status and HTML. */
export interface RenderedPage {
  status: number;
  html: string;
}

export function createSurveyService(
  { db, clock, secret, afterCommit }: ServiceContext,
  deps: { tickets: TicketService; workspace: WorkspaceService },
) {
  const readSettings = async (tx: Executor, workspaceId: string) => toSurveySettings(await repo.findSettings(tx, workspaceId));

  const linkOf = (settings: SurveySettings, surveyId: string) => `${settings.linkBaseUrl ?? ''}/survey/${surveyToken(secret, surveyId)}`;

  function emailText(settings: SurveySettings, workspaceName: string, ticket: { number: number; subject: string }, surveyId: string) {
    return [
      'Hello,',
      '',
      `your request #${ticket.number} ("${ticket.subject}") was solved. How satisfied are you with the support ${workspaceName} gave you?`,
      '',
      `Rate it from 1 to 5 in one click: ${linkOf(settings, surveyId)}`,
      '',
      'The link stays open for 28 days. Thank you!',
    ].join('\n');
  }

  /** Sends one due survey, or cancels or skips it, in the claiming transaction. */
  async function dispatchDue(tx: Executor, survey: SurveyTable, settingsOf: (workspaceId: string) => Promise<SurveySettings>, now: number) {
    const ticket = await repo.findTicketFacts(tx, survey.workspace_id, survey.ticket_id);
    if (!ticket) return repo.updateSurvey(tx, survey.id, { status: 'cancelled', status_reason: 'ticket-gone', updated_at: now });
    const settings = await settingsOf(survey.workspace_id);
    const decision = sendDecision({
      ticket: { status: ticket.status, solvedAt: ticket.solved_at, mergedIntoId: ticket.merged_into_id },
      csatEnabled: settings.csatEnabled,
      autoSubmitted: isAutoSubmitted(ticket.tags),
      bounced: await repo.hasBouncedMail(tx, survey.workspace_id, ticket.requester_id),
      doNotContact: isDoNotContact(ticket.consent),
      lastSurveyedAt: await repo.lastSurveyedAt(tx, survey.workspace_id, ticket.requester_id),
      suppressionDays: settings.suppressionDays,
      now,
    });
    if (decision.action === 'cancel')
      return repo.updateSurvey(tx, survey.id, { status: 'cancelled', status_reason: decision.reason, updated_at: now });
    if (decision.action === 'skip')
      return repo.updateSurvey(tx, survey.id, { status: 'skipped', status_reason: decision.reason, updated_at: now });
    const desk = await deps.workspace.readSettings(tx, survey.workspace_id);
    const email = await queueEmailForMessage(
      tx,
      {
        workspaceId: survey.workspace_id,
        ticketId: survey.ticket_id,
        messageId: null,
        kind: 'survey',
        subject: `How did we do? ${ticket.subject}`,
        text: emailText(settings, desk.name, ticket, survey.id),
        html: null,
        tokenFormat: desk.ticketTokenFormat,
      },
      now,
    );
    if (!email) return repo.updateSurvey(tx, survey.id, { status: 'skipped', status_reason: 'no-email', updated_at: now });
    await repo.updateSurvey(tx, survey.id, {
      status: 'sent',
      status_reason: null,
      sent_at: now,
      outbound_email_id: email.id,
      ces_asked: settings.cesEnabled ? 1 : 0,
      updated_at: now,
    });
  }

  /** The survey a token names, with its ticket; undefined for a forged token or a survey never sent. */
  async function openByToken(token: string) {
    const surveyId = verifySurveyToken(secret, token);
    const survey = surveyId ? await repo.findSurvey(db, surveyId) : undefined;
    if (!survey || survey.sent_at === null) return undefined;
    const ticket = await repo.findTicketFacts(db, survey.workspace_id, survey.ticket_id);
    return ticket ? { survey, ticket } : undefined;
  }

  async function pageOf(
    survey: SurveyTable,
    ticket: NonNullable<Awaited<ReturnType<typeof repo.findTicketFacts>>>,
    token: string,
  ): Promise<Omit<SurveyPage, 'state'>> {
    const [settings, desk] = await Promise.all([
      readSettings(db, survey.workspace_id),
      deps.workspace.readSettings(db, survey.workspace_id),
    ]);
    return {
      workspaceName: desk.name,
      ticketNumber: Number(ticket.number),
      ticketSubject: ticket.subject,
      cesAsked: survey.ces_asked === 1,
      reasons: settings.reasons,
      answer: answerOf(survey),
      action: `/survey/${token}`,
    };
  }

  const windowOf = (survey: SurveyTable, ticket: { status: string; merged_into_id: string | null }) =>
    answerWindow(
      { status: survey.status, sentAt: survey.sent_at === null ? null : Number(survey.sent_at) },
      { status: ticket.status, mergedIntoId: ticket.merged_into_id },
      clock.now().getTime(),
    );

  return {
    async getSettings(actor: Actor): Promise<SurveySettings> {
      return readSettings(db, actor.workspaceId);
    },

    async updateSettings(actor: Actor, body: UpdateSurveySettingsBody): Promise<SurveySettings> {
      return db.transaction().execute(async (tx) => {
        const settings = mergeSurveySettings(await readSettings(tx, actor.workspaceId), body);
        const problems = settingsProblems(settings);
        if (Object.keys(problems).length) throw invalid(`Invalid survey settings: ${Object.values(problems).join('; ')}`, problems);
        const now = clock.now();
        await repo.upsertSettings(tx, toSettingsRow(actor.workspaceId, settings, now.getTime()));
        await auditByActor(tx, actor, { action: 'survey-settings.updated', targetType: 'workspace', targetId: actor.workspaceId }, now);
        return settings;
      });
    },

    /**
     * Keeps a ticket's survey in step with the ticket (the `ticket.updated` subscriber): schedules
     * one when it is solved, cancels a scheduled one when it is reopened or merged. Idempotent.
     */
    async ticketChanged(workspaceId: string, ticketId: string): Promise<void> {
      await db.transaction().execute(async (tx) => {
        const ticket = await repo.findTicketFacts(tx, workspaceId, ticketId);
        if (!ticket) return;
        const survey = await repo.lockSurveyForTicket(tx, workspaceId, ticketId);
        const settings = await readSettings(tx, workspaceId);
        const action = scheduleAction(
          {
            status: ticket.status,
            solvedAt: ticket.solved_at === null ? null : Number(ticket.solved_at),
            mergedIntoId: ticket.merged_into_id,
          },
          survey && { status: survey.status, dueAt: Number(survey.due_at) },
          settings,
        );
        const now = clock.now().getTime();
        if (action.action === 'schedule') {
          await repo.insertSurvey(tx, {
            id: newId(),
            workspace_id: workspaceId,
            ticket_id: ticketId,
            contact_id: ticket.requester_id,
            status: 'scheduled',
            status_reason: null,
            due_at: action.dueAt,
            sent_at: null,
            outbound_email_id: null,
            ces_asked: 0,
            score: null,
            ces: null,
            reason: null,
            comment: null,
            answered_at: null,
            changed_at: null,
            created_at: now,
            updated_at: now,
          });
        } else if (survey && action.action === 'reschedule') {
          await repo.updateSurvey(tx, survey.id, {
            status: 'scheduled',
            status_reason: null,
            due_at: action.dueAt,
            contact_id: ticket.requester_id,
            updated_at: now,
          });
        } else if (survey && action.action === 'cancel') {
          await repo.updateSurvey(tx, survey.id, { status: 'cancelled', status_reason: action.reason, updated_at: now });
        }
      });
    },

    /** Sends (or cancels, or skips) up to `limit` due surveys in one transaction; returns how many it handled. */
    async sendDue(limit = 50): Promise<number> {
      const now = clock.now().getTime();
      return db.transaction().execute(async (tx) => {
        const due = await repo.claimDueSurveys(tx, now, limit);
        const settings = new Map<string, SurveySettings>();
        const settingsOf = async (workspaceId: string) => {
          const known = settings.get(workspaceId) ?? (await readSettings(tx, workspaceId));
          settings.set(workspaceId, known);
          return known;
        };
        for (const survey of due) await dispatchDue(tx, survey, settingsOf, now);
        return due.length;
      });
    },

    /** The survey page a link opens; a staff viewer sees it read-only. */
    async renderPage(token: string, viewer: SurveyViewer): Promise<RenderedPage> {
      const found = await openByToken(token);
      if (!found) return { status: 404, html: renderInvalidPage() };
      const base = await pageOf(found.survey, found.ticket, token);
      const answerable = windowOf(found.survey, found.ticket);
      const state = viewer === 'staff' ? 'staff' : answerable === 'open' ? 'open' : answerable === 'unavailable' ? 'closed' : answerable;
      return { status: 200, html: renderSurveyPage({ ...base, state }) };
    },

    /**
     * Records the customer's answer (or its change). `format` says how to answer: html re-renders
     * the page (400 with the problems named, nothing saved); json throws the AppError problem.
     */
    async answer(
      token: string,
      viewer: SurveyViewer,
      input: Record<string, unknown>,
      format: 'html' | 'json',
    ): Promise<RenderedPage | TicketSurvey> {
      const found = await openByToken(token);
      if (!found) {
        if (format === 'html') return { status: 404, html: renderInvalidPage() };
        throw notFound('Survey');
      }
      if (viewer === 'staff') throw forbidden('Staff can see a survey but only the customer can answer it');
      const { survey, ticket } = found;
      const base = await pageOf(survey, ticket, token);
      const answerable = windowOf(survey, ticket);
      if (answerable !== 'open') {
        const message =
          answerable === 'expired'
            ? 'This survey has closed: answers are taken for 28 days after it was sent'
            : 'This survey has closed because the request is closed';
        if (format === 'html')
          return { status: 409, html: renderSurveyPage({ ...base, state: answerable === 'expired' ? 'expired' : 'closed' }) };
        throw conflict(message, { survey: answerable });
      }
      const settings = await readSettings(db, survey.workspace_id);
      const parsed = parseAnswer(input, { reasons: settings.reasons, cesAsked: survey.ces_asked === 1, currentReason: survey.reason });
      if (!parsed.ok) {
        if (format === 'html') {
          return { status: 400, html: renderSurveyPage({ ...base, state: 'open', values: submittedValues(input), errors: parsed.fields }) };
        }
        throw invalidAnswer(parsed.fields);
      }
      const saved = await db.transaction().execute(async (tx) => {
        const row = await repo.lockSurvey(tx, survey.id);
        if (!row) throw notFound('Survey');
        const now = clock.now();
        const changed = row.answered_at !== null;
        const { answer } = parsed;
        const changes: Partial<SurveyTable> = {
          score: answer.score,
          ces: answer.ces,
          reason: answer.reason,
          comment: answer.comment,
          answered_at: row.answered_at ?? now.getTime(),
          changed_at: changed ? now.getTime() : null,
          updated_at: now.getTime(),
        };
        await repo.updateSurvey(tx, row.id, changes);
        await recordEvents(
          tx,
          [
            {
              workspaceId: row.workspace_id,
              aggregateId: row.ticket_id,
              type: 'survey.answered',
              payload: {
                ticketId: row.ticket_id,
                surveyId: row.id,
                score: answer.score,
                ces: answer.ces,
                reason: answer.reason,
                hasComment: answer.comment !== null,
                changed,
              },
            },
          ],
          now,
        );
        return { ...row, ...changes };
      });
      afterCommit();
      if (format === 'html') return { status: 200, html: renderSurveyPage({ ...base, answer: answerOf(saved), state: 'thanks' }) };
      return toTicketSurvey(saved);
    },

    /** The ticket's survey: its state and the answer (404 while the ticket has none). */
    async forTicket(actor: Actor, ticketId: string): Promise<TicketSurvey> {
      await deps.tickets.get(actor, ticketId);
      const row = await repo.findSurveyForTicket(db, actor.workspaceId, ticketId);
      if (!row) throw notFound('Survey', 'This ticket has no survey (it was not solved yet, or surveys were off)');
      return toTicketSurvey(row);
    },

    /** The answered surveys, newest answer first. */
    async listFeedback(actor: Actor, query: ListFeedbackQuery): Promise<Page<Feedback>> {
      if (query.minScore !== undefined && query.maxScore !== undefined && query.minScore > query.maxScore) {
        throw invalid('minScore must not be above maxScore', { minScore: 'above maxScore' });
      }
      const limit = pageLimit(query.limit);
      const cursor = decodeCursor(query.cursor);
      if (cursor && typeof cursor.value !== 'number')
        throw invalid('The cursor is not one this server issued', { cursor: 'invalid cursor' });
      const rows = await repo.listFeedback(db, actor.workspaceId, {
        limit,
        minScore: query.minScore,
        maxScore: query.maxScore,
        hasComment: query.hasComment,
        before: cursor ? { answeredAt: Number(cursor.value), id: cursor.id } : undefined,
      });
      return toPage(
        rows,
        limit,
        (row): Feedback => {
          const survey = toTicketSurvey(row);
          return {
            surveyId: row.id,
            ticketId: row.ticket_id,
            ticketNumber: Number(row.ticket_number),
            ticketSubject: row.ticket_subject,
            contactId: row.contact_id,
            contactName: row.contact_name,
            assigneeId: row.assignee_id,
            ...(survey.answer as NonNullable<TicketSurvey['answer']>),
          };
        },
        (row) => ({ value: Number(row.answered_at), id: row.id }),
      );
    },
  };
}

export type SurveyService = ReturnType<typeof createSurveyService>;
