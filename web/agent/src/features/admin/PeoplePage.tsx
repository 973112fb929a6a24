import { Alert } from '@rapport/ui/Alert.tsx';
import { Badge } from '@rapport/ui/Badge.tsx';
import { Button } from '@rapport/ui/Button.tsx';
import { type FormEvent, useState } from 'react';
import { messages } from '../../i18n/index.ts';
import { formatShortDateTime } from '../../lib/format.ts';
import { PasswordDialog } from '../account/PasswordDialog.tsx';
import { useSession } from '../auth/use-session.ts';
import { useTeams, useUsers } from '../directory/use-directory.ts';
import { useCanAdminister } from './AdminLayout.tsx';
import type { Role, User } from './api.ts';
import { useChangeRole, useChangeSeniority } from './use-admin.ts';

const tp = messages.admin.people;
const ROLES = ['admin', 'supervisor', 'agent', 'read-only'] as const satisfies readonly Role[];
const roleLabel = (role: string) => tp.roles[role] ?? role;

/** Staff users (an admin changes their role) and teams with their members. */
export function PeoplePage() {
  const canEdit = useCanAdminister();
  const me = useSession().user;
  const { users, usersById } = useUsers();
  const { teams, teamsById } = useTeams();
  const sorted = [...users].sort((a, b) => a.name.localeCompare(b.name));
  return (
    <div className="space-y-4">
      <section aria-labelledby="users-title" className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
        <h2 id="users-title" className="mb-3 text-base font-semibold text-slate-900">
          {tp.users}
        </h2>
        <table className="w-full text-left text-sm">
          <ColumnHeaders
            names={[
              tp.columns.name,
              tp.columns.email,
              tp.columns.role,
              tp.columns.senior,
              tp.columns.status,
              tp.columns.teams,
              tp.columns.lastLogin,
              ...(canEdit ? [tp.columns.password] : []),
            ]}
          />
          <tbody>
            {sorted.map((user) => (
              <tr key={user.id} className="border-b border-slate-100" data-user={user.email}>
                <th scope="row" className="py-2 pr-3 font-medium text-slate-900">
                  {user.name}
                </th>
                <td className="py-2 pr-3 text-slate-700">{user.email}</td>
                <td className="py-2 pr-3">{canEdit ? <RoleForm user={user} /> : roleLabel(user.role)}</td>
                <td className="py-2 pr-3">{canEdit ? <SeniorToggle user={user} /> : user.isSenior && <Badge tone="violet">{tp.senior}</Badge>}</td>
                <td className="py-2 pr-3">
                  <Badge tone={user.isActive ? 'green' : 'neutral'}>{user.isActive ? tp.active : tp.inactive}</Badge>
                </td>
                <td className="py-2 pr-3 text-slate-700">{user.teamIds.map((id) => teamsById.get(id)?.name ?? '…').join(', ')}</td>
                <td className="py-2 pr-3 text-slate-700">
                  {user.lastLoginAt ? formatShortDateTime(user.lastLoginAt) : messages.time.never}
                </td>
                {canEdit && <td className="py-2 pr-3">{user.id !== me.id && <ResetPassword user={user} />}</td>}
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section aria-labelledby="teams-title" className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
        <h2 id="teams-title" className="mb-3 text-base font-semibold text-slate-900">
          {tp.teams}
        </h2>
        {teams.length === 0 ? (
          <p className="text-sm text-slate-600">{tp.noTeams}</p>
        ) : (
          <table className="w-full text-left text-sm">
            <ColumnHeaders names={[tp.columns.name, tp.columns.description, tp.columns.members]} />
            <tbody>
              {teams.map((team) => (
                <tr key={team.id} className="border-b border-slate-100">
                  <th scope="row" className="py-2 pr-3 font-medium text-slate-900">
                    {team.name}
                  </th>
                  <td className="py-2 pr-3 text-slate-700">{team.description ?? ''}</td>
                  <td className="py-2 pr-3 text-slate-700">
                    {team.memberIds.length ? team.memberIds.map((id) => usersById.get(id)?.name ?? '…').join(', ') : tp.noMembers}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}

function ColumnHeaders({ names }: { names: string[] }) {
  return (
    <thead className="border-b border-slate-200 text-xs text-slate-600">
      <tr>
        {names.map((name) => (
          <th key={name} scope="col" className="py-2 pr-3 font-semibold">
            {name}
          </th>
        ))}
      </tr>
    </thead>
  );
}

function ResetPassword({ user }: { user: User }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button size="sm" onClick={() => setOpen(true)} aria-label={messages.account.resetPasswordOf(user.name)}>
        {messages.account.resetPassword}
      </Button>
      <PasswordDialog open={open} onClose={() => setOpen(false)} target={user} />
    </>
  );
}

function SeniorToggle({ user }: { user: User }) {
  const change = useChangeSeniority(user.id);
  // Shown at once, and put back if the change is refused.
  const [isSenior, setSenior] = useState(user.isSenior);
  const handleChange = (next: boolean) => {
    setSenior(next);
    change.mutate(next, { onError: () => setSenior(!next) });
  };
  return (
    <>
      <input type="checkbox" aria-label={tp.seniorOf(user.name)} checked={isSenior} disabled={change.isPending} onChange={(event) => handleChange(event.target.checked)} />
      {change.error && <Alert className="mt-1">{change.error.message}</Alert>}
    </>
  );
}

function RoleForm({ user }: { user: User }) {
  const me = useSession().user;
  const [role, setRole] = useState(user.role);
  const [done, setDone] = useState('');
  const change = useChangeRole(user.id);

  function handleSubmit(event: FormEvent) {
    event.preventDefault();
    setDone('');
    change.mutate(role, { onSuccess: (updated) => setDone(tp.roleChanged(updated.name, roleLabel(updated.role))) });
  }

  return (
    <form onSubmit={handleSubmit} className="flex flex-wrap items-center gap-2" aria-label={tp.changeRoleOf(user.name)}>
      <select
        aria-label={tp.roleOf(user.name)}
        value={role}
        onChange={(e) => {
          setRole(e.target.value as Role);
          setDone('');
          change.reset();
        }}
        className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm"
      >
        {ROLES.map((r) => (
          <option key={r} value={r}>
            {roleLabel(r)}
          </option>
        ))}
      </select>
      {user.id === me.id && <span className="text-xs text-slate-600">{tp.you}</span>}
      <Button type="submit" size="sm" disabled={role === user.role || change.isPending}>
        {tp.changeRole}
      </Button>
      <span role="status" className="text-xs text-green-800">
        {done}
      </span>
      {change.error && <Alert className="w-full">{change.error.message}</Alert>}
    </form>
  );
}
