import { Alert } from '@rapport/ui/Alert.tsx';
import { Button } from '@rapport/ui/Button.tsx';
import { cn } from '@rapport/ui/cn.ts';
import { messages } from '../../i18n/index.ts';
import { ApiError } from '../../lib/api-client.ts';

interface ProblemOptions {
  /** Maps a problem's field path to the form's names, e.g. drops a "settings." or "definition." prefix. */
  normalise?: (field: string) => string;
  /**
   * What to show beside a field: the API's message for that field (e.g. "already in use"), or the
   * problem's detail when the field messages are only codes (the calendar's "hours: tue").
   */
  show?: 'field' | 'detail';
}

/**
 * The API's problem+json answer to a save, and the message to show beside each field it names:
 * `fieldError("imap")` matches "imap" and "imap.port"; the form's error summary shows the detail.
 */
export function formProblem(error: unknown, { normalise = (field) => field, show = 'field' }: ProblemOptions = {}) {
  const problem = error instanceof ApiError ? error : null;
  const fields = Object.entries(problem?.fields ?? {}).map(([field, message]) => [normalise(field), message] as const);
  const fieldError = (name: string): string | undefined => {
    const found = fields.find(([field]) => field === name || field.startsWith(`${name}.`));
    return found && (show === 'detail' ? problem?.message : found[1]);
  };
  return { problem, fieldError };
}

/** The summary above a form the API refused: "The changes were not saved:" and the API's detail. */
export function FormProblem({ error, testId }: { error: Error | null; testId?: string }) {
  if (!error) return null;
  return (
    <Alert>
      <p className="font-semibold">{messages.admin.invalid}</p>
      <p data-testid={testId}>{error.message}</p>
    </Alert>
  );
}

/** Save (busy while the request runs), an optional Cancel, and the polite "saved" message. */
export function FormActions({
  pending,
  disabled,
  saved,
  onCancel,
  cancelLabel,
}: {
  pending: boolean;
  disabled?: boolean;
  saved?: string | null;
  onCancel?: () => void;
  cancelLabel?: string;
}) {
  const t = messages.admin;
  return (
    <div className="flex items-center gap-3">
      <Button type="submit" variant="primary" disabled={pending || disabled}>
        {pending ? t.saving : t.save}
      </Button>
      {onCancel && (
        <Button variant="ghost" onClick={onCancel}>
          {cancelLabel ?? t.cancel}
        </Button>
      )}
      <span role="status" className="text-sm text-green-800">
        {saved ?? ''}
      </span>
    </div>
  );
}

/** A checkbox with its label beside it. */
export function CheckboxField({
  label,
  checked,
  onChange,
  className,
}: {
  label: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  className?: string;
}) {
  return (
    <label className={cn('flex items-center gap-2 text-sm text-slate-800', className)}>
      <input type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} className="size-4" />
      {label}
    </label>
  );
}
