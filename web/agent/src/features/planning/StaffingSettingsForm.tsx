import { Alert } from '@rapport/ui/Alert.tsx';
import { Button } from '@rapport/ui/Button.tsx';
import { TextField } from '@rapport/ui/Field.tsx';
import { CHANNELS, type Channel } from '@server/modules/tickets/channels.ts';
import { OCCUPANCY_RANGES, STAFFING_METHODS, type StaffingMethod } from '@server/modules/wfm/staffing-settings.ts';
import { type FormEvent, useState } from 'react';
import { messages } from '../../i18n/index.ts';
import { ApiError } from '../../lib/api-client.ts';
import { QueryState } from '../contacts/parts.tsx';
import type { StaffingSettings } from './api.ts';
import { useStaffingSettings, useUpdateStaffingSettings } from './use-planning.ts';

const t = messages.planning.settings;

/** Percentages and hours as the form shows them; the API takes fractions and minutes. */
interface Draft {
  targetPercent: string;
  targetSeconds: string;
  shrinkage: string;
  buffer: string;
  maxOccupancy: string;
  channels: Record<Channel, { method: StaffingMethod; occupancy: string; firstResponseHours: string; defaultAhtSeconds: string }>;
}

const percent = (fraction: number) => String(Math.round(fraction * 10_000) / 100);

function toDraft(settings: StaffingSettings): Draft {
  return {
    targetPercent: String(settings.serviceLevel.targetPercent),
    targetSeconds: String(settings.serviceLevel.targetSeconds),
    shrinkage: percent(settings.shrinkage),
    buffer: percent(settings.buffer),
    maxOccupancy: settings.maxOccupancy === null ? '' : percent(settings.maxOccupancy),
    channels: Object.fromEntries(
      CHANNELS.map((channel) => {
        const each = settings.channels[channel];
        return [channel, { method: each.method, occupancy: percent(each.occupancy), firstResponseHours: String(each.firstResponseMinutes / 60), defaultAhtSeconds: String(each.defaultAhtSeconds) }];
      }),
    ) as Draft['channels'],
  };
}

// A blank or non-number field is sent as NaN → null, which the API refuses naming the field.
const number = (text: string) => (text.trim() === '' ? Number.NaN : Number(text));
const fraction = (text: string) => number(text) / 100;

function toBody(draft: Draft) {
  return {
    serviceLevel: { targetPercent: number(draft.targetPercent), targetSeconds: number(draft.targetSeconds) },
    shrinkage: fraction(draft.shrinkage),
    buffer: fraction(draft.buffer),
    maxOccupancy: draft.maxOccupancy.trim() === '' ? null : fraction(draft.maxOccupancy),
    channels: Object.fromEntries(
      CHANNELS.map((channel) => {
        const each = draft.channels[channel];
        return [channel, { method: each.method, occupancy: fraction(each.occupancy), firstResponseMinutes: number(each.firstResponseHours) * 60, defaultAhtSeconds: number(each.defaultAhtSeconds) }];
      }),
    ),
  };
}

/** The workspace's staffing settings: service level, shrinkage, buffer, and per channel how it is planned. */
export function StaffingSettingsForm() {
  const settings = useStaffingSettings();
  return (
    <section aria-labelledby="staffing-settings" className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
      <h2 id="staffing-settings" className="mb-1 text-base font-semibold text-slate-900">
        {t.title}
      </h2>
      <p className="mb-3 text-sm text-slate-700">{t.intro}</p>
      <QueryState query={settings}>{() => <SettingsFields settings={settings.data as StaffingSettings} />}</QueryState>
    </section>
  );
}

function SettingsFields({ settings }: { settings: StaffingSettings }) {
  const [draft, setDraft] = useState(() => toDraft(settings));
  const [saved, setSaved] = useState(false);
  const save = useUpdateStaffingSettings();
  const fields = save.error instanceof ApiError ? save.error.fields : {};
  const set = (changes: Partial<Draft>) => {
    setSaved(false);
    setDraft({ ...draft, ...changes });
  };
  const setChannel = (channel: Channel, changes: Partial<Draft['channels'][Channel]>) =>
    set({ channels: { ...draft.channels, [channel]: { ...draft.channels[channel], ...changes } } });
  const handleSubmit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate(toBody(draft), { onSuccess: () => setSaved(true) });
  };
  const input = 'w-20 rounded border border-slate-300 px-2 py-1 text-sm aria-[invalid=true]:border-red-600';

  return (
    <form aria-label={t.title} onSubmit={handleSubmit} className="space-y-4">
      <div className="grid grid-cols-2 gap-3 lg:grid-cols-5">
        <TextField label={t.targetPercent} inputMode="decimal" value={draft.targetPercent} onChange={(event) => set({ targetPercent: event.target.value })} error={fields['serviceLevel.targetPercent']} />
        <TextField label={t.targetSeconds} inputMode="decimal" value={draft.targetSeconds} onChange={(event) => set({ targetSeconds: event.target.value })} error={fields['serviceLevel.targetSeconds']} />
        <TextField label={t.shrinkage} inputMode="decimal" value={draft.shrinkage} onChange={(event) => set({ shrinkage: event.target.value })} error={fields.shrinkage} />
        <TextField label={t.buffer} inputMode="decimal" value={draft.buffer} onChange={(event) => set({ buffer: event.target.value })} error={fields.buffer} />
        <TextField label={t.maxOccupancy} hint={t.maxOccupancyHint} inputMode="decimal" value={draft.maxOccupancy} onChange={(event) => set({ maxOccupancy: event.target.value })} error={fields.maxOccupancy} />
      </div>
      <table className="w-full text-left text-sm">
        <caption className="mb-1 text-left text-xs text-slate-700">{t.channelsCaption}</caption>
        <thead className="text-xs text-slate-600">
          <tr>
            {[t.columns.channel, t.columns.method, t.columns.occupancy, t.columns.firstResponse, t.columns.aht].map((label) => (
              <th key={label} scope="col" className="border-b border-slate-200 py-1.5 pr-3 font-semibold">
                {label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {CHANNELS.map((channel) => {
            const each = draft.channels[channel];
            const range = OCCUPANCY_RANGES[channel];
            const error = (field: string) => fields[`channels.${channel}.${field}`];
            return (
              <tr key={channel}>
                <th scope="row" className="border-b border-slate-100 py-1.5 pr-3 font-medium">
                  {channel}
                </th>
                <td className="border-b border-slate-100 py-1.5 pr-3">
                  <select aria-label={t.methodOf(channel)} value={each.method} className="rounded border border-slate-300 px-2 py-1 text-sm" onChange={(event) => setChannel(channel, { method: event.target.value as StaffingMethod })}>
                    {STAFFING_METHODS.map((method) => (
                      <option key={method} value={method}>
                        {messages.planning.staffing.methods[method]}
                      </option>
                    ))}
                  </select>
                </td>
                <td className="border-b border-slate-100 py-1.5 pr-3">
                  <input aria-label={t.occupancyOf(channel)} aria-invalid={error('occupancy') ? true : undefined} inputMode="decimal" className={input} value={each.occupancy} onChange={(event) => setChannel(channel, { occupancy: event.target.value })} />{' '}
                  {range && <span className="text-xs text-slate-600">{t.seedRange(range[0] * 100, range[1] * 100)}</span>}
                </td>
                <td className="border-b border-slate-100 py-1.5 pr-3">
                  <input aria-label={t.firstResponseOf(channel)} aria-invalid={error('firstResponseMinutes') ? true : undefined} inputMode="decimal" className={input} value={each.firstResponseHours} onChange={(event) => setChannel(channel, { firstResponseHours: event.target.value })} />
                </td>
                <td className="border-b border-slate-100 py-1.5 pr-3">
                  <input aria-label={t.ahtOf(channel)} aria-invalid={error('defaultAhtSeconds') ? true : undefined} inputMode="decimal" className={input} value={each.defaultAhtSeconds} onChange={(event) => setChannel(channel, { defaultAhtSeconds: event.target.value })} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {save.error && <Alert>{save.error.message}</Alert>}
      <div className="flex items-center gap-3">
        <Button type="submit" variant="primary" disabled={save.isPending}>
          {t.save}
        </Button>
        {saved && (
          <span role="status" className="text-sm text-green-800">
            {t.saved}
          </span>
        )}
      </div>
    </form>
  );
}
