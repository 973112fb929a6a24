import { QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from '@tanstack/react-router';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createAppRouter } from './app/router.tsx';
import { sessionKeys } from './features/auth/use-session.ts';
import { ApiError, onUnauthenticated } from './lib/api-client.ts';
import './styles.css';

const queryClient = new QueryClient({
  queryCache: new QueryCache(),
  defaultOptions: {
    queries: {
      staleTime: 15_000,
      // A 4xx will not get better by asking again; a network blip might.
      retry: (failures, error) => !(error instanceof ApiError && error.status >= 400 && error.status < 500) && failures < 2,
    },
  },
});
const router = createAppRouter(queryClient);

// Any 401 means the session expired (or was ended elsewhere): back to sign-in, then back here.
onUnauthenticated(() => {
  if (queryClient.getQueryData(sessionKeys.current) === null || router.state.location.pathname === '/login') return;
  queryClient.setQueryData(sessionKeys.current, null);
  void router.navigate({ to: '/login', search: { reason: 'expired', redirect: router.state.location.href } });
});

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>
  </StrictMode>,
);
