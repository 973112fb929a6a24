import { cn } from '@rapport/ui/cn.ts';
import { messages } from '../../i18n/index.ts';
import type { Viewer } from './realtime-client.ts';
import { useTicketPresence } from './use-presence.ts';

const t = messages.realtime;

const initials = (name: string) =>
  name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part[0]?.toUpperCase())
    .join('');

/**
 * "Ana is viewing" / "Ana is replying": the others who have this ticket open, so two agents do not
 * answer the same customer twice. Announced politely to screen readers as it changes.
 */
export function PresenceNotice({ ticketId }: { ticketId: string }) {
  const viewers = useTicketPresence(ticketId);
  return (
    <div role="status" aria-live="polite" aria-label={t.othersLabel} className="contents">
      {viewers.map((viewer) => (
        <PresencePill key={viewer.userId} viewer={viewer} />
      ))}
    </div>
  );
}

function PresencePill({ viewer }: { viewer: Viewer }) {
  const replying = viewer.state === 'replying';
  return (
    <span
      data-testid="presence"
      className={cn(
        'inline-flex items-center gap-1.5 rounded-full py-0.5 pr-2.5 pl-0.5 text-xs font-medium ring-1',
        replying ? 'bg-amber-50 text-amber-900 ring-amber-300' : 'bg-slate-50 text-slate-700 ring-slate-200',
      )}
    >
      <span
        aria-hidden="true"
        className={cn(
          'inline-flex size-5 items-center justify-center rounded-full text-[10px] font-semibold',
          replying ? 'bg-amber-200 text-amber-900' : 'bg-slate-200 text-slate-700',
        )}
      >
        {initials(viewer.name)}
      </span>
      {replying ? t.replying(viewer.name) : t.viewing(viewer.name)}
      {replying && (
        <span aria-hidden="true" className="inline-flex gap-0.5">
          {[0, 150, 300].map((delay) => (
            <span key={delay} className="size-1 animate-bounce rounded-full bg-amber-600" style={{ animationDelay: `${delay}ms` }} />
          ))}
        </span>
      )}
    </span>
  );
}
