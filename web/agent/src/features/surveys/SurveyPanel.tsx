import type { TicketSurvey } from '@server/modules/surveys/schema.ts';
import { useQuery } from '@tanstack/react-query';
import { useId } from 'react';
import { messages } from '../../i18n/index.ts';
import { ApiError, api } from '../../lib/api-client.ts';
import { formatShortDateTime } from '../../lib/format.ts';

const t = messages.surveys;

/** The ticket's CSAT survey, null when it has none (404). */
function fetchSurvey(ticketId: string) {
  return api.get<TicketSurvey>(`/api/v1/tickets/${encodeURIComponent(ticketId)}/survey`).catch((error: unknown) => {
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  });
}

/** What the customer said about this ticket, or where the survey stands; nothing before one is planned. */
export function SurveyPanel({ ticketId }: { ticketId: string }) {
  const survey = useQuery({ queryKey: ['surveys', 'ticket', ticketId], queryFn: () => fetchSurvey(ticketId) });
  const titleId = useId();
  if (!survey.data) return null;
  const { status, answer, dueAt, sentAt, statusReason } = survey.data;
  const low = answer !== null && answer.score <= 2;
  return (
    <section aria-labelledby={titleId} data-testid="survey-panel" className="rounded-lg bg-white p-4 text-sm shadow-sm ring-1 ring-slate-200">
      <h2 id={titleId} className="mb-2 text-sm font-semibold text-slate-900">
        {t.panelTitle}
      </h2>
      {answer ? (
        <div className="space-y-1">
          <p className={low ? 'font-semibold text-red-800' : 'font-semibold text-slate-900'}>
            {t.score(answer.score)}
            {answer.ces !== null && <span className="ml-2 font-normal text-slate-700">{t.ces(answer.ces)}</span>}
          </p>
          {answer.reason && <p className="text-slate-700">{answer.reason}</p>}
          {answer.comment && <blockquote className="border-l-2 border-slate-300 pl-2 whitespace-pre-wrap text-slate-800">{answer.comment}</blockquote>}
          <p className="text-xs text-slate-600">{t.answeredAt(formatShortDateTime(answer.changedAt ?? answer.answeredAt))}</p>
        </div>
      ) : (
        <p className="text-slate-700">
          {status === 'scheduled'
            ? t.scheduled(formatShortDateTime(dueAt))
            : status === 'sent' && sentAt
              ? t.sent(formatShortDateTime(sentAt))
              : t.notSent(statusReason ?? status)}
        </p>
      )}
    </section>
  );
}
