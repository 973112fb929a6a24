import { Alert } from '@rapport/ui/Alert.tsx';
import { Button } from '@rapport/ui/Button.tsx';
import { SelectField, TextField } from '@rapport/ui/Field.tsx';
import { type FormEvent, useState } from 'react';
import { messages } from '../../i18n/index.ts';
import { ApiError } from '../../lib/api-client.ts';
import { useSession } from '../auth/use-session.ts';
import { useTeams, useUsers } from '../directory/use-directory.ts';
import { CustomFieldInput } from '../ticket-actions/CustomFieldInput.tsx';
import { useCustomFields, useEscalationSettings, useTicketStatuses } from '../ticket-actions/use-ticket-actions.ts';
import type { Ticket, UpdateTicketBody } from './api.ts';
import { PRIORITIES, priorityLabel, statusLabel, TICKET_STATUSES, TICKET_TYPES, typeLabel } from './ticket-options.ts';
import { useReloadTicket, useUpdateTicket } from './use-tickets.ts';

const t = messages.fields;
const tc = messages.ticketActions.customFields;
const LEVELS = ['low', 'medium', 'high', 'critical'] as const;
type Level = (typeof LEVELS)[number];

interface Draft {
  status?: Ticket['status'];
  priority?: Ticket['priority'];
  priorityReason?: string;
  type?: Ticket['type'];
  assigneeId?: string | null;
  teamId?: string | null;
  tags?: string;
  customStatus?: string | null;
  impact?: Level | null;
  urgency?: Level | null;
  customFields?: Record<string, unknown>;
}

const parseTags = (value: string) => [
  ...new Set(
    value
      .split(',')
      .map((tag) => tag.trim().toLowerCase())
      .filter(Boolean),
  ),
];

/**
 * The ticket's fields. Edits collect in a draft based on the version they started from; saving
 * sends that version in If-Match, so a change someone else made meanwhile is never overwritten:
 * the save answers 412 and the panel offers to reload.
 */
export function TicketFields({ ticket }: { ticket: Ticket }) {
  const { user } = useSession();
  const { users } = useUsers();
  const { teams } = useTeams();
  const customFields = (useCustomFields().data ?? []).filter((field) => field.isActive || ticket.customFields[field.key] !== undefined);
  const customStatuses = useTicketStatuses().data ?? [];
  const matrix = useEscalationSettings().data?.priorityMatrix;
  const [draft, setDraft] = useState<Draft>({});
  const [baseVersion, setBaseVersion] = useState<number | null>(null);
  const [saved, setSaved] = useState(false);
  const update = useUpdateTicket(ticket.id);
  const reload = useReloadTicket(ticket.id);

  const isDirty = Object.keys(draft).length > 0;
  const value = {
    status: draft.status ?? ticket.status,
    priority: draft.priority ?? ticket.priority,
    type: draft.type ?? ticket.type,
    assigneeId: draft.assigneeId !== undefined ? draft.assigneeId : ticket.assigneeId,
    teamId: draft.teamId !== undefined ? draft.teamId : ticket.teamId,
    tags: draft.tags ?? ticket.tags.join(', '),
    customStatus: draft.customStatus !== undefined ? draft.customStatus : ticket.customStatus,
    impact: draft.impact !== undefined ? draft.impact : (ticket.impact as Level | null),
    urgency: draft.urgency !== undefined ? draft.urgency : (ticket.urgency as Level | null),
  };
  const customValue = (key: string) =>
    draft.customFields && key in draft.customFields ? draft.customFields[key] : ticket.customFields[key];
  const suggested = value.impact && value.urgency ? matrix?.[value.impact]?.[value.urgency] : undefined;
  const error = update.error instanceof ApiError ? update.error : null;
  const fieldError = (name: string) => error?.fields[name];

  function edit(changes: Draft) {
    if (baseVersion === null) setBaseVersion(ticket.version);
    setSaved(false);
    update.reset();
    setDraft((current) => ({ ...current, ...changes }));
  }

  function clearDraft() {
    setDraft({});
    setBaseVersion(null);
  }

  function save(changes: UpdateTicketBody, version: number) {
    update.mutate(
      { version, changes },
      {
        onSuccess: () => {
          clearDraft();
          setSaved(true);
        },
      },
    );
  }

  function handleSubmit(event: FormEvent) {
    event.preventDefault();
    const changes: UpdateTicketBody = {};
    if (draft.customStatus !== undefined && draft.customStatus !== ticket.customStatus) {
      // A custom status sets its category as the status; clearing it goes back to the plain status.
      changes.customStatus = draft.customStatus;
      if (draft.customStatus === null && draft.status !== undefined) changes.status = draft.status;
    } else if (draft.status !== undefined && draft.status !== ticket.status) changes.status = draft.status;
    if (draft.impact !== undefined && draft.impact !== ticket.impact) changes.impact = draft.impact;
    if (draft.urgency !== undefined && draft.urgency !== ticket.urgency) changes.urgency = draft.urgency;
    // CustomFieldInput gives each field's type its own value shape (string, number, boolean, list or null).
    if (draft.customFields) changes.customFields = draft.customFields as UpdateTicketBody['customFields'];
    if (draft.priority !== undefined && draft.priority !== ticket.priority) {
      changes.priority = draft.priority;
      if (draft.priorityReason?.trim()) changes.priorityReason = draft.priorityReason.trim();
    }
    if (draft.type !== undefined && draft.type !== ticket.type) changes.type = draft.type;
    if (draft.assigneeId !== undefined && draft.assigneeId !== ticket.assigneeId) changes.assigneeId = draft.assigneeId;
    if (draft.teamId !== undefined && draft.teamId !== ticket.teamId) changes.teamId = draft.teamId;
    if (draft.tags !== undefined) changes.tags = parseTags(draft.tags);
    save(changes, baseVersion ?? ticket.version);
  }

  async function handleReload() {
    clearDraft();
    update.reset();
    await reload();
  }

  const agents = users.filter((u) => u.isActive && u.role !== 'read-only');
  const canAssignToMe = ticket.assigneeId !== user.id && user.role !== 'read-only';

  return (
    <section aria-labelledby="fields-title" className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
      <div className="mb-3 flex items-center justify-between">
        <h2 id="fields-title" className="text-sm font-semibold text-slate-900">
          {t.title}
        </h2>
        {canAssignToMe && (
          <Button
            size="sm"
            variant="ghost"
            disabled={update.isPending || isDirty}
            onClick={() => save({ assigneeId: user.id }, ticket.version)}
          >
            {t.assignToMe}
          </Button>
        )}
      </div>
      <form onSubmit={handleSubmit}>
        {/* Read-only staff see the fields but cannot change them. */}
        <fieldset disabled={user.role === 'read-only'} className="grid grid-cols-2 gap-3">
          {error?.isStaleWrite && (
            <Alert
              className="col-span-2"
              tone="warning"
              action={
                <Button size="sm" onClick={() => void handleReload()}>
                  {t.reload}
                </Button>
              }
            >
              {t.stale}
            </Alert>
          )}
          {update.error && !error?.isStaleWrite && (
            <Alert className="col-span-2">{Object.keys(error?.fields ?? {}).length ? t.invalid : update.error.message}</Alert>
          )}
          <SelectField
            label={t.status}
            value={value.status}
            onChange={(e) => edit({ status: e.target.value as Ticket['status'], ...(value.customStatus ? { customStatus: null } : {}) })}
            error={fieldError('status')}
          >
            {TICKET_STATUSES.map((status) => (
              <option key={status} value={status}>
                {statusLabel(status)}
              </option>
            ))}
          </SelectField>
          {customStatuses.length > 0 && (
            <SelectField
              className="col-span-2"
              label={tc.customStatus}
              value={value.customStatus ?? ''}
              onChange={(e) => {
                const chosen = customStatuses.find((status) => status.key === e.target.value);
                edit(chosen ? { customStatus: chosen.key, status: chosen.category } : { customStatus: null });
              }}
              error={fieldError('customStatus')}
            >
              <option value="">{tc.noCustomStatus(statusLabel(value.status))}</option>
              {customStatuses
                .filter((status) => status.isActive || status.key === value.customStatus)
                .map((status) => (
                  <option key={status.key} value={status.key}>
                    {status.label} ({statusLabel(status.category)})
                  </option>
                ))}
            </SelectField>
          )}
          <SelectField
            label={t.priority}
            hint={suggested ? <span data-testid="priority-suggestion">{tc.suggested(priorityLabel(suggested))}</span> : undefined}
            value={value.priority}
            onChange={(e) => edit({ priority: e.target.value as Ticket['priority'] })}
            error={fieldError('priority')}
          >
            {PRIORITIES.map((priority) => (
              <option key={priority} value={priority}>
                {priorityLabel(priority)}
              </option>
            ))}
          </SelectField>
          {draft.priority !== undefined && draft.priority !== ticket.priority && (
            <TextField
              className="col-span-2"
              label={t.priorityReason}
              hint={t.priorityReasonHint}
              value={draft.priorityReason ?? ''}
              onChange={(e) => edit({ priorityReason: e.target.value })}
              error={fieldError('priorityReason')}
            />
          )}
          <SelectField
            label={tc.impact}
            value={value.impact ?? ''}
            onChange={(e) => edit({ impact: (e.target.value || null) as Level | null })}
            error={fieldError('impact')}
          >
            <option value="">{tc.notSet}</option>
            {LEVELS.map((level) => (
              <option key={level} value={level}>
                {tc.levels[level]}
              </option>
            ))}
          </SelectField>
          <SelectField
            label={tc.urgency}
            value={value.urgency ?? ''}
            onChange={(e) => edit({ urgency: (e.target.value || null) as Level | null })}
            error={fieldError('urgency')}
          >
            <option value="">{tc.notSet}</option>
            {LEVELS.map((level) => (
              <option key={level} value={level}>
                {tc.levels[level]}
              </option>
            ))}
          </SelectField>
          <SelectField
            label={t.type}
            value={value.type}
            onChange={(e) => edit({ type: e.target.value as Ticket['type'] })}
            error={fieldError('type')}
          >
            {TICKET_TYPES.map((type) => (
              <option key={type} value={type}>
                {typeLabel(type)}
              </option>
            ))}
          </SelectField>
          <SelectField
            label={t.assignee}
            value={value.assigneeId ?? ''}
            onChange={(e) => edit({ assigneeId: e.target.value || null })}
            error={fieldError('assigneeId')}
          >
            <option value="">{t.unassigned}</option>
            {agents.map((agent) => (
              <option key={agent.id} value={agent.id}>
                {agent.name}
              </option>
            ))}
          </SelectField>
          <SelectField
            label={t.team}
            value={value.teamId ?? ''}
            onChange={(e) => edit({ teamId: e.target.value || null })}
            error={fieldError('teamId')}
          >
            <option value="">{t.noTeam}</option>
            {teams.map((team) => (
              <option key={team.id} value={team.id}>
                {team.name}
              </option>
            ))}
          </SelectField>
          <TextField
            className="col-span-2"
            label={t.tags}
            hint={t.tagsHint}
            value={value.tags}
            onChange={(e) => edit({ tags: e.target.value })}
            error={fieldError('tags')}
          />
          {customFields.length > 0 && (
            <fieldset className="col-span-2 grid grid-cols-2 gap-3 border-t border-slate-200 pt-3">
              <legend className="sr-only">{tc.title}</legend>
              {customFields.map((field) => (
                <CustomFieldInput
                  key={field.key}
                  field={field}
                  value={customValue(field.key)}
                  onChange={(next) => edit({ customFields: { ...draft.customFields, [field.key]: next } })}
                  error={fieldError(`customFields.${field.key}`)}
                />
              ))}
            </fieldset>
          )}
          <div className="col-span-2 flex items-center gap-2">
            <Button type="submit" variant="primary" disabled={!isDirty || update.isPending}>
              {update.isPending ? t.saving : t.save}
            </Button>
            {isDirty && (
              <Button
                variant="ghost"
                onClick={() => {
                  clearDraft();
                  update.reset();
                }}
              >
                {t.discard}
              </Button>
            )}
            <span role="status" className="text-sm text-green-800">
              {saved ? t.saved : ''}
            </span>
          </div>
        </fieldset>
      </form>
    </section>
  );
}
