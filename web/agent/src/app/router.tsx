import { Spinner } from '@rapport/ui/Spinner.tsx';
import type { QueryClient } from '@tanstack/react-query';
import { createRootRouteWithContext, createRoute, createRouter, Link, Outlet, lazyRouteComponent, redirect } from '@tanstack/react-router';
import { AdminLayout } from '../features/admin/AdminLayout.tsx';
import { CalendarsPage } from '../features/admin/CalendarsPage.tsx';
import { SignInPage } from '../features/auth/SignInPage.tsx';
import { sessionQuery } from '../features/auth/use-session.ts';
import { ComplaintsPage } from '../features/complaints/ComplaintsPage.tsx';
import { ContactPage } from '../features/contacts/ContactPage.tsx';
import { validateScheduleSearch, validateStaffingSearch } from '../features/planning/planning-search.ts';
import { validateDashboardTicketsSearch } from '../features/dashboard/dashboard-search.ts';
import { validateReportSearch, validateReportTicketsSearch } from '../features/reports/report-search.ts';
import { validateFeedbackSearch } from '../features/surveys/feedback-search.ts';
import { validateKbArticleSearch, validateKbListSearch } from '../features/kb/kb-search.ts';
import { ContactsPage } from '../features/contacts/ContactsPage.tsx';
import { OrganisationPage } from '../features/contacts/OrganisationPage.tsx';
import { OrganisationsPage } from '../features/contacts/OrganisationsPage.tsx';
import { isSort, isViewId, type Sort } from '../features/tickets/inbox-views.ts';
import { InboxPage } from '../features/tickets/InboxPage.tsx';
import { TicketPage } from '../features/tickets/TicketPage.tsx';
import { messages } from '../i18n/index.ts';
import { AppShell } from './AppShell.tsx';

const rootRoute = createRootRouteWithContext<{ queryClient: QueryClient }>()({
  component: Outlet,
  notFoundComponent: () => (
    <div className="p-6 text-sm">
      <p>{messages.app.notFound}</p>
      <Link to="/" className="text-blue-800 underline">
        {messages.app.backToInbox}
      </Link>
    </div>
  ),
});

interface LoginSearch {
  redirect?: string;
  reason?: 'expired' | 'signed-out';
}

const loginRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/login',
  validateSearch: (search: Record<string, unknown>): LoginSearch => ({
    redirect: typeof search.redirect === 'string' ? search.redirect : undefined,
    reason: search.reason === 'expired' || search.reason === 'signed-out' ? search.reason : undefined,
  }),
  component: function LoginRoute() {
    const { redirect: target, reason } = loginRoute.useSearch();
    return <SignInPage redirect={target} reason={reason} />;
  },
});

/** Everything below needs a session; without one the agent is sent to sign in and brought back after. */
const signedInRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: 'signed-in',
  beforeLoad: async ({ context, location }) => {
    const session = await context.queryClient.ensureQueryData(sessionQuery);
    if (!session) throw redirect({ to: '/login', search: { redirect: location.href } });
  },
  component: AppShell,
});

const indexRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/',
  beforeLoad: () => {
    throw redirect({ to: '/inbox/$view', params: { view: 'mine' }, replace: true });
  },
});

interface InboxSearch {
  sort?: Sort;
  team?: string;
}

const inboxRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/inbox/$view',
  validateSearch: (search: Record<string, unknown>): InboxSearch => ({
    sort: isSort(search.sort) ? search.sort : undefined,
    team: typeof search.team === 'string' ? search.team : undefined,
  }),
  beforeLoad: ({ params }) => {
    if (!isViewId(params.view)) throw redirect({ to: '/inbox/$view', params: { view: 'mine' }, replace: true });
  },
  component: function InboxRoute() {
    const { view } = inboxRoute.useParams();
    const { sort, team } = inboxRoute.useSearch();
    return isViewId(view) ? <InboxPage viewId={view} sort={sort} teamId={team} /> : null;
  },
});

const ticketRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/tickets/$ticketId',
  component: function TicketRoute() {
    const { ticketId } = ticketRoute.useParams();
    return <TicketPage key={ticketId} ticketId={ticketId} />;
  },
});

const contactsRoute = createRoute({ getParentRoute: () => signedInRoute, path: '/contacts', component: ContactsPage });

const contactRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/contacts/$contactId',
  component: function ContactRoute() {
    const { contactId } = contactRoute.useParams();
    return <ContactPage key={contactId} contactId={contactId} />;
  },
});

const organisationsRoute = createRoute({ getParentRoute: () => signedInRoute, path: '/organisations', component: OrganisationsPage });

const organisationRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/organisations/$organisationId',
  component: function OrganisationRoute() {
    const { organisationId } = organisationRoute.useParams();
    return <OrganisationPage key={organisationId} organisationId={organisationId} />;
  },
});

const complaintsRoute = createRoute({ getParentRoute: () => signedInRoute, path: '/complaints', component: ComplaintsPage });
const followUpsRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/follow-ups',
  component: lazyRouteComponent(() => import('../features/follow-ups/FollowUpsPage.tsx'), 'FollowUpsPage'),
});

const FeedbackPage = lazyRouteComponent(() => import('../features/surveys/FeedbackPage.tsx'), 'FeedbackPage');
const feedbackRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/feedback',
  validateSearch: validateFeedbackSearch,
  component: function FeedbackRoute() {
    return <FeedbackPage search={feedbackRoute.useSearch()} />;
  },
});

// Reports load when first opened, like the admin screens: the inbox bundle does not grow.
const reportsPage = () => import('../features/reports/ReportsPage.tsx');
const ReportsPage = lazyRouteComponent(reportsPage, 'ReportsPage');
const ReportTicketsPage = lazyRouteComponent(() => import('../features/reports/ReportTicketsPage.tsx'), 'ReportTicketsPage');

const reportsRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/reports',
  validateSearch: validateReportSearch,
  component: function ReportsRoute() {
    return <ReportsPage search={reportsRoute.useSearch()} />;
  },
});

const reportTicketsRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/reports/tickets',
  validateSearch: validateReportTicketsSearch,
  component: function ReportTicketsRoute() {
    return <ReportTicketsPage search={reportTicketsRoute.useSearch()} />;
  },
});

// Planning loads when first opened too; only the staffing screen brings the chart library.
const StaffingPage = lazyRouteComponent(() => import('../features/planning/StaffingPage.tsx'), 'StaffingPage');
const SchedulePage = lazyRouteComponent(() => import('../features/planning/SchedulePage.tsx'), 'SchedulePage');

const staffingRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/planning/staffing',
  validateSearch: validateStaffingSearch,
  component: function StaffingRoute() {
    return <StaffingPage search={staffingRoute.useSearch()} />;
  },
});

const erlangCRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/planning/erlang-c',
  component: lazyRouteComponent(() => import('../features/planning/ErlangCalculatorPage.tsx'), 'ErlangCalculatorPage'),
});

const scheduleRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/planning/schedule',
  validateSearch: validateScheduleSearch,
  component: function ScheduleRoute() {
    return <SchedulePage search={scheduleRoute.useSearch()} />;
  },
});

const myShiftsRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/planning/my-shifts',
  component: lazyRouteComponent(() => import('../features/planning/MyShiftsPage.tsx'), 'MyShiftsPage'),
});

const reportSchedulesRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/reports/schedules',
  component: lazyRouteComponent(() => import('../features/reports/SchedulesPage.tsx'), 'SchedulesPage'),
});

// The dashboard and its charts load when first opened too.
const dashboardPage = () => import('../features/dashboard/DashboardPage.tsx');
const DashboardTicketsPage = lazyRouteComponent(dashboardPage, 'DashboardTicketsPage');
const dashboardRoute = createRoute({ getParentRoute: () => signedInRoute, path: '/dashboard', component: lazyRouteComponent(dashboardPage, 'DashboardPage') });
const dashboardTicketsRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/dashboard/tickets',
  validateSearch: validateDashboardTicketsSearch,
  component: function DashboardTicketsRoute() {
    return <DashboardTicketsPage search={dashboardTicketsRoute.useSearch()} />;
  },
});

// The knowledge base loads when first opened, and its editor (ProseMirror) only where an article is edited.
const kbPage = {
  list: () => import('../features/kb/KnowledgeBasePage.tsx'),
  article: () => import('../features/kb/ArticlePage.tsx'),
  newArticle: () => import('../features/kb/NewArticlePage.tsx'),
  categories: () => import('../features/kb/CategoriesPage.tsx'),
};
const KnowledgeBasePage = lazyRouteComponent(kbPage.list, 'KnowledgeBasePage');
const ArticlePage = lazyRouteComponent(kbPage.article, 'ArticlePage');

const kbRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/kb',
  validateSearch: validateKbListSearch,
  component: function KnowledgeBaseRoute() {
    return <KnowledgeBasePage search={kbRoute.useSearch()} />;
  },
});

const kbNewRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/kb/new',
  component: lazyRouteComponent(kbPage.newArticle, 'NewArticlePage'),
});

const kbCategoriesRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/kb/categories',
  component: lazyRouteComponent(kbPage.categories, 'CategoriesPage'),
});

const kbArticleRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/kb/articles/$articleId',
  validateSearch: validateKbArticleSearch,
  component: function KbArticleRoute() {
    const { articleId } = kbArticleRoute.useParams();
    const { language } = kbArticleRoute.useSearch();
    return <ArticlePage key={articleId} articleId={articleId} language={language} />;
  },
});

/**
 * The admin screens load when first opened: most agents never use them, so they are not part of the
 * JavaScript every sign-in downloads. (Business hours, the admin area's landing page, stays in.)
 */
const adminPage = {
  policies: () => import('../features/admin/PoliciesPage.tsx'),
  people: () => import('../features/admin/PeoplePage.tsx'),
  priorityMatrix: () => import('../features/admin/PriorityMatrixPage.tsx'),
  mailboxes: () => import('../features/admin/MailboxesPage.tsx'),
  customFields: () => import('../features/admin/CustomFieldsPage.tsx'),
  cannedResponses: () => import('../features/admin/CannedResponsesPage.tsx'),
  reportSettings: () => import('../features/admin/ReportSettingsPage.tsx'),
  surveySettings: () => import('../features/admin/SurveySettingsPage.tsx'),
};

/** Settings: every role may look (as the API allows reading); only admins can change them. */
const adminRoute = createRoute({ getParentRoute: () => signedInRoute, path: '/admin', component: AdminLayout });

const adminIndexRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: '/',
  beforeLoad: () => {
    throw redirect({ to: '/admin/calendars', replace: true });
  },
});

const calendarsRoute = createRoute({ getParentRoute: () => adminRoute, path: '/calendars', component: () => <CalendarsPage /> });

const calendarRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: '/calendars/$calendarId',
  component: function CalendarRoute() {
    const { calendarId } = calendarRoute.useParams();
    return <CalendarsPage calendarId={calendarId} />;
  },
});

const policiesRoute = createRoute({ getParentRoute: () => adminRoute, path: '/sla-policies', component: lazyRouteComponent(adminPage.policies, 'PoliciesPage') });

const peopleRoute = createRoute({ getParentRoute: () => adminRoute, path: '/people', component: lazyRouteComponent(adminPage.people, 'PeoplePage') });

const priorityMatrixRoute = createRoute({ getParentRoute: () => adminRoute, path: '/priority-matrix', component: lazyRouteComponent(adminPage.priorityMatrix, 'PriorityMatrixPage') });

const mailboxesRoute = createRoute({ getParentRoute: () => adminRoute, path: '/mailboxes', component: lazyRouteComponent(adminPage.mailboxes, 'MailboxesPage') });

const customFieldsRoute = createRoute({ getParentRoute: () => adminRoute, path: '/custom-fields', component: lazyRouteComponent(adminPage.customFields, 'CustomFieldsPage') });

const cannedResponsesRoute = createRoute({ getParentRoute: () => adminRoute, path: '/canned-responses', component: lazyRouteComponent(adminPage.cannedResponses, 'CannedResponsesPage') });

const reportSettingsRoute = createRoute({ getParentRoute: () => adminRoute, path: '/reports', component: lazyRouteComponent(adminPage.reportSettings, 'ReportSettingsPage') });

const surveySettingsRoute = createRoute({ getParentRoute: () => adminRoute, path: '/surveys', component: lazyRouteComponent(adminPage.surveySettings, 'SurveySettingsPage') });

const routeTree = rootRoute.addChildren([
  loginRoute,
  signedInRoute.addChildren([
    indexRoute,
    inboxRoute,
    ticketRoute,
    contactsRoute,
    contactRoute,
    organisationsRoute,
    organisationRoute,
    complaintsRoute,
    followUpsRoute,
    feedbackRoute,
    reportsRoute,
    reportTicketsRoute,
    staffingRoute,
    erlangCRoute,
    scheduleRoute,
    myShiftsRoute,
    reportSchedulesRoute,
    dashboardRoute,
    dashboardTicketsRoute,
    kbRoute,
    kbNewRoute,
    kbCategoriesRoute,
    kbArticleRoute,
    adminRoute.addChildren([adminIndexRoute, calendarsRoute, calendarRoute, policiesRoute, peopleRoute, priorityMatrixRoute, mailboxesRoute, customFieldsRoute, cannedResponsesRoute, reportSettingsRoute, surveySettingsRoute]),
  ]),
]);

export function createAppRouter(queryClient: QueryClient) {
  return createRouter({
    routeTree,
    context: { queryClient },
    defaultPreload: 'intent',
    defaultPendingComponent: () => (
      <div className="p-6">
        <Spinner label={messages.app.loading} />
      </div>
    ),
    scrollRestoration: true,
  });
}

declare module '@tanstack/react-router' {
  interface Register {
    router: ReturnType<typeof createAppRouter>;
  }
}
