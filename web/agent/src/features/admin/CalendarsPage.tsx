import { Alert } from '@rapport/ui/Alert.tsx';
import { Spinner } from '@rapport/ui/Spinner.tsx';
import { Link } from '@tanstack/react-router';
import { messages } from '../../i18n/index.ts';
import { useCanAdminister } from './AdminLayout.tsx';
import { CalendarEditor } from './CalendarEditor.tsx';
import { useCalendars } from './use-admin.ts';

const tc = messages.admin.calendars;

/** The calendars on the left; the chosen one (or a new one: calendarId "new") in the editor. */
export function CalendarsPage({ calendarId }: { calendarId?: string }) {
  const canEdit = useCanAdminister();
  const { data: calendars, error, isPending } = useCalendars();
  const selected = calendars?.find((c) => c.id === calendarId) ?? null;
  const isNew = calendarId === 'new';
  return (
    <div className="grid grid-cols-[16rem_minmax(0,1fr)] items-start gap-4">
      <section aria-labelledby="calendars-title" className="rounded-lg bg-white p-3 shadow-sm ring-1 ring-slate-200">
        <h2 id="calendars-title" className="mb-2 text-sm font-semibold text-slate-900">
          {tc.list}
        </h2>
        {isPending && <Spinner label={messages.app.loading} />}
        {error && <Alert>{error.message}</Alert>}
        {calendars?.length === 0 && <p className="text-sm text-slate-600">{tc.none}</p>}
        <ul className="space-y-1">
          {calendars?.map((calendar) => (
            <li key={calendar.id}>
              <Link
                to="/admin/calendars/$calendarId"
                params={{ calendarId: calendar.id }}
                className="block rounded-md px-2 py-1.5 text-sm hover:bg-slate-100"
                activeProps={{ className: 'bg-blue-50 font-semibold text-blue-900', 'aria-current': 'page' }}
              >
                <span className="block">{calendar.name}</span>
                <span className="block text-xs font-normal text-slate-600">
                  {calendar.definition.alwaysOpen ? `${calendar.definition.timezone} · ${tc.alwaysOpenShort}` : calendar.definition.timezone}
                </span>
                {calendar.problem && <span className="block text-xs font-medium text-amber-900">{tc.problem}</span>}
              </Link>
            </li>
          ))}
        </ul>
        {canEdit && (
          <Link
            to="/admin/calendars/$calendarId"
            params={{ calendarId: 'new' }}
            className="mt-3 block rounded-md border border-slate-300 px-2 py-1.5 text-center text-sm font-medium text-slate-800 hover:bg-slate-50"
          >
            {tc.add}
          </Link>
        )}
      </section>
      <div>
        {calendars && !calendarId && <p className="rounded-lg bg-white p-4 text-sm text-slate-700 ring-1 ring-slate-200">{tc.pick}</p>}
        {calendars && calendarId && !isNew && !selected && <Alert>{tc.notFound}</Alert>}
        {calendars && (selected || (isNew && canEdit)) && (
          // A fresh editor per calendar, so the draft starts from what is stored.
          <CalendarEditor key={selected?.id ?? 'new'} calendar={selected} canEdit={canEdit} />
        )}
      </div>
    </div>
  );
}
