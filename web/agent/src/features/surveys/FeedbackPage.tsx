import type { Feedback, ListFeedbackQuery } from '@server/modules/surveys/schema.ts';
import { useInfiniteQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useId, useState } from 'react';
import { messages } from '../../i18n/index.ts';
import { api, type Page } from '../../lib/api-client.ts';
import { formatShortDateTime } from '../../lib/format.ts';
import { ListColumns, LoadMore, QueryState } from '../contacts/parts.tsx';

const t = messages.feedback;
const cell = 'border-b border-slate-100 px-3 py-2 align-top';
const FILTERS = { all: {}, low: { maxScore: 2 }, high: { minScore: 4 } } as const;

/** What customers said in their CSAT answers, newest first: low scores or high, with comments only if asked. */
export function FeedbackPage() {
  const [scores, setScores] = useState<keyof typeof FILTERS>('all');
  const [withComment, setWithComment] = useState(false);
  const query: ListFeedbackQuery = { ...FILTERS[scores], ...(withComment ? { hasComment: true } : {}), limit: 50 };
  const list = useInfiniteQuery({
    queryKey: ['surveys', 'feedback', query],
    queryFn: ({ pageParam, signal }) => api.get<Page<Feedback>>('/api/v1/surveys', { query: { ...query, cursor: pageParam }, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page: Page<Feedback>) => page.nextCursor ?? undefined,
  });
  const items = list.data?.pages.flatMap((page) => page.items) ?? [];
  const ids = { scores: useId(), comment: useId() };
  return (
    <div className="flex h-full flex-col">
      <div className="flex flex-wrap items-center justify-between gap-3 border-b border-slate-200 bg-white px-5 py-3">
        <h1 className="text-lg font-semibold">{t.title}</h1>
        <div className="flex items-center gap-4 text-sm">
          <label htmlFor={ids.scores} className="flex items-center gap-2">
            {t.scores}
            <select id={ids.scores} value={scores} onChange={(event) => setScores(event.target.value as keyof typeof FILTERS)} className="rounded border border-slate-300 px-2 py-1">
              {Object.keys(FILTERS).map((key) => (
                <option key={key} value={key}>
                  {t.filters[key as keyof typeof FILTERS]}
                </option>
              ))}
            </select>
          </label>
          <label htmlFor={ids.comment} className="flex items-center gap-2">
            <input id={ids.comment} type="checkbox" checked={withComment} onChange={(event) => setWithComment(event.target.checked)} />
            {t.withComment}
          </label>
        </div>
      </div>
      <div className="min-h-0 flex-1 overflow-auto">
        <QueryState query={list}>
          {() =>
            items.length === 0 ? (
              <p className="p-5 text-sm text-slate-700">{t.empty}</p>
            ) : (
              <>
                <table className="w-full border-separate border-spacing-0 text-left text-sm" data-testid="feedback" aria-label={t.title}>
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
      </div>
    </div>
  );
}
