import { cn } from '@rapport/ui/cn.ts';
import { Kbd } from '@rapport/ui/Kbd.tsx';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link, Outlet, useNavigate } from '@tanstack/react-router';
import { useRef, useState } from 'react';
import { PasswordDialog } from '../features/account/PasswordDialog.tsx';
import { ADMIN_SECTIONS } from '../features/admin/AdminLayout.tsx';
import { signOut } from '../features/auth/api.ts';
import { sessionKeys, useSession } from '../features/auth/use-session.ts';
import { RealtimeProvider } from '../features/realtime/RealtimeProvider.tsx';
import { RealtimeStatus } from '../features/realtime/RealtimeStatus.tsx';
import { SearchBox } from '../features/search/SearchBox.tsx';
import { ShortcutsDialog } from '../features/shortcuts/ShortcutsDialog.tsx';
import { useHotkeys } from '../features/shortcuts/use-hotkeys.ts';
import { inboxView, VIEW_IDS, type ViewId } from '../features/tickets/inbox-views.ts';
import { useTicketCount } from '../features/tickets/use-tickets.ts';
import { messages } from '../i18n/index.ts';

const t = messages.inbox;

/** The Customers section of the navigation, in order. */
const CUSTOMER_LINKS = [
  { to: '/contacts', label: messages.directory.contacts },
  { to: '/organisations', label: messages.directory.organisations },
  { to: '/complaints', label: messages.complaints.navLabel },
  { to: '/follow-ups', label: messages.followUps.navLabel },
  { to: '/feedback', label: messages.feedback.navLabel },
  { to: '/dashboard', label: messages.dashboard.navLabel },
  { to: '/kb', label: messages.kb.navLabel },
  { to: '/reports', label: messages.reports.navLabel },
] as const;

/** The Planning section: supervisors and admins plan; everyone who works tickets sees their own shifts. */
const PLANNING_LINKS = [
  { to: '/planning/staffing', label: messages.planning.nav.staffing, forManagers: true },
  { to: '/planning/erlang-c', label: messages.planning.nav.erlangC, forManagers: true },
  { to: '/planning/schedule', label: messages.planning.nav.schedule, forManagers: true },
  { to: '/planning/my-shifts', label: messages.planning.nav.myShifts, forManagers: false },
] as const;

/** The signed-in frame, with live updates (features/realtime) for everything in it. */
export function AppShell() {
  return (
    <RealtimeProvider>
      <AppFrame />
    </RealtimeProvider>
  );
}

/** Top bar (search, shortcuts, user), the inbox views with counts, the page. */
function AppFrame() {
  const { user } = useSession();
  const isManager = user.role === 'admin' || user.role === 'supervisor';
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [showShortcuts, setShowShortcuts] = useState(false);
  const [changingPassword, setChangingPassword] = useState(false);
  const search = useRef<HTMLInputElement>(null);
  const logout = useMutation({
    mutationFn: signOut,
    onSettled: () => {
      queryClient.clear();
      queryClient.setQueryData(sessionKeys.current, null);
      void navigate({ to: '/login', search: { reason: 'signed-out' } });
    },
  });

  useHotkeys({
    '?': () => setShowShortcuts(true),
    '/': () => search.current?.focus(),
  });

  return (
    <div className="flex h-screen min-w-[1024px] flex-col">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2"
      >
        {messages.app.skipToContent}
      </a>
      <header className="flex items-center gap-4 bg-[#1e3a5f] px-4 py-2 text-white">
        <Link to="/" className="flex items-center gap-2 font-semibold">
          <img src="/favicon.svg" alt="" className="size-6 rounded-md ring-1 ring-white/50" />
          {messages.app.name}
        </Link>
        <div className="flex flex-1 justify-center">
          <SearchBox inputRef={search} />
        </div>
        <button
          type="button"
          onClick={() => setShowShortcuts(true)}
          className="rounded px-2 py-1 text-sm text-blue-50 hover:bg-white/10"
          aria-label={messages.shortcuts.open}
        >
          <Kbd>?</Kbd>
        </button>
        <RealtimeStatus />
        <span className="text-sm text-blue-50">{messages.auth.signedInAs(user.name, user.role)}</span>
        <button
          type="button"
          onClick={() => setChangingPassword(true)}
          className="rounded px-2 py-1 text-sm text-blue-50 hover:bg-white/10"
        >
          {messages.account.changePassword}
        </button>
        <button
          type="button"
          onClick={() => logout.mutate()}
          className="rounded border border-white/40 px-2.5 py-1 text-sm hover:bg-white/10"
        >
          {messages.auth.signOut}
        </button>
      </header>
      <div className="flex min-h-0 flex-1">
        <nav
          aria-label={messages.app.mainNavigation}
          className="w-44 shrink-0 overflow-y-auto xl:w-56 border-r border-slate-200 bg-white py-3"
        >
          <h2 className="px-4 pb-2 text-xs font-semibold tracking-wide text-slate-600 uppercase">{t.viewsLabel}</h2>
          <ul>
            {VIEW_IDS.map((id) => (
              <ViewLink key={id} id={id} me={user} />
            ))}
          </ul>
          <h2 className="mt-4 px-4 pb-2 text-xs font-semibold tracking-wide text-slate-600 uppercase">{messages.directory.navLabel}</h2>
          <ul>
            {CUSTOMER_LINKS.map(({ to, label }) => (
              <li key={to}>
                <Link
                  to={to}
                  className="block px-4 py-1.5 text-sm text-slate-800 hover:bg-slate-100"
                  activeProps={{ className: 'bg-blue-50 font-semibold text-blue-900', 'aria-current': 'page' }}
                >
                  {label}
                </Link>
              </li>
            ))}
          </ul>
          {user.role !== 'read-only' && (
            <>
              <h2 className="mt-4 px-4 pb-2 text-xs font-semibold tracking-wide text-slate-600 uppercase">{messages.planning.navLabel}</h2>
              <ul>
                {PLANNING_LINKS.filter((link) => isManager || !link.forManagers).map(({ to, label }) => (
                  <li key={to}>
                    <Link
                      to={to}
                      className="block px-4 py-1.5 text-sm text-slate-800 hover:bg-slate-100"
                      activeProps={{ className: 'bg-blue-50 font-semibold text-blue-900', 'aria-current': 'page' }}
                    >
                      {label}
                    </Link>
                  </li>
                ))}
              </ul>
            </>
          )}
          {isManager && (
            <>
              <h2 className="mt-4 px-4 pb-2 text-xs font-semibold tracking-wide text-slate-600 uppercase">{messages.admin.navLabel}</h2>
              <ul>
                {ADMIN_SECTIONS.map((section) => (
                  <li key={section.to}>
                    <Link
                      to={section.to}
                      className="block px-4 py-1.5 text-sm text-slate-800 hover:bg-slate-100"
                      activeProps={{ className: 'bg-blue-50 font-semibold text-blue-900', 'aria-current': 'page' }}
                    >
                      {section.label}
                    </Link>
                  </li>
                ))}
              </ul>
            </>
          )}
        </nav>
        <main id="main" className="min-w-0 flex-1 overflow-hidden">
          <Outlet />
        </main>
      </div>
      <ShortcutsDialog open={showShortcuts} onClose={() => setShowShortcuts(false)} />
      <PasswordDialog open={changingPassword} onClose={() => setChangingPassword(false)} target="own" />
    </div>
  );
}

function ViewLink({ id, me }: { id: ViewId; me: { id: string; teamIds: string[] } }) {
  const { filters } = inboxView(id, me);
  return (
    <li>
      <Link
        to="/inbox/$view"
        params={{ view: id }}
        className="flex items-center justify-between px-4 py-1.5 text-sm text-slate-800 hover:bg-slate-100"
        activeProps={{
          className: 'bg-blue-50 font-semibold text-blue-900 shadow-[inset_3px_0_0_var(--color-blue-700)]',
          'aria-current': 'page',
        }}
      >
        <span>{t.views[id]}</span>
        {filters && <ViewCount filters={filters} isUrgent={id === 'breaching'} />}
      </Link>
    </li>
  );
}

function ViewCount({ filters, isUrgent }: { filters: NonNullable<ReturnType<typeof inboxView>['filters']>; isUrgent: boolean }) {
  const { data } = useTicketCount(filters);
  if (!data) return null;
  return (
    <>
      <span
        aria-hidden="true"
        data-count
        className={cn(
          'rounded-full px-2 text-xs tabular-nums',
          isUrgent && data.count > 0 ? 'bg-red-100 text-red-800' : 'bg-slate-100 text-slate-700',
        )}
      >
        {t.count(data.count, data.capped)}
      </span>
      <span className="sr-only">{`, ${t.countLabel(data.count, data.capped)}`}</span>
    </>
  );
}
