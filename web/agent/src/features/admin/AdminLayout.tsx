import { Alert } from '@rapport/ui/Alert.tsx';
import { Outlet, useRouterState } from '@tanstack/react-router';
import { messages } from '../../i18n/index.ts';
import { useSession } from '../auth/use-session.ts';

const t = messages.admin;

/** Settings changes are admin-only in the API; everyone else may look (the API lets every role read them). */
export const useCanAdminister = () => useSession().user.role === 'admin';

export const ADMIN_SECTIONS = [
  { to: '/admin/calendars', label: t.sections.calendars },
  { to: '/admin/sla-policies', label: t.sections.policies },
  { to: '/admin/people', label: t.sections.people },
  { to: '/admin/priority-matrix', label: t.sections.priorityMatrix },
  { to: '/admin/mailboxes', label: t.sections.mailboxes },
  { to: '/admin/custom-fields', label: t.sections.customFields },
  { to: '/admin/canned-responses', label: messages.cannedResponses.section },
  { to: '/admin/reports', label: t.sections.reports },
  { to: '/admin/surveys', label: t.sections.surveys },
] as const;

export function AdminLayout() {
  const canEdit = useCanAdminister();
  // Canned responses are not workspace settings: every agent manages their personal ones there.
  const ownsPage = useRouterState({ select: (state) => state.location.pathname.startsWith('/admin/canned-responses') });
  return (
    <div className="h-full overflow-y-auto bg-slate-50">
      <div className="mx-auto max-w-6xl space-y-4 p-4">
        <h1 className="text-lg font-semibold text-slate-900">{t.title}</h1>
        {!canEdit && !ownsPage && <Alert tone="info">{t.readOnly}</Alert>}
        <Outlet />
      </div>
    </div>
  );
}
