import { SelectField, TextField } from '@rapport/ui/Field.tsx';
import { useId } from 'react';
import { messages } from '../../i18n/index.ts';
import type { CustomField } from './api.ts';

const t = messages.ticketActions.customFields;

/** One workspace-defined ticket field, as the input its type needs. `null` is "no value". */
export function CustomFieldInput({
  field,
  value,
  onChange,
  error,
}: {
  field: CustomField;
  value: unknown;
  onChange: (value: unknown) => void;
  error?: string;
}) {
  const hint = field.description ?? undefined;
  const common = { label: field.label, error, className: 'col-span-2' };
  switch (field.type) {
    case 'checkbox':
      return <Checkbox field={field} checked={value === true} onChange={(checked) => onChange(checked)} error={error} />;
    case 'select':
      return (
        <SelectField
          {...common}
          hint={hint}
          value={typeof value === 'string' ? value : ''}
          onChange={(e) => onChange(e.target.value || null)}
        >
          <option value="">{t.none}</option>
          {field.options.map((option) => (
            <option key={option} value={option}>
              {option}
            </option>
          ))}
        </SelectField>
      );
    case 'multi-select':
      return (
        <SelectField
          {...common}
          hint={hint ?? t.multiHint}
          multiple
          size={Math.min(5, Math.max(2, field.options.length))}
          value={Array.isArray(value) ? (value as string[]) : []}
          onChange={(e) => onChange(Array.from(e.target.selectedOptions, (option) => option.value))}
        >
          {field.options.map((option) => (
            <option key={option} value={option}>
              {option}
            </option>
          ))}
        </SelectField>
      );
    case 'number':
      return (
        <TextField
          {...common}
          hint={hint}
          type="number"
          inputMode="decimal"
          value={typeof value === 'number' ? String(value) : ''}
          onChange={(e) => onChange(e.target.value === '' ? null : Number(e.target.value))}
        />
      );
    case 'date':
      return (
        <TextField
          {...common}
          hint={hint}
          type="date"
          value={typeof value === 'string' ? value : ''}
          onChange={(e) => onChange(e.target.value || null)}
        />
      );
    default:
      return (
        <TextField
          {...common}
          hint={hint}
          value={typeof value === 'string' ? value : ''}
          onChange={(e) => onChange(e.target.value || null)}
        />
      );
  }
}

function Checkbox({
  field,
  checked,
  onChange,
  error,
}: {
  field: CustomField;
  checked: boolean;
  onChange: (checked: boolean) => void;
  error?: string;
}) {
  const id = useId();
  return (
    <div className="col-span-2 space-y-1">
      <div className="flex items-center gap-2">
        <input
          id={id}
          type="checkbox"
          className="h-4 w-4 rounded border-slate-400"
          checked={checked}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          onChange={(e) => onChange(e.target.checked)}
        />
        <label htmlFor={id} className="text-sm text-slate-900">
          {field.label}
        </label>
      </div>
      {field.description && <p className="text-xs text-slate-600">{field.description}</p>}
      {error && (
        <p id={`${id}-error`} className="text-xs text-red-700">
          {error}
        </p>
      )}
    </div>
  );
}
