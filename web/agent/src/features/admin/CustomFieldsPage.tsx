import { Badge } from '@rapport/ui/Badge.tsx';
import { Button } from '@rapport/ui/Button.tsx';
import { SelectField, TextAreaField, TextField } from '@rapport/ui/Field.tsx';
import { type FormEvent, useState } from 'react';
import { messages } from '../../i18n/index.ts';
import { AdminList } from './AdminList.tsx';
import { useCanAdminister } from './AdminLayout.tsx';
import { CheckboxField, FormActions, FormProblem, formProblem } from './admin-form.tsx';
import type { CreateCustomFieldBody, CustomField, CustomFieldType, UpdateCustomFieldBody } from './api.ts';
import { useCustomFields, useDeleteCustomField, useSaveCustomField } from './use-admin.ts';

const tf = messages.admin.customFields;

const TYPES = ['text', 'number', 'date', 'select', 'multi-select', 'checkbox'] as const satisfies readonly CustomFieldType[];
const hasOptions = (type: string) => type === 'select' || type === 'multi-select';
const typeLabel = (type: string) => tf.types[type] ?? type;
const focusOnMount = (element: HTMLElement | null) => element?.focus();

/** The workspace's ticket fields in display order; an admin adds, edits, archives or deletes them. */
export function CustomFieldsPage() {
  const canEdit = useCanAdminister();
  const { data: fields, error, isPending } = useCustomFields();
  const sorted = fields && [...fields].sort((a, b) => a.position - b.position || a.label.localeCompare(b.label));

  return (
    <AdminList
      title={tf.title}
      intro={tf.intro}
      rows={sorted}
      isPending={isPending}
      error={error}
      emptyText={tf.none}
      rowKey={(field) => field.id}
      rowAttributes={(field) => ({ 'data-field': field.key })}
      columns={[
        { header: tf.columns.position, className: 'tabular-nums text-slate-600', cell: (field) => field.position },
        {
          header: tf.columns.label,
          isRowHeader: true,
          cell: (field) => (
            <>
              {field.label}
              {field.description && <span className="block text-xs font-normal text-slate-600">{field.description}</span>}
            </>
          ),
        },
        { header: tf.columns.key, cell: (field) => <code className="rounded bg-slate-100 px-1 text-xs text-slate-800">{field.key}</code> },
        { header: tf.columns.type, className: 'text-slate-700', cell: (field) => typeLabel(field.type) },
        {
          header: tf.columns.options,
          className: 'max-w-56 text-slate-700',
          cellAttributes: { 'data-options': '' },
          cell: (field) => field.options.join(', '),
        },
        { header: tf.columns.required, className: 'text-slate-700', cell: (field) => (field.required ? tf.yes : tf.no) },
        {
          header: tf.columns.status,
          cell: (field) => <Badge tone={field.isActive ? 'green' : 'neutral'}>{field.isActive ? tf.activeShort : tf.archived}</Badge>,
        },
      ]}
      actionsLabel={tf.columns.actions}
      editLabel={(field) => tf.editLabel(field.label)}
      renderEditor={
        canEdit
          ? (field, close) => <CustomFieldForm field={field} onDone={() => close()} onDeleted={() => close(tf.deleted(field.label))} />
          : undefined
      }
      adding={
        canEdit
          ? { label: tf.add, renderForm: (close) => <CustomFieldForm field={null} onDone={() => close()} onDeleted={() => {}} /> }
          : undefined
      }
    />
  );
}

interface Draft {
  key: string;
  label: string;
  type: CustomFieldType;
  options: string;
  description: string;
  required: boolean;
  position: string;
  isActive: boolean;
}

const toDraft = (field: CustomField | null): Draft => ({
  key: field?.key ?? '',
  label: field?.label ?? '',
  type: (field?.type as CustomFieldType) ?? 'text',
  options: field?.options.join('\n') ?? '',
  description: field?.description ?? '',
  required: field?.required ?? false,
  position: field ? String(field.position) : '',
  isActive: field?.isActive ?? true,
});

function toBody(draft: Draft, field: CustomField | null): CreateCustomFieldBody | UpdateCustomFieldBody {
  const options = draft.options
    .split('\n')
    .map((option) => option.trim())
    .filter(Boolean);
  const body: UpdateCustomFieldBody = {
    label: draft.label.trim(),
    description: draft.description.trim() || null,
    required: draft.required,
    isActive: draft.isActive,
  };
  if (hasOptions(draft.type)) body.options = options;
  if (draft.position.trim() !== '') body.position = Number(draft.position);
  return field ? body : ({ ...body, key: draft.key.trim(), type: draft.type } as CreateCustomFieldBody);
}

function CustomFieldForm({ field, onDone, onDeleted }: { field: CustomField | null; onDone: () => void; onDeleted: () => void }) {
  const [draft, setDraft] = useState<Draft>(() => toDraft(field));
  const [saved, setSaved] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const save = useSaveCustomField(field?.id ?? null);
  const remove = useDeleteCustomField(field?.id ?? '');
  const { fieldError } = formProblem(save.error);
  const title = field ? tf.editTitle(field.label) : tf.newTitle;

  function edit(changes: Partial<Draft>) {
    setSaved(false);
    save.reset();
    remove.reset();
    setDraft((current) => ({ ...current, ...changes }));
  }

  function handleSubmit(event: FormEvent) {
    event.preventDefault();
    remove.reset();
    save.mutate(toBody(draft, field), {
      onSuccess: () => (field ? setSaved(true) : onDone()),
    });
  }

  return (
    <form onSubmit={handleSubmit} aria-label={title} className="space-y-3" noValidate>
      <h3 className="text-sm font-semibold text-slate-900">{title}</h3>
      <FormProblem error={save.error ?? remove.error} testId="custom-field-error" />
      <div className="grid grid-cols-3 items-start gap-3">
        {field ? (
          <div className="col-span-1 space-y-1 text-sm">
            <p className="text-xs font-semibold text-slate-700">
              {tf.key} · {tf.type}
            </p>
            <p className="py-1.5">
              <code className="rounded bg-slate-100 px-1 text-xs text-slate-800">{field.key}</code> · {typeLabel(field.type)}
            </p>
            <p className="text-xs text-slate-600">{tf.fixedHint}</p>
          </div>
        ) : (
          <>
            <TextField
              label={tf.key}
              value={draft.key}
              hint={tf.keyHint}
              autoComplete="off"
              onChange={(e) => edit({ key: e.target.value })}
              error={fieldError('key')}
            />
            <SelectField
              label={tf.type}
              value={draft.type}
              onChange={(e) => edit({ type: e.target.value as CustomFieldType })}
              error={fieldError('type')}
            >
              {TYPES.map((type) => (
                <option key={type} value={type}>
                  {typeLabel(type)}
                </option>
              ))}
            </SelectField>
          </>
        )}
        <TextField label={tf.label} value={draft.label} onChange={(e) => edit({ label: e.target.value })} error={fieldError('label')} />
      </div>
      <div className="grid grid-cols-3 items-start gap-3">
        {hasOptions(draft.type) && (
          <TextAreaField
            label={tf.options}
            rows={4}
            value={draft.options}
            hint={tf.optionsHint}
            onChange={(e) => edit({ options: e.target.value })}
            error={fieldError('options')}
          />
        )}
        <TextAreaField
          label={tf.description}
          rows={2}
          value={draft.description}
          hint={tf.descriptionHint}
          onChange={(e) => edit({ description: e.target.value })}
          error={fieldError('description')}
        />
        <TextField
          label={tf.position}
          type="number"
          min={0}
          step={1}
          value={draft.position}
          hint={tf.positionHint}
          onChange={(e) => edit({ position: e.target.value })}
          error={fieldError('position')}
        />
      </div>
      <div className="flex flex-wrap gap-x-6 gap-y-2">
        <CheckboxField label={tf.required} checked={draft.required} onChange={(required) => edit({ required })} />
        <CheckboxField label={tf.active} checked={draft.isActive} onChange={(isActive) => edit({ isActive })} />
      </div>
      <div className="flex items-center justify-between gap-3">
        <FormActions pending={save.isPending} saved={saved ? tf.saved : null} onCancel={onDone} />
        {field &&
          (confirming ? (
            <div className="flex items-center gap-2">
              {/* The question takes the focus from the Delete button it replaces. */}
              <p className="rounded-md text-sm text-slate-800" tabIndex={-1} ref={focusOnMount}>
                {tf.confirmDelete(field.label)}
              </p>
              <Button
                variant="danger"
                size="sm"
                disabled={remove.isPending}
                onClick={() => {
                  save.reset();
                  remove.mutate(undefined, { onSuccess: onDeleted, onSettled: () => setConfirming(false) });
                }}
              >
                {tf.confirm}
              </Button>
              <Button size="sm" variant="ghost" onClick={() => setConfirming(false)}>
                {tf.keep}
              </Button>
            </div>
          ) : (
            <Button variant="ghost" aria-label={tf.deleteLabel(field.label)} onClick={() => setConfirming(true)}>
              {tf.delete}
            </Button>
          ))}
      </div>
    </form>
  );
}
