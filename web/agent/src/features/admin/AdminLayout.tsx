import { Alert } from '@rapport/ui/Alert.tsx';
import { Outlet } from '@tanstack/react-router';
import { messages } from '../../i18n/index.ts';
import { useSession } from '../auth/use-session.ts';

const t = messages.admin;

/** Settings changes are admin-only in the API; everyone else may look (the API lets every role read them). */
export const useCanAdminister = () => useSession().user.role === 'admin';

export const ADMIN_SECTIONS = [
  { to: '/admin/calendars', label: t.sections.calendars },
  { to: '/admin/sla-policies', label: t.sections.policies },
  { to: '/admin/people', label: t.sections.people },
] as const;

export function AdminLayout() {
  const canEdit = useCanAdminister();
  return (
    <div className="h-full overflow-y-auto bg-slate-50">
      <div className="mx-auto max-w-6xl space-y-4 p-4">
        <h1 className="text-lg font-semibold text-slate-900">{t.title}</h1>
        {!canEdit && <Alert tone="info">{t.readOnly}</Alert>}
        <Outlet />
      </div>
    </div>
  );
}
