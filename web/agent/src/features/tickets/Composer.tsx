import { Alert } from '@rapport/ui/Alert.tsx';
import { Button } from '@rapport/ui/Button.tsx';
import { cn } from '@rapport/ui/cn.ts';
import { type FormEvent, type KeyboardEvent, type Ref, useId, useState } from 'react';
import { messages } from '../../i18n/index.ts';
import { CannedResponsePicker } from '../canned-responses/CannedResponsePicker.tsx';
import { ArticleSuggestions } from '../kb/ArticleSuggestions.tsx';
import { useReportReplying } from '../realtime/use-presence.ts';
import { AttachmentPicker, useAttachments } from './AttachmentPicker.tsx';
import type { Ticket } from './api.ts';
import { useNow } from '../../lib/use-now.ts';
import { statusLabel, TICKET_STATUSES, type TicketStatus } from './ticket-options.ts';
import { useAddMessage } from './use-tickets.ts';

const t = messages.composer;
export type ComposerMode = 'reply' | 'note';

/** The work time to record with a message: whole minutes typed or counted, none when the field is not a number. */
function timeSpent(minutes: string) {
  const value = Number(minutes);
  return minutes.trim() !== '' && Number.isFinite(value) && value >= 0 ? { timeSpentSeconds: Math.min(86_400, Math.round(value * 60)) } : {};
}

/** Reply to the customer or add an internal note, optionally moving the ticket to another status. */
export function Composer({
  ticket,
  mode,
  onModeChange,
  textareaRef,
}: {
  ticket: Ticket;
  mode: ComposerMode;
  onModeChange: (mode: ComposerMode) => void;
  textareaRef: Ref<HTMLTextAreaElement>;
}) {
  const [text, setText] = useState('');
  // Others on the ticket see "… is replying" while a reply draft is being typed (features/realtime).
  useReportReplying(ticket.id, mode === 'reply' ? text : '');
  const [status, setStatus] = useState<TicketStatus | ''>('');
  // Time spent (handle time): the minutes since the ticket was opened or the last send, unless the agent types their own.
  const [workStartedAt, setWorkStartedAt] = useState(() => Date.now());
  const [minutesTyped, setMinutesTyped] = useState<string | null>(null);
  const now = useNow();
  const minutesSpent = minutesTyped ?? String(Math.max(0, Math.round((now - workStartedAt) / 60_000)));
  const timeId = useId();
  const [done, setDone] = useState<string | null>(null);
  const send = useAddMessage(ticket.id);
  const textId = useId();
  const statusId = useId();
  // Attachments (AttachmentPicker.tsx): files go with the reply or note; files alone make a message too.
  const attachments = useAttachments();
  const canSend = (text.trim() !== '' || attachments.files.length > 0) && !send.isPending && !attachments.isReading;

  function submit() {
    if (!canSend) return;
    setDone(null);
    void attachments.encode().then((files) => {
      if (!files) return;
      send.mutate(
        {
          ...(text.trim() ? { text } : {}),
          internal: mode === 'note',
          ...(status ? { status } : {}),
          ...(files.length ? { attachments: files } : {}),
          ...timeSpent(minutesSpent),
        },
        {
          onSuccess: () => {
            const what = mode === 'note' ? t.noted : t.sent;
            setDone(status ? t.sentWithStatus(what, statusLabel(status)) : what);
            setText('');
            setStatus('');
            setWorkStartedAt(Date.now());
            setMinutesTyped(null);
            attachments.clear();
          },
        },
      );
    });
  }

  function handleSubmit(event: FormEvent) {
    event.preventDefault();
    submit();
  }

  function handleKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      submit();
    }
  }

  const isNote = mode === 'note';
  return (
    <form
      onSubmit={handleSubmit}
      aria-label={t.title}
      {...attachments.dropProps}
      className={cn(
        'rounded-lg bg-white p-3 shadow-sm ring-1',
        isNote ? 'ring-amber-300' : 'ring-slate-200',
        attachments.isDragging && 'bg-blue-50 ring-2 ring-blue-600',
      )}
    >
      <fieldset className="mb-2 flex gap-1">
        <legend className="sr-only">{t.title}</legend>
        {(['reply', 'note'] as const).map((option) => (
          <button
            key={option}
            type="button"
            aria-pressed={mode === option}
            onClick={() => onModeChange(option)}
            className={cn(
              'rounded-md px-3 py-1 text-sm font-medium',
              mode === option
                ? option === 'note'
                  ? 'bg-amber-100 text-amber-900'
                  : 'bg-blue-100 text-blue-900'
                : 'text-slate-700 hover:bg-slate-100',
            )}
          >
            {option === 'reply' ? t.reply : t.note}
          </button>
        ))}
        {/* Canned responses (features/canned-responses): the rendered text goes in at the caret. */}
        <CannedResponsePicker ticketId={ticket.id} textareaId={textId} onInsert={setText} disabled={send.isPending} className="ml-auto" />
        {/* Knowledge-base articles (features/kb): a portal link or the article's text goes in at the caret. */}
        <ArticleSuggestions ticketId={ticket.id} textareaId={textId} onInsert={setText} disabled={send.isPending} />
      </fieldset>
      <label htmlFor={textId} className="sr-only">
        {isNote ? t.noteLabel : t.replyLabel}
      </label>
      <textarea
        id={textId}
        ref={textareaRef}
        rows={4}
        value={text}
        onChange={(event) => setText(event.target.value)}
        onKeyDown={handleKeyDown}
        placeholder={isNote ? t.noteLabel : t.replyLabel}
        className={cn(
          'block w-full resize-y rounded-md border px-3 py-2 text-sm placeholder:text-slate-500',
          isNote ? 'border-amber-300 bg-amber-50/50' : 'border-slate-300',
        )}
      />
      <AttachmentPicker attachments={attachments} disabled={send.isPending} />
      {send.isError && <Alert className="mt-2">{send.error.message}</Alert>}
      <div className="mt-2 flex flex-wrap items-center justify-between gap-2">
        <div className="flex flex-wrap items-center gap-2">
          <label htmlFor={statusId} className="text-xs font-semibold whitespace-nowrap text-slate-700">
            {t.statusAfter}
          </label>
          <select
            id={statusId}
            value={status}
            onChange={(event) => setStatus(event.target.value as TicketStatus | '')}
            className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm"
          >
            <option value="">{t.keepStatus(statusLabel(ticket.status))}</option>
            {TICKET_STATUSES.filter((s) => s !== ticket.status && s !== 'new').map((s) => (
              <option key={s} value={s}>
                {statusLabel(s)}
              </option>
            ))}
          </select>
          <label htmlFor={timeId} className="ml-2 text-xs font-semibold whitespace-nowrap text-slate-700">
            {t.timeSpent}
          </label>
          <input
            id={timeId}
            type="number"
            min={0}
            max={1440}
            step={1}
            value={minutesSpent}
            onChange={(event) => setMinutesTyped(event.target.value)}
            className="w-16 rounded-md border border-slate-300 bg-white px-2 py-1 text-sm tabular-nums"
            aria-describedby={`${timeId}-unit`}
          />
          <span id={`${timeId}-unit`} className="text-xs text-slate-600">
            {t.minutes}
          </span>
        </div>
        <div className="flex items-center gap-3">
          <span className="text-xs text-slate-600">{t.hint}</span>
          <Button type="submit" variant="primary" disabled={!canSend} className={isNote ? 'bg-amber-700 hover:bg-amber-800' : undefined}>
            {send.isPending || attachments.isReading ? t.sending : isNote ? t.addNote : t.send}
          </Button>
        </div>
      </div>
      <p role="status" className="mt-1 min-h-5 text-sm text-green-800">
        {done}
      </p>
    </form>
  );
}
