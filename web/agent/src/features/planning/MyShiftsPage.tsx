import { Badge } from '@rapport/ui/Badge.tsx';
import { messages } from '../../i18n/index.ts';
import { ListColumns, QueryState } from '../contacts/parts.tsx';
import type { MyShifts } from './api.ts';
import { PlanningHeader } from './PlanningHeader.tsx';
import { useMyShifts } from './use-planning.ts';

const t = messages.planning.myShifts;
const cell = 'border-b border-slate-100 px-3 py-2 align-top';

/** The signed-in agent's shifts for this week and the next three, with who works them too. */
export function MyShiftsPage() {
  const shifts = useMyShifts();
  return (
    <div className="flex h-full flex-col">
      <PlanningHeader title={t.title} intro={t.intro} />
      <div className="min-h-0 flex-1 overflow-auto">
        <QueryState query={shifts}>{() => <ShiftList mine={shifts.data as MyShifts} />}</QueryState>
      </div>
    </div>
  );
}

function ShiftList({ mine }: { mine: MyShifts }) {
  if (mine.shifts.length === 0) return <p className="p-5 text-sm text-slate-700">{t.none(mine.weeks)}</p>;
  const day = new Intl.DateTimeFormat(messages.locale, { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'UTC' });
  return (
    <table className="w-full border-separate border-spacing-0 text-left text-sm" data-testid="my-shifts">
      <caption className="px-5 py-2 text-left text-sm text-slate-700">{t.caption(mine.timeZone)}</caption>
      <ListColumns labels={[t.columns.day, t.columns.hours, t.columns.shift, t.columns.channels, t.columns.with]} />
      <tbody>
        {mine.shifts.map((shift) => (
          <tr key={`${shift.shiftId} ${shift.day}`} className={shift.absent ? 'text-slate-600' : undefined}>
            <th scope="row" className={`${cell} font-medium`}>
              {day.format(new Date(`${shift.day}T00:00:00Z`))}
              {shift.absent && (
                <Badge tone="slate" className="ml-2">
                  {t.away}
                </Badge>
              )}
            </th>
            <td className={`${cell} tabular-nums`}>{messages.planning.schedule.hours(shift.localStart, shift.localEnd)}</td>
            <td className={cell}>{shift.name}</td>
            <td className={cell}>{shift.channels.join(', ')}</td>
            <td className={cell}>
              {shift.colleagues.length === 0
                ? t.alone
                : shift.colleagues.map((colleague) => (colleague.isSenior ? t.seniorName(colleague.name) : colleague.name)).join(', ')}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
