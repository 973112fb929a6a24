import { Alert } from '@rapport/ui/Alert.tsx';
import { Button } from '@rapport/ui/Button.tsx';
import { TextField } from '@rapport/ui/Field.tsx';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { messages } from '../../i18n/index.ts';
import { ApiError } from '../../lib/api-client.ts';
import { signIn } from './api.ts';
import { useSetSession } from './use-session.ts';

const t = messages.auth;

function signInError(error: unknown) {
  if (error instanceof ApiError && error.status === 401) return t.wrongPassword;
  if (error instanceof ApiError && error.status === 429) return t.lockedOut;
  return error instanceof Error ? error.message : messages.errors.unexpected;
}

export function SignInPage({ redirect, reason }: { redirect?: string; reason?: 'expired' | 'signed-out' }) {
  const navigate = useNavigate();
  const setSession = useSetSession();
  const queryClient = useQueryClient();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const login = useMutation({
    mutationFn: signIn,
    onSuccess: (session) => {
      // Nothing read under an earlier session (perhaps another person's) stays on screen.
      queryClient.clear();
      setSession(session);
      // Only a path of this app: never an absolute URL someone put in the link.
      const target = redirect?.startsWith('/') && !redirect.startsWith('//') ? redirect : '/';
      void navigate({ to: target, replace: true });
    },
  });

  function handleSubmit(event: FormEvent) {
    event.preventDefault();
    login.mutate({ email, password });
  }

  return (
    <main id="main" className="flex min-h-screen items-center justify-center bg-slate-100 px-4">
      <div className="w-full max-w-sm">
        <div className="mb-6 flex items-center justify-center gap-2">
          <img src="/favicon.svg" alt="" className="size-8" />
          <span className="text-xl font-semibold text-slate-900">{messages.app.name}</span>
        </div>
        <form onSubmit={handleSubmit} className="space-y-4 rounded-lg bg-white p-6 shadow-sm ring-1 ring-slate-200" noValidate>
          <h1 className="text-lg font-semibold">{t.title}</h1>
          {reason === 'expired' && !login.isError && <Alert tone="info">{t.sessionExpired}</Alert>}
          {reason === 'signed-out' && !login.isError && <Alert tone="info">{t.signedOut}</Alert>}
          {login.isError && <Alert tone="error">{signInError(login.error)}</Alert>}
          <TextField
            label={t.email}
            type="email"
            name="email"
            autoComplete="username"
            required
            autoFocus
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
          <TextField
            label={t.password}
            type="password"
            name="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
          <Button type="submit" variant="primary" className="w-full" disabled={login.isPending}>
            {login.isPending ? t.submitting : t.submit}
          </Button>
        </form>
        <p className="mt-4 text-center text-sm text-slate-600">
          <a className="underline hover:text-slate-900" href="/api/docs">
            {messages.app.apiDocs}
          </a>
        </p>
      </div>
    </main>
  );
}
