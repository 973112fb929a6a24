import { Alert } from '@rapport/ui/Alert.tsx';
import { Button } from '@rapport/ui/Button.tsx';
import { TextField } from '@rapport/ui/Field.tsx';
import { Spinner } from '@rapport/ui/Spinner.tsx';
import { type FormEvent, useState } from 'react';
import { messages } from '../../i18n/index.ts';
import { ApiError } from '../../lib/api-client.ts';
import type { ErlangCQuery, ErlangCResult } from './api.ts';
import { PlanningHeader } from './PlanningHeader.tsx';
import { useErlangC } from './use-planning.ts';

const t = messages.planning.erlang;

interface Draft {
  contactsPerHour: string;
  ahtSeconds: string;
  targetPercent: string;
  targetSeconds: string;
  shrinkagePercent: string;
  maxOccupancyPercent: string;
}

// The textbook example of docs/staffing.md: 100 calls in 30 minutes of 180 s, 80 % in 20 s.
const EXAMPLE: Draft = { contactsPerHour: '200', ahtSeconds: '180', targetPercent: '80', targetSeconds: '20', shrinkagePercent: '30', maxOccupancyPercent: '' };

// A blank optional field is left out; a blank or wrong required one goes as NaN and the API names it.
const numberOf = (text: string) => (text.trim() === '' ? Number.NaN : Number(text));

function toQuery(draft: Draft): ErlangCQuery {
  return {
    contactsPerHour: numberOf(draft.contactsPerHour),
    ahtSeconds: numberOf(draft.ahtSeconds),
    targetPercent: numberOf(draft.targetPercent),
    targetSeconds: numberOf(draft.targetSeconds),
    ...(draft.shrinkagePercent.trim() === '' ? {} : { shrinkage: numberOf(draft.shrinkagePercent) / 100 }),
    ...(draft.maxOccupancyPercent.trim() === '' ? {} : { maxOccupancy: numberOf(draft.maxOccupancyPercent) / 100 }),
  };
}

const FIELD_OF: Record<string, keyof Draft> = {
  contactsPerHour: 'contactsPerHour',
  ahtSeconds: 'ahtSeconds',
  targetPercent: 'targetPercent',
  targetSeconds: 'targetSeconds',
  shrinkage: 'shrinkagePercent',
  maxOccupancy: 'maxOccupancyPercent',
};

/** Erlang C for one interval: the server answers with the function `rapport wfm erlang-c` prints. */
export function ErlangCalculatorPage() {
  const [draft, setDraft] = useState(EXAMPLE);
  const [asked, setAsked] = useState<ErlangCQuery | null>(() => toQuery(EXAMPLE));
  const result = useErlangC(asked);
  const errors: Partial<Record<keyof Draft, string>> = {};
  if (result.error instanceof ApiError) for (const [field, problem] of Object.entries(result.error.fields)) if (FIELD_OF[field]) errors[FIELD_OF[field]] = problem;
  const field = (name: keyof Draft, label: string, hint?: string) => (
    <TextField label={label} hint={hint} inputMode="decimal" value={draft[name]} onChange={(event) => setDraft({ ...draft, [name]: event.target.value })} error={errors[name]} />
  );
  const handleSubmit = (event: FormEvent) => {
    event.preventDefault();
    setAsked(toQuery(draft));
  };

  return (
    <div className="flex h-full flex-col">
      <PlanningHeader title={t.title} intro={t.intro} />
      <div className="min-h-0 flex-1 overflow-auto p-5">
        <div className="grid max-w-5xl gap-5 lg:grid-cols-2">
          <form aria-label={t.title} onSubmit={handleSubmit} className="space-y-3 rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
            <div className="grid grid-cols-2 gap-3">
              {field('contactsPerHour', t.contactsPerHour)}
              {field('ahtSeconds', t.ahtSeconds)}
              {field('targetPercent', t.targetPercent)}
              {field('targetSeconds', t.targetSeconds)}
              {field('shrinkagePercent', t.shrinkage, t.optional)}
              {field('maxOccupancyPercent', t.maxOccupancy, t.optional)}
            </div>
            <Button type="submit" variant="primary">
              {t.calculate}
            </Button>
          </form>
          <section aria-labelledby="erlang-result" aria-live="polite" className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
            <h2 id="erlang-result" className="mb-2 text-base font-semibold text-slate-900">
              {t.resultTitle}
            </h2>
            {result.isFetching && !result.data && <Spinner label={messages.app.loading} />}
            {result.error && <Alert>{result.error.message}</Alert>}
            {result.data && !result.error && <ErlangFigures result={result.data} />}
          </section>
        </div>
        <p className="mt-4 max-w-3xl text-sm text-slate-700">{t.method}</p>
      </div>
    </div>
  );
}

function ErlangFigures({ result }: { result: ErlangCResult }) {
  const pct = (fraction: number) => `${(fraction * 100).toLocaleString(messages.locale, { maximumFractionDigits: 1 })} %`;
  const rows: Array<[string, string]> = [
    [t.figures.traffic, t.erlangs(result.trafficErlangs.toLocaleString(messages.locale, { maximumFractionDigits: 2 }))],
    [t.figures.agents, String(result.agents)],
    [t.figures.scheduledAgents, String(result.scheduledAgents)],
    [t.figures.serviceLevel, pct(result.serviceLevel)],
    [t.figures.probabilityOfWaiting, pct(result.probabilityOfWaiting)],
    [t.figures.averageSpeedOfAnswer, t.seconds(result.averageSpeedOfAnswerSeconds.toLocaleString(messages.locale, { maximumFractionDigits: 1 }))],
    [t.figures.occupancy, pct(result.occupancy)],
  ];
  return (
    <dl className="grid grid-cols-2 gap-x-4 gap-y-2 text-sm" data-testid="erlang-result">
      {rows.map(([label, value]) => (
        <div key={label} className="contents">
          <dt className="text-slate-700">{label}</dt>
          <dd className="font-semibold tabular-nums text-slate-900" data-figure={label}>
            {value}
          </dd>
        </div>
      ))}
    </dl>
  );
}
