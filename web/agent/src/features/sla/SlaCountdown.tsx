import { Badge, type Tone } from '@rapport/ui/Badge.tsx';
import type { Ticket } from '@server/modules/tickets/schema.ts';
import { messages } from '../../i18n/index.ts';
import { formatDateTime, formatDuration } from '../../lib/format.ts';
import { useNow } from '../../lib/use-now.ts';
import { type SlaTone, slaStateOf } from './sla-state.ts';

const t = messages.sla;
const tones: Record<SlaTone, Tone> = { ok: 'green', warning: 'amber', breached: 'red', paused: 'slate', met: 'neutral', none: 'neutral' };
const icons: Record<SlaTone, string> = { ok: '●', warning: '▲', breached: '■', paused: 'Ⅱ', met: '✓', none: '' };

/** Green, amber after the warning, red when breached, or "paused": the text says it too, not only the colour. */
export function SlaCountdown({ ticket }: { ticket: Pick<Ticket, 'sla' | 'status'> }) {
  const now = useNow();
  const state = slaStateOf(ticket, now);
  if (state.tone === 'none') return <span className="text-sm text-slate-500">{messages.time.never}</span>;
  const label =
    state.dueAt === null
      ? t.state[state.tone]
      : state.tone === 'breached'
        ? t.overdue(formatDuration(now - state.dueAt))
        : t.dueIn(formatDuration(state.dueAt - now));
  const title = [
    state.clock ? t.clocks[state.clock] : null,
    t.state[state.tone],
    state.dueAt ? `${t.due} ${formatDateTime(new Date(state.dueAt).toISOString())}` : null,
  ]
    .filter(Boolean)
    .join(' · ');
  return (
    <Badge tone={tones[state.tone]} title={title}>
      <span aria-hidden="true">{icons[state.tone]}</span>
      <span data-sla={state.tone}>{label}</span>
      <span className="sr-only">{` (${t.state[state.tone]})`}</span>
    </Badge>
  );
}
