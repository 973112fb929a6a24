import type { Feedback, ListFeedbackQuery, ListNpsFeedbackQuery } from '@server/modules/surveys/schema.ts';
import { useInfiniteQuery } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useId, useState } from 'react';
import { messages } from '../../i18n/index.ts';
import { api, type Page } from '../../lib/api-client.ts';
import { formatShortDateTime } from '../../lib/format.ts';
import { ListColumns, LoadMore, QueryState } from '../contacts/parts.tsx';
import type { FeedbackSearch } from './feedback-search.ts';
import { useNpsAnswers } from './use-nps-answers.ts';

const t = messages.feedback;
const cell = 'border-b border-slate-100 px-3 py-2 align-top';
const FILTERS = { all: {}, low: { maxScore: 2 }, high: { minScore: 4 } } as const;
const NPS_FILTERS = ['all', 'detractors', 'passives', 'promoters'] as const;

/**
 * What customers said, newest first: CSAT answers on tickets (low scores or high) or NPS answers
 * (by group, and for a report figure its period), with comments only if asked. The survey type,
 * NPS group and period live in the URL, so a report's NPS figure links straight to its answers.
 */
export function FeedbackPage({ search }: { search: FeedbackSearch }) {
  const navigate = useNavigate();
  const type = search.type ?? 'csat';
  const [scores, setScores] = useState<keyof typeof FILTERS>('all');
  const [withComment, setWithComment] = useState(false);
  const ids = { type: useId(), scores: useId(), comment: useId() };
  const setSearch = (changes: Partial<FeedbackSearch>) => void navigate({ to: '/feedback', search: { ...search, ...changes } });
  return (
    <div className="flex h-full flex-col">
      <div className="flex flex-wrap items-center justify-between gap-3 border-b border-slate-200 bg-white px-5 py-3">
        <h1 className="text-lg font-semibold">{t.title}</h1>
        <div className="flex flex-wrap items-center gap-4 text-sm">
          <label htmlFor={ids.type} className="flex items-center gap-2">
            {t.type}
            <select
              id={ids.type}
              value={type}
              onChange={(event) => setSearch({ type: event.target.value as 'csat' | 'nps', group: undefined })}
              className="rounded border border-slate-300 px-2 py-1"
            >
              <option value="csat">{t.types.csat}</option>
              <option value="nps">{t.types.nps}</option>
            </select>
          </label>
          <label htmlFor={ids.scores} className="flex items-center gap-2">
            {t.scores}
            {type === 'csat' ? (
              <select id={ids.scores} value={scores} onChange={(event) => setScores(event.target.value as keyof typeof FILTERS)} className="rounded border border-slate-300 px-2 py-1">
                {Object.keys(FILTERS).map((key) => (
                  <option key={key} value={key}>
                    {t.filters[key as keyof typeof FILTERS]}
                  </option>
                ))}
              </select>
            ) : (
              <select
                id={ids.scores}
                value={search.group ?? 'all'}
                onChange={(event) => setSearch({ group: event.target.value === 'all' ? undefined : (event.target.value as FeedbackSearch['group']) })}
                className="rounded border border-slate-300 px-2 py-1"
              >
                {NPS_FILTERS.map((key) => (
                  <option key={key} value={key}>
                    {t.npsFilters[key]}
                  </option>
                ))}
              </select>
            )}
          </label>
          <label htmlFor={ids.comment} className="flex items-center gap-2">
            <input id={ids.comment} type="checkbox" checked={withComment} onChange={(event) => setWithComment(event.target.checked)} />
            {t.withComment}
          </label>
        </div>
      </div>
      {type === 'nps' && search.from && search.to && (
        <p className="flex items-center gap-3 border-b border-slate-200 bg-slate-50 px-5 py-2 text-sm text-slate-800">
          {t.period(search.from, search.to)}
          <button type="button" className="text-blue-800 underline" onClick={() => setSearch({ from: undefined, to: undefined })}>
            {t.clearPeriod}
          </button>
        </p>
      )}
      <div className="min-h-0 flex-1 overflow-auto">
        {type === 'csat' ? (
          <CsatAnswers query={{ ...FILTERS[scores], ...(withComment ? { hasComment: true } : {}), limit: 50 }} />
        ) : (
          <NpsAnswers
            query={{
              ...(search.group ? { group: search.group } : {}),
              ...(search.from && search.to ? { from: search.from, to: search.to } : {}),
              ...(withComment ? { hasComment: true } : {}),
              limit: 50,
            }}
          />
        )}
      </div>
    </div>
  );
}

function CsatAnswers({ query }: { query: ListFeedbackQuery }) {
  const list = useInfiniteQuery({
    queryKey: ['surveys', 'feedback', query],
    queryFn: ({ pageParam, signal }) => api.get<Page<Feedback>>('/api/v1/surveys', { query: { ...query, cursor: pageParam }, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page: Page<Feedback>) => page.nextCursor ?? undefined,
  });
  const items = list.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <QueryState query={list}>
      {() =>
        items.length === 0 ? (
          <p className="p-5 text-sm text-slate-700">{t.empty}</p>
        ) : (
          <>
            <table className="w-full border-separate border-spacing-0 text-left text-sm" data-testid="feedback" aria-label={t.types.csat}>
              <ListColumns labels={[t.columns.score, t.columns.ticket, t.columns.customer, t.columns.said, t.columns.answered]} />
              <tbody>
                {items.map((item) => (
                  <tr key={item.surveyId} className="bg-white">
                    <td className={`${cell} font-semibold tabular-nums ${item.score <= 2 ? 'text-red-800' : 'text-slate-900'}`}>{t.score(item.score)}</td>
                    <td className={cell}>
                      <Link to="/tickets/$ticketId" params={{ ticketId: item.ticketId }} className="text-blue-800 hover:underline">
                        <span className="mr-1 text-slate-600 tabular-nums">#{item.ticketNumber}</span>
                        {item.ticketSubject}
                      </Link>
                    </td>
                    <td className={cell}>{item.contactName}</td>
                    <td className={cell}>
                      {item.reason && <div className="text-slate-700">{item.reason}</div>}
                      {item.comment && <div className="whitespace-pre-wrap text-slate-900">{item.comment}</div>}
                    </td>
                    <td className={`${cell} whitespace-nowrap text-slate-700`}>
                      <time dateTime={item.answeredAt}>{formatShortDateTime(item.answeredAt)}</time>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <LoadMore list={list} />
          </>
        )
      }
    </QueryState>
  );
}

function NpsAnswers({ query }: { query: ListNpsFeedbackQuery }) {
  const list = useNpsAnswers(query);
  const items = list.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <QueryState query={list}>
      {() =>
        items.length === 0 ? (
          <p className="p-5 text-sm text-slate-700">{t.empty}</p>
        ) : (
          <>
            <table className="w-full border-separate border-spacing-0 text-left text-sm" data-testid="nps-feedback" aria-label={t.types.nps}>
              <ListColumns labels={[t.npsColumns.score, t.npsColumns.customer, t.npsColumns.said, t.npsColumns.answered]} />
              <tbody>
                {items.map((item) => (
                  <tr key={item.surveyId} className="bg-white">
                    <td className={`${cell} whitespace-nowrap tabular-nums`}>
                      <span className={`font-semibold ${item.group === 'detractor' ? 'text-red-800' : 'text-slate-900'}`}>{t.npsScore(item.score)}</span>
                      <span className="ml-1 text-slate-700">({t.npsGroup[item.group]})</span>
                    </td>
                    <td className={cell}>
                      <Link to="/contacts/$contactId" params={{ contactId: item.contactId }} className="text-blue-800 hover:underline">
                        {item.contactName}
                      </Link>
                    </td>
                    <td className={`${cell} whitespace-pre-wrap text-slate-900`}>{item.comment}</td>
                    <td className={`${cell} whitespace-nowrap text-slate-700`}>
                      <time dateTime={item.answeredAt}>{formatShortDateTime(item.answeredAt)}</time>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <LoadMore list={list} />
          </>
        )
      }
    </QueryState>
  );
}
