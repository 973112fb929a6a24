import { cn } from '@rapport/ui/cn.ts';
import { Link } from '@tanstack/react-router';
import { messages } from '../../i18n/index.ts';
import { formatDateTime, formatRelative } from '../../lib/format.ts';
import { useNow } from '../../lib/use-now.ts';
import { channelLabel } from '../tickets/ticket-options.ts';
import type { TimelineEntry } from './api.ts';

const t = messages.customer;

const iconPaths: Record<string, string> = {
  email: 'M3 6h18v12H3z M3 7l9 6 9-6',
  phone: 'M5 4h4l2 5-2.5 1.5a11 11 0 0 0 5 5L15 13l5 2v4a2 2 0 0 1-2 2A16 16 0 0 1 3 6a2 2 0 0 1 2-2',
  chat: 'M4 5h16v10H9l-5 4z',
  sms: 'M4 5h16v10H9l-5 4z M8 10h.01 M12 10h.01 M16 10h.01',
  whatsapp: 'M4 20l1.5-4A8 8 0 1 1 8 18.5z',
  portal: 'M3 5h18v14H3z M3 9h18',
  social: 'M7 12a3 3 0 1 0 0 .01 M17 6a3 3 0 1 0 0 .01 M17 18a3 3 0 1 0 0 .01 M9.5 10.5l5-3 M9.5 13.5l5 3',
  api: 'M8 8l-4 4 4 4 M16 8l4 4-4 4',
};

/** A small outline icon for a channel; the label beside it says the same in words. */
export function ChannelIcon({ channel, className }: { channel: string; className?: string }) {
  return (
    <svg
      aria-hidden="true"
      viewBox="0 0 24 24"
      className={cn('size-4 shrink-0', className)}
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      strokeLinecap="round"
      strokeLinejoin="round"
    >
      <path d={iconPaths[channel] ?? iconPaths.api} />
    </svg>
  );
}

/** Interactions with a contact across channels, newest first; each links to its ticket. */
export function TimelineList({ entries, compact = false, label }: { entries: TimelineEntry[]; compact?: boolean; label: string }) {
  const now = useNow();
  return (
    <ol aria-label={label} className={cn(compact ? 'space-y-2' : 'space-y-3')} data-testid="timeline">
      {entries.map((entry) => {
        const author = entry.author.name ?? t.someone;
        const isFollowUp = entry.kind === 'follow-up';
        return (
          <li key={entry.id} data-channel={isFollowUp ? undefined : entry.channel} data-kind={entry.kind} className="flex gap-2">
            <span
              className={cn(
                'mt-0.5 flex size-6 shrink-0 items-center justify-center rounded-full',
                isFollowUp ? 'bg-green-50 text-green-800' : entry.direction === 'inbound' ? 'bg-blue-50 text-blue-800' : 'bg-slate-100 text-slate-700',
              )}
            >
              {isFollowUp ? <FollowUpIcon /> : <ChannelIcon channel={entry.channel} className="size-3.5" />}
            </span>
            <div className="min-w-0 flex-1">
              <p className="flex flex-wrap items-baseline gap-x-1.5 text-xs text-slate-600">
                {isFollowUp ? (
                  <>
                    <span className="font-medium text-slate-800">{t.followUpClosed(author)}</span>
                    <span>·</span>
                    <span>{t.followUpOn(entry.followUp.kind, entry.followUp.score)}</span>
                    <span>·</span>
                    <span>{entry.notifiedCustomer ? t.followUpSent : t.followUpInternal}</span>
                  </>
                ) : (
                  <>
                    <span className="font-medium text-slate-800">{channelLabel(entry.channel)}</span>
                    <span>·</span>
                    <span>{entry.direction === 'inbound' ? t.inbound(author) : t.outbound(author)}</span>
                  </>
                )}
                <span>·</span>
                <time dateTime={entry.createdAt} title={formatDateTime(entry.createdAt)}>
                  {formatRelative(entry.createdAt, now)}
                </time>
              </p>
              {entry.ticket && (
                <Link
                  to="/tickets/$ticketId"
                  params={{ ticketId: entry.ticket.id }}
                  className={cn('block text-blue-800 hover:underline', compact && 'truncate')}
                >
                  #{entry.ticket.number} {entry.ticket.subject}
                </Link>
              )}
              {entry.excerpt && <p className={cn('text-slate-700', compact ? 'line-clamp-2 text-xs' : 'text-sm')}>{entry.excerpt}</p>}
            </div>
          </li>
        );
      })}
    </ol>
  );
}

/** A check mark: a follow-up closed the loop. */
function FollowUpIcon() {
  return (
    <svg aria-hidden="true" viewBox="0 0 24 24" className="size-3.5 shrink-0" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
      <path d="M5 12l4 4 10-10" />
    </svg>
  );
}
