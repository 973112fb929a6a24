import { Alert } from '@rapport/ui/Alert.tsx';
import { Badge, type Tone } from '@rapport/ui/Badge.tsx';
import { Spinner } from '@rapport/ui/Spinner.tsx';
import { messages } from '../../i18n/index.ts';
import { agentTimeZone, formatDateTime, formatDuration } from '../../lib/format.ts';
import { useNow } from '../../lib/use-now.ts';
import type { TicketSla } from './api.ts';
import type { SlaTone } from './sla-state.ts';
import { useTicketSla } from './use-sla.ts';

const t = messages.sla;
type Clock = TicketSla['clocks'][number];

/** A clock's state now: stored statuses are as of the last change, so a running clock past its due time is breached. */
function clockTone(clock: Clock, now: number): SlaTone {
  if (clock.status === 'met') return 'met';
  if (clock.status === 'breached') return 'breached';
  if (clock.status === 'paused') return 'paused';
  if (clock.dueAt && now >= Date.parse(clock.dueAt)) return 'breached';
  if (clock.warnAt && now >= Date.parse(clock.warnAt)) return 'warning';
  return 'ok';
}

const tones: Record<SlaTone, Tone> = { ok: 'green', warning: 'amber', breached: 'red', paused: 'slate', met: 'neutral', none: 'neutral' };

export function SlaPanel({ ticketId, status }: { ticketId: string; status: string }) {
  const now = useNow();
  const { data: sla, error, isPending } = useTicketSla(ticketId);
  // A configuration fault (a calendar that never opens) leaves clocks without due times: say why, once.
  const problem = sla?.calendar.problem ?? sla?.clocks.find((clock) => clock.reason)?.reason ?? null;
  return (
    <section aria-labelledby="sla-title" className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
      <h2 id="sla-title" className="mb-3 text-sm font-semibold text-slate-900">
        {t.title}
      </h2>
      {isPending && <Spinner label={messages.app.loading} />}
      {error && <Alert>{error.message}</Alert>}
      {sla && !sla.policy && <p className="text-sm text-slate-600">{t.noPolicy}</p>}
      {sla?.policy && (
        <div className="space-y-3 text-sm">
          <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1">
            <dt className="text-slate-600">{t.policy}</dt>
            <dd className="font-medium" data-testid="sla-policy">
              {sla.policy.name}
            </dd>
            <dt className="text-slate-600">{t.hours}</dt>
            <dd>{t.calendar(sla.calendar.name, sla.calendar.timezone)}</dd>
          </dl>
          {problem && (
            <Alert tone="warning">
              <span data-testid="sla-problem">{t.configurationProblem(problem)}</span>
            </Alert>
          )}
          {sla.pausingStatuses.includes(status) && <p className="text-slate-700">{t.pausedNow}</p>}
          <ul className="space-y-2" aria-label={t.title}>
            {sla.clocks.map((clock) => {
              const tone = clockTone(clock, now);
              return (
                <li key={clock.clock} className="rounded-md border border-slate-200 px-3 py-2" data-clock={clock.clock} data-tone={tone}>
                  <div className="flex items-center justify-between gap-2">
                    <span className="font-medium">{t.clocks[clock.clock] ?? clock.clock}</span>
                    <Badge tone={clock.reason && tone !== 'met' ? 'amber' : tones[tone]}>
                      {clock.reason && tone !== 'met' ? t.noDueTime : t.state[tone]}
                    </Badge>
                  </div>
                  <p className="mt-1 text-xs text-slate-600">
                    {t.target}: {t.targetValue(formatDuration(clock.targetMinutes * 60_000))}
                  </p>
                  {clock.dueAt && tone !== 'met' && (
                    <p className="text-xs text-slate-700">
                      {t.due}: <time dateTime={clock.dueAt}>{formatDateTime(clock.dueAt)}</time>
                    </p>
                  )}
                </li>
              );
            })}
          </ul>
          {sla.pauses.length > 0 && <p className="text-xs text-slate-600">{t.pausedFor(formatDuration(pausedMillis(sla.pauses, now)))}</p>}
          <p className="text-xs text-slate-500">
            {t.times}: {agentTimeZone()}
          </p>
        </div>
      )}
    </section>
  );
}

const pausedMillis = (pauses: TicketSla['pauses'], now: number) =>
  pauses.reduce((total, pause) => total + Math.max(0, (pause.to ? Date.parse(pause.to) : now) - Date.parse(pause.from)), 0);
