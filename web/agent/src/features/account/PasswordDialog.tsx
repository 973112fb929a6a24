import { Alert } from '@rapport/ui/Alert.tsx';
import { Button } from '@rapport/ui/Button.tsx';
import { Dialog } from '@rapport/ui/Dialog.tsx';
import { TextField } from '@rapport/ui/Field.tsx';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { messages } from '../../i18n/index.ts';
import { formProblem } from '../admin/admin-form.tsx';
import { changeOwnPassword, resetPassword } from './api.ts';

const t = messages.account;
const MIN_LENGTH = 10;

/**
 * A new password, typed twice: your own (with the current one, which the server checks) or, for an
 * admin, another user's. The server's answer — who was signed out — is shown when it is done.
 */
export function PasswordDialog({
  open,
  onClose,
  target,
}: {
  open: boolean;
  onClose: () => void;
  target: 'own' | { id: string; name: string };
}) {
  const own = target === 'own';
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const save = useMutation({
    mutationFn: async () =>
      own
        ? (await changeOwnPassword({ currentPassword: current, newPassword: next })).message
        : (await resetPassword(target.id, next)).warnings.join(' '),
  });
  const { problem, fieldError } = formProblem(save.error, { normalise: (field) => (field === 'password' ? 'newPassword' : field) });

  function close() {
    setCurrent('');
    setNext('');
    setRepeat('');
    setMismatch(false);
    save.reset();
    onClose();
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    setMismatch(next !== repeat);
    if (next === repeat) save.mutate();
  }

  return (
    <Dialog open={open} onClose={close} title={own ? t.changeTitle : t.resetTitle(target.name)} closeLabel={t.close}>
      {save.isSuccess ? (
        <div className="space-y-3">
          <p role="status" className="text-sm text-green-800">
            {save.data}
          </p>
          <Button variant="primary" onClick={close}>
            {t.done}
          </Button>
        </div>
      ) : (
        <form onSubmit={submit} className="space-y-3" noValidate>
          {!own && <p className="text-sm text-slate-700">{t.resetIntro(target.name)}</p>}
          {own && (
            <TextField
              label={t.current}
              type="password"
              autoComplete="current-password"
              required
              value={current}
              onChange={(e) => setCurrent(e.target.value)}
              error={fieldError('currentPassword')}
            />
          )}
          <TextField
            label={t.next}
            type="password"
            autoComplete="new-password"
            required
            minLength={MIN_LENGTH}
            hint={t.rule(MIN_LENGTH)}
            value={next}
            onChange={(e) => setNext(e.target.value)}
            error={fieldError('newPassword')}
          />
          <TextField
            label={t.repeat}
            type="password"
            autoComplete="new-password"
            required
            value={repeat}
            onChange={(e) => setRepeat(e.target.value)}
            error={mismatch ? t.mismatch : undefined}
          />
          {problem && !fieldError('currentPassword') && !fieldError('newPassword') && <Alert>{problem.message}</Alert>}
          <div className="flex gap-3">
            <Button type="submit" variant="primary" disabled={save.isPending}>
              {save.isPending ? t.saving : own ? t.change : t.reset}
            </Button>
            <Button onClick={close}>{t.cancel}</Button>
          </div>
        </form>
      )}
    </Dialog>
  );
}
