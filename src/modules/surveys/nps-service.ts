import type { Executor, NpsSurveyTable } from '../../db/types.ts';
import type { Actor } from '../../lib/actor.ts';
import { conflict, forbidden, invalid, notFound } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { decodeCursor, type Page, pageLimit, toPage } from '../../lib/pagination.ts';
import { iso } from '../../lib/schema.ts';
import type { ServiceContext } from '../../lib/service-context.ts';
import { queueEmailForMessage } from '../email/outbound.ts';
import { instantsOfLocalDays, isCalendarDate } from '../metrics/rollup.ts';
import { recordEvents } from '../outbox/service.ts';
import type { WorkspaceService } from '../workspace/service.ts';
import { renderNpsPage } from './nps-page.ts';
import * as repo from './nps-repo.ts';
import { NPS_DETRACTOR_MAX, NPS_GROUPS, NPS_PROMOTER_MIN, type NpsAnswer, npsAnswerWindow, npsRoundOf, npsScanDecision, npsSendDecision, parseNpsAnswer } from './nps-rules.ts';
import { renderInvalidSurveyPage } from './page.ts';
import { findSettings } from './repo.ts';
import { ANSWER_WINDOW_MS, invalidAnswer, submittedValues } from './rules.ts';
import type { ListNpsFeedbackQuery, NpsFeedback, NpsSurvey, SurveySettings } from './schema.ts';
import type { RenderedPage, SurveyViewer } from './service.ts';
import { toSurveySettings } from './settings.ts';
import { npsSurveyToken, verifyNpsSurveyToken } from './token.ts';

/** Contacts the round's scan reads per transaction: a few short queries, then the writer is free again. */
export const NPS_SCAN_SLICE = 200;

const isDoNotContact = (consent: string) => {
  const parsed = JSON.parse(consent) as { surveys?: boolean; email?: boolean };
  return parsed.surveys === false || parsed.email === false;
};

const answerOf = (row: NpsSurveyTable): NpsAnswer | null =>
  row.score === null || row.answered_at === null ? null : { score: Number(row.score), comment: row.comment };

export const toNpsSurvey = (row: NpsSurveyTable): NpsSurvey => {
  const sentAt = row.sent_at === null ? null : Number(row.sent_at);
  const answer = answerOf(row);
  return {
    id: row.id,
    contactId: row.contact_id,
    status: row.status as NpsSurvey['status'],
    statusReason: row.status_reason,
    dueAt: new Date(Number(row.due_at)).toISOString(),
    sentAt: iso(sentAt),
    answerableUntil: iso(sentAt === null ? null : sentAt + ANSWER_WINDOW_MS),
    answer: answer && {
      ...answer,
      answeredAt: new Date(Number(row.answered_at)).toISOString(),
      changedAt: iso(row.changed_at === null ? null : Number(row.changed_at)),
    },
  };
};

const groupOf = (score: number): NpsFeedback['group'] => (score >= NPS_PROMOTER_MIN ? 'promoter' : score <= NPS_DETRACTOR_MAX ? 'detractor' : 'passive');

/**
 * NPS to contacts on a schedule (decision 0020): each round a scan walks the workspace's contacts in
 * slices and schedules a survey for each contact the rules let it ask; the sender mails due ones
 * through the outbound queue; the customer answers on a signed page.
 */
export function createNpsService({ db, clock, secret, afterCommit }: ServiceContext, deps: { workspace: WorkspaceService }) {
  const readSettings = async (tx: Executor, workspaceId: string) => toSurveySettings(await findSettings(tx, workspaceId));
  const linkOf = (settings: SurveySettings, surveyId: string) => `${settings.linkBaseUrl ?? ''}/survey/nps/${npsSurveyToken(secret, surveyId)}`;

  function emailText(settings: SurveySettings, workspaceName: string, contactName: string, surveyId: string) {
    return [
      `Hello ${contactName},`,
      '',
      `how likely are you to recommend ${workspaceName} to a friend or colleague?`,
      '',
      `Answer from 0 to 10, and tell us why if you like: ${linkOf(settings, surveyId)}`,
      '',
      'It takes a few seconds. The link stays open for 28 days. Thank you!',
    ].join('\n');
  }

  /** One slice of one workspace's round scan, in one transaction; returns how many contacts it read (at least 1 when it moved on). */
  async function scanSlice(workspace: { workspace_id: string; nps_interval_months: number; nps_suppression_days: number }, limit: number, now: number) {
    const workspaceId = workspace.workspace_id;
    const round = npsRoundOf(now, Number(workspace.nps_interval_months));
    return db.transaction().execute(async (tx) => {
      await repo.ensureRound(tx, workspaceId, round.start, now);
      const state = await repo.claimRound(tx, workspaceId);
      if (!state) return 0;
      const isNewRound = Number(state.round_start) !== round.start;
      if (!isNewRound && state.finished_at !== null) return 0;
      const contacts = await repo.listContactsAfter(tx, workspaceId, isNewRound ? null : state.after_contact_id, limit);
      const ids = contacts.map((contact) => contact.id);
      const [activity, autoSubmitted, bounced, lastSent] = await Promise.all([
        repo.lastActivityOf(tx, workspaceId, ids),
        repo.autoSubmittedOf(tx, workspaceId, ids),
        repo.bouncedOf(tx, workspaceId, ids),
        repo.lastNpsSentOf(tx, workspaceId, ids),
      ]);
      const lastActivity = new Map(activity.map((row) => [row.requester_id, Number(row.last)]));
      const rows: NpsSurveyTable[] = [];
      for (const contact of contacts) {
        const decision = npsScanDecision(
          {
            lastActivityAt: lastActivity.get(contact.id) ?? null,
            hasEmail: (JSON.parse(contact.emails) as string[]).length > 0,
            doNotContact: isDoNotContact(contact.consent),
            autoSubmitted: autoSubmitted.has(contact.id),
            bounced: bounced.has(contact.id),
            lastSentAt: lastSent.get(contact.id) ?? null,
          },
          round,
          Number(workspace.nps_suppression_days),
          now,
        );
        if (decision.action !== 'schedule') continue;
        rows.push({
          id: newId(),
          workspace_id: workspaceId,
          contact_id: contact.id,
          round_start: round.start,
          status: 'scheduled',
          status_reason: null,
          due_at: decision.dueAt,
          ticket_id: null,
          sent_at: null,
          outbound_email_id: null,
          score: null,
          comment: null,
          answered_at: null,
          changed_at: null,
          created_at: now,
          updated_at: now,
        });
      }
      await repo.insertNpsSurveys(tx, rows);
      const isDone = contacts.length < limit;
      await repo.updateRound(tx, workspaceId, {
        round_start: round.start,
        after_contact_id: isDone ? null : ids[ids.length - 1],
        finished_at: isDone ? now : null,
        updated_at: now,
      });
      return Math.max(contacts.length, 1);
    });
  }

  /** Sends one due survey, or skips it, in the claiming transaction. */
  async function dispatchDue(tx: Executor, survey: NpsSurveyTable, settingsOf: (workspaceId: string) => Promise<SurveySettings>, now: number) {
    const skip = (reason: string) => repo.updateNpsSurvey(tx, survey.id, { status: 'skipped', status_reason: reason, updated_at: now });
    const contact = await repo.findContactFacts(tx, survey.workspace_id, survey.contact_id);
    if (!contact) return skip('contact-gone');
    const settings = await settingsOf(survey.workspace_id);
    const ids = [contact.id];
    const [autoSubmitted, bounced, lastSent] = await Promise.all([
      repo.autoSubmittedOf(tx, survey.workspace_id, ids),
      repo.bouncedOf(tx, survey.workspace_id, ids),
      repo.lastNpsSentOf(tx, survey.workspace_id, ids),
    ]);
    const decision = npsSendDecision(
      {
        npsEnabled: settings.npsEnabled,
        doNotContact: isDoNotContact(contact.consent),
        autoSubmitted: autoSubmitted.has(contact.id),
        bounced: bounced.has(contact.id),
        lastSentAt: lastSent.get(contact.id) ?? null,
      },
      settings.npsSuppressionDays,
      now,
    );
    if (decision.action === 'skip') return skip(decision.reason);
    const ticket = await repo.findLatestTicketOf(tx, survey.workspace_id, contact.id);
    if (!ticket) return skip('no-ticket');
    const desk = await deps.workspace.readSettings(tx, survey.workspace_id);
    const email = await queueEmailForMessage(
      tx,
      {
        workspaceId: survey.workspace_id,
        ticketId: ticket.id,
        messageId: null,
        kind: 'survey',
        subject: `How likely are you to recommend ${desk.name}?`,
        text: emailText(settings, desk.name, contact.name, survey.id),
        html: null,
        threaded: false,
      },
      now,
    );
    if (!email) return skip('no-email');
    await repo.updateNpsSurvey(tx, survey.id, { status: 'sent', status_reason: null, sent_at: now, ticket_id: ticket.id, outbound_email_id: email.id, updated_at: now });
  }

  async function openByToken(token: string) {
    const surveyId = verifyNpsSurveyToken(secret, token);
    const survey = surveyId ? await repo.findNpsSurvey(db, surveyId) : undefined;
    return survey && survey.sent_at !== null ? survey : undefined;
  }

  const workspaceNameOf = async (workspaceId: string) => (await deps.workspace.readSettings(db, workspaceId)).name;
  const windowOf = (survey: NpsSurveyTable) =>
    npsAnswerWindow({ status: survey.status, sentAt: survey.sent_at === null ? null : Number(survey.sent_at) }, clock.now().getTime());

  return {
    /**
     * One slice of background work for the survey sender: the next slice of a round's scan (the first
     * workspace whose round is not scanned yet), or 0 when every round is.
     */
    async scheduleDue(limit = NPS_SCAN_SLICE): Promise<number> {
      const now = clock.now().getTime();
      for (const workspace of await repo.listNpsWorkspaces(db)) {
        const scanned = await scanSlice(workspace, limit, now);
        if (scanned > 0) return scanned;
      }
      return 0;
    },

    /** Sends (or skips) up to `limit` due NPS surveys in one transaction; returns how many it handled. */
    async sendDue(limit = 50): Promise<number> {
      const now = clock.now().getTime();
      return db.transaction().execute(async (tx) => {
        const due = await repo.claimDueNpsSurveys(tx, now, limit);
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

    /** The page an NPS link opens; a staff viewer sees it read-only. */
    async renderPage(token: string, viewer: SurveyViewer): Promise<RenderedPage> {
      const survey = await openByToken(token);
      if (!survey) return { status: 404, html: renderInvalidSurveyPage() };
      const window = windowOf(survey);
      const state = viewer === 'staff' ? 'staff' : window === 'open' ? 'open' : 'expired';
      return {
        status: 200,
        html: renderNpsPage({ workspaceName: await workspaceNameOf(survey.workspace_id), state, answer: answerOf(survey), action: `/survey/nps/${token}` }),
      };
    },

    /** Records the customer's answer or its change; html re-renders the page, json throws the problem. */
    async answer(token: string, viewer: SurveyViewer, input: Record<string, unknown>, format: 'html' | 'json'): Promise<RenderedPage | NpsSurvey> {
      const survey = await openByToken(token);
      if (!survey) {
        if (format === 'html') return { status: 404, html: renderInvalidSurveyPage() };
        throw notFound('Survey');
      }
      if (viewer === 'staff') throw forbidden('Staff can see a survey but only the customer can answer it');
      const page = { workspaceName: await workspaceNameOf(survey.workspace_id), action: `/survey/nps/${token}`, answer: answerOf(survey) };
      if (windowOf(survey) !== 'open') {
        if (format === 'html') return { status: 409, html: renderNpsPage({ ...page, state: 'expired' }) };
        throw conflict('This survey has closed: answers are taken for 28 days after it was sent', { survey: 'expired' });
      }
      const parsed = parseNpsAnswer(input);
      if (!parsed.ok) {
        if (format === 'html') {
          return { status: 400, html: renderNpsPage({ ...page, state: 'open', values: submittedValues(input), errors: parsed.fields }) };
        }
        throw invalidAnswer(parsed.fields);
      }
      const saved = await db.transaction().execute(async (tx) => {
        const row = await repo.lockNpsSurvey(tx, survey.id);
        if (!row) throw notFound('Survey');
        const now = clock.now();
        const changed = row.answered_at !== null;
        const changes: Partial<NpsSurveyTable> = {
          score: parsed.answer.score,
          comment: parsed.answer.comment,
          answered_at: row.answered_at ?? now.getTime(),
          changed_at: changed ? now.getTime() : null,
          updated_at: now.getTime(),
        };
        await repo.updateNpsSurvey(tx, row.id, changes);
        await recordEvents(
          tx,
          [
            {
              workspaceId: row.workspace_id,
              aggregateId: row.contact_id,
              type: 'nps.answered',
              payload: { contactId: row.contact_id, npsSurveyId: row.id, score: parsed.answer.score, hasComment: parsed.answer.comment !== null, changed },
            },
          ],
          now,
        );
        return { ...row, ...changes };
      });
      afterCommit();
      if (format === 'html') return { status: 200, html: renderNpsPage({ ...page, answer: answerOf(saved), state: 'thanks' }) };
      return toNpsSurvey(saved);
    },

    /** The answered NPS surveys, newest answer first: the feedback list, a contact's answers, a report's drill-down. */
    async listAnswers(actor: Actor, query: ListNpsFeedbackQuery): Promise<Page<NpsFeedback>> {
      const limit = pageLimit(query.limit);
      const cursor = decodeCursor(query.cursor);
      if (cursor && typeof cursor.value !== 'number') throw invalid('The cursor is not one this server issued', { cursor: 'invalid cursor' });
      for (const [field, day] of [['from', query.from], ['to', query.to]] as const) {
        if (day !== undefined && !isCalendarDate(day)) throw invalid(`${field} must be a date like 2026-03-01`, { [field]: 'not a date (YYYY-MM-DD)' });
      }
      if (query.from && query.to && query.from > query.to) throw invalid('to must not be before from', { to: 'before from' });
      const timeZone = query.from || query.to ? (await deps.workspace.readSettings(db, actor.workspaceId)).timezone : 'UTC';
      // The period's local dates in the workspace's zone, as the reports count them.
      const answeredFrom = query.from ? instantsOfLocalDays(timeZone, query.from, query.from).from : undefined;
      const answeredTo = query.to ? instantsOfLocalDays(timeZone, query.to, query.to).to : undefined;
      const scores = query.group ? NPS_GROUPS[query.group] : undefined;
      const rows = await repo.listNpsAnswers(db, actor.workspaceId, {
        limit,
        contactId: query.contactId,
        minScore: scores?.min,
        maxScore: scores?.max,
        hasComment: query.hasComment,
        answeredFrom,
        answeredTo,
        before: cursor ? { answeredAt: Number(cursor.value), id: cursor.id } : undefined,
      });
      return toPage(
        rows,
        limit,
        (row): NpsFeedback => ({
          surveyId: row.id,
          contactId: row.contact_id,
          contactName: row.contact_name,
          organisationId: row.organisation_id,
          score: Number(row.score),
          group: groupOf(Number(row.score)),
          comment: row.comment,
          sentAt: new Date(Number(row.sent_at)).toISOString(),
          answeredAt: new Date(Number(row.answered_at)).toISOString(),
          changedAt: iso(row.changed_at === null ? null : Number(row.changed_at)),
        }),
        (row) => ({ value: Number(row.answered_at), id: row.id }),
      );
    },

    /** The answers first given in [from, to) by score group: what the KPI report's NPS figure counts. */
    async scoreGroups(workspaceId: string, from: number, to: number) {
      const rows = await repo.countNpsScores(db, workspaceId, from, to);
      const count = (group: keyof typeof NPS_GROUPS) =>
        rows.filter((row) => Number(row.score) >= NPS_GROUPS[group].min && Number(row.score) <= NPS_GROUPS[group].max).reduce((sum, row) => sum + Number(row.answers), 0);
      return { promoters: count('promoters'), passives: count('passives'), detractors: count('detractors') };
    },
  };
}

export type NpsService = ReturnType<typeof createNpsService>;
