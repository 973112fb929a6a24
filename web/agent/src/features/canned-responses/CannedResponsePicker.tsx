import { Alert } from '@rapport/ui/Alert.tsx';
import { Button } from '@rapport/ui/Button.tsx';
import { cn } from '@rapport/ui/cn.ts';
import { Kbd } from '@rapport/ui/Kbd.tsx';
import { Spinner } from '@rapport/ui/Spinner.tsx';
import { Link } from '@tanstack/react-router';
import { type KeyboardEvent, useDeferredValue, useEffect, useId, useRef, useState } from 'react';
import { messages } from '../../i18n/index.ts';
import type { CannedResponse } from './api.ts';
import { insertText } from './insert-text.ts';
import { useCaretAfterRender } from './use-caret-after-render.ts';
import { useCannedResponses, useRenderCannedResponse } from './use-canned-responses.ts';

const t = messages.cannedResponses;

/** The first line of a body, for the list. */
const preview = (body: string) =>
  body
    .split('\n')
    .find((line) => line.trim() !== '')
    ?.trim() ?? '';

/**
 * "Canned response" in the composer (also Alt+C, even while typing): a searchable list (the ARIA
 * combobox pattern: type to filter, ↑/↓ to move, Enter to insert, Esc to close). The server fills in
 * the variables for this ticket and agent; the text goes in at the caret of the textarea `textareaId`
 * (replacing a selection), and `onInsert` gets the textarea's new value.
 */
export function CannedResponsePicker({
  ticketId,
  textareaId,
  onInsert,
  disabled,
  className,
}: {
  ticketId: string;
  textareaId: string;
  onInsert: (value: string) => void;
  disabled?: boolean;
  className?: string;
}) {
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const [announcement, setAnnouncement] = useState('');
  const placeCaret = useCaretAfterRender();
  const search = useDeferredValue(query);
  const { data, isPending, error } = useCannedResponses('use', search, open);
  const render = useRenderCannedResponse(ticketId);
  const containerRef = useRef<HTMLDivElement>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const listId = useId();
  const inputId = useId();
  const optionId = (index: number) => `${listId}-option-${index}`;
  const items = data ?? [];
  const activeIndex = Math.min(active, Math.max(items.length - 1, 0));

  function show() {
    if (disabled) return;
    setQuery('');
    setActive(0);
    setAnnouncement('');
    render.reset();
    setOpen(true);
  }

  function close(focus: 'button' | 'textarea' | 'none' = 'button') {
    setOpen(false);
    if (focus === 'button') containerRef.current?.querySelector<HTMLButtonElement>('button[aria-haspopup]')?.focus();
    if (focus === 'textarea') document.getElementById(textareaId)?.focus();
  }

  // Alt+C opens the picker from anywhere on the ticket, the reply box included (event.code: Alt+C types "ç" on a Mac).
  const showRef = useRef(show);
  showRef.current = show;
  useEffect(() => {
    function handleKeyDown(event: globalThis.KeyboardEvent) {
      if (!event.altKey || event.ctrlKey || event.metaKey || event.shiftKey || event.code !== 'KeyC') return;
      if (document.querySelector('dialog[open]')) return;
      event.preventDefault();
      showRef.current();
    }
    document.addEventListener('keydown', handleKeyDown);
    return () => document.removeEventListener('keydown', handleKeyDown);
  }, []);

  useEffect(() => {
    if (!open) return;
    inputRef.current?.focus();
    function handlePointerDown(event: PointerEvent) {
      if (!containerRef.current?.contains(event.target as Node)) setOpen(false);
    }
    document.addEventListener('pointerdown', handlePointerDown);
    return () => document.removeEventListener('pointerdown', handlePointerDown);
  }, [open]);

  // Keep the highlighted option in view while moving through a long list.
  useEffect(() => {
    if (open) document.getElementById(optionId(activeIndex))?.scrollIntoView({ block: 'nearest' });
  });

  function choose(response: CannedResponse | undefined) {
    if (!response || render.isPending) return;
    render.mutate(response.id, {
      onSuccess: ({ text }) => {
        const textarea = document.getElementById(textareaId) as HTMLTextAreaElement | null;
        const current = textarea?.value ?? '';
        const { value, caret } = insertText(
          current,
          textarea?.selectionStart ?? current.length,
          textarea?.selectionEnd ?? current.length,
          text,
        );
        // The caret goes to the end of the inserted text, in the render that writes it.
        placeCaret(textarea, caret);
        onInsert(value);
        setAnnouncement(t.inserted(response.title));
        close('textarea');
      },
    });
  }

  function handleKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      if (!items.length) return;
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((activeIndex + step + items.length) % items.length);
    } else if (event.key === 'Home' || event.key === 'End') {
      if (!items.length) return;
      event.preventDefault();
      setActive(event.key === 'Home' ? 0 : items.length - 1);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      choose(items[activeIndex]);
    } else if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      close();
    } else if (event.key === 'Tab') {
      setOpen(false);
    }
  }

  return (
    <div ref={containerRef} className={cn('relative', className)}>
      <Button
        size="sm"
        variant="ghost"
        aria-haspopup="listbox"
        aria-expanded={open}
        aria-keyshortcuts="Alt+C"
        disabled={disabled}
        onClick={() => (open ? close() : show())}
      >
        {t.button}
        <Kbd>{t.shortcut}</Kbd>
      </Button>
      <span role="status" className="sr-only">
        {announcement}
      </span>
      {open && (
        <div className="absolute top-full right-0 z-20 mt-1 w-[28rem] max-w-[90vw] rounded-lg bg-white p-2 shadow-lg ring-1 ring-slate-300">
          <label htmlFor={inputId} className="mb-1 block text-xs font-semibold text-slate-700">
            {t.searchLabel}
          </label>
          <input
            ref={inputRef}
            id={inputId}
            type="text"
            role="combobox"
            aria-expanded="true"
            aria-controls={listId}
            aria-autocomplete="list"
            aria-activedescendant={items.length ? optionId(activeIndex) : undefined}
            autoComplete="off"
            value={query}
            placeholder={t.searchPlaceholder}
            onChange={(event) => {
              setQuery(event.target.value);
              setActive(0);
            }}
            onKeyDown={handleKeyDown}
            className="block w-full rounded-md border border-slate-300 px-2.5 py-1.5 text-sm placeholder:text-slate-500"
          />
          <div id={listId} role="listbox" aria-label={t.listLabel} className="mt-1 max-h-64 overflow-y-auto">
            {items.map((response, index) => (
              // biome-ignore lint/a11y/useKeyWithClickEvents: the search input handles the keys for its options (aria-activedescendant)
              <div
                key={response.id}
                id={optionId(index)}
                role="option"
                tabIndex={-1}
                aria-selected={index === activeIndex}
                onMouseDown={(event) => event.preventDefault()}
                onPointerMove={() => setActive(index)}
                onClick={() => choose(response)}
                className={cn(
                  'cursor-pointer rounded-md px-2 py-1.5 text-sm',
                  index === activeIndex ? 'bg-blue-100 text-blue-950' : 'text-slate-900',
                )}
              >
                <span className="flex items-center justify-between gap-2">
                  <span className="font-medium">{response.title}</span>
                  {response.shortcut && <code className="text-xs text-slate-700">{response.shortcut}</code>}
                </span>
                <span className="block truncate text-xs text-slate-700">{preview(response.body)}</span>
              </div>
            ))}
          </div>
          {isPending && <Spinner label={messages.app.loading} />}
          {!isPending && !error && items.length === 0 && (
            <p className="px-2 py-1.5 text-sm text-slate-700">{search ? t.noMatch : t.none}</p>
          )}
          {error && <Alert className="mt-1">{error.message}</Alert>}
          {render.isError && <Alert className="mt-1">{render.error.message}</Alert>}
          {render.isPending && <p className="px-2 py-1 text-xs text-slate-700">{t.inserting}</p>}
          <div className="mt-1 flex items-center justify-between gap-2 border-t border-slate-100 px-2 pt-1 text-xs text-slate-600">
            <span>{t.keysHint}</span>
            <Link to="/admin/canned-responses" className="text-blue-800 underline">
              {t.manage}
            </Link>
          </div>
        </div>
      )}
    </div>
  );
}
