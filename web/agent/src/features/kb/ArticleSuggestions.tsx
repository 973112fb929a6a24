import { Button } from '@rapport/ui/Button.tsx';
import { Spinner } from '@rapport/ui/Spinner.tsx';
import { lazy, Suspense, useEffect, useId, useRef, useState } from 'react';
import { messages } from '../../i18n/index.ts';
import { insertText } from '../canned-responses/insert-text.ts';
import { useCaretAfterRender } from '../canned-responses/use-caret-after-render.ts';
import { useArticleSuggestions } from './ticket-articles.ts';

const t = messages.kb.suggestions;

// The list loads when first opened: the ticket page (first bundle) carries only the button.
const ArticleSuggestionsPanel = lazy(() =>
  import('./ArticleSuggestionsPanel.tsx').then((module) => ({ default: module.ArticleSuggestionsPanel })),
);

/**
 * "Articles" in the composer, with the number of published articles that may answer the ticket:
 * it opens them (and a search for others); what the agent picks goes in at the caret of the
 * textarea `textareaId`, and `onInsert` gets the textarea's new value.
 */
export function ArticleSuggestions({
  ticketId,
  textareaId,
  onInsert,
  disabled,
}: {
  ticketId: string;
  textareaId: string;
  onInsert: (value: string) => void;
  disabled?: boolean;
}) {
  const [open, setOpen] = useState(false);
  const [announcement, setAnnouncement] = useState('');
  const suggestions = useArticleSuggestions(ticketId);
  const placeCaret = useCaretAfterRender();
  const containerRef = useRef<HTMLDivElement>(null);
  const panelId = useId();
  const count = suggestions.data?.length ?? 0;

  useEffect(() => {
    if (!open) return;
    const container = containerRef.current;
    function handlePointerDown(event: PointerEvent) {
      if (!container?.contains(event.target as Node)) setOpen(false);
    }
    function handleKeyDown(event: KeyboardEvent) {
      if (event.key !== 'Escape') return;
      event.stopPropagation();
      setOpen(false);
      container?.querySelector<HTMLButtonElement>('button[aria-controls]')?.focus();
    }
    document.addEventListener('pointerdown', handlePointerDown);
    container?.addEventListener('keydown', handleKeyDown);
    return () => {
      document.removeEventListener('pointerdown', handlePointerDown);
      container?.removeEventListener('keydown', handleKeyDown);
    };
  }, [open]);

  /** Puts `snippet` at the caret (replacing a selection); the focus goes back to the reply, after it. */
  function insert(snippet: string, what: string) {
    const textarea = document.getElementById(textareaId) as HTMLTextAreaElement | null;
    const current = textarea?.value ?? '';
    const { value, caret } = insertText(
      current,
      textarea?.selectionStart ?? current.length,
      textarea?.selectionEnd ?? current.length,
      snippet,
    );
    placeCaret(textarea, caret, { focus: true });
    onInsert(value);
    setAnnouncement(what);
    setOpen(false);
  }

  return (
    <div ref={containerRef} className="relative">
      <Button size="sm" variant="ghost" aria-expanded={open} aria-controls={panelId} disabled={disabled} onClick={() => setOpen(!open)}>
        {t.button}
        {count > 0 && <span className="rounded-full bg-blue-100 px-1.5 text-xs text-blue-900 tabular-nums">{count}</span>}
      </Button>
      <span role="status" className="sr-only">
        {announcement}
      </span>
      {open && (
        <section
          id={panelId}
          aria-label={t.title}
          className="absolute top-full right-0 z-20 mt-1 w-[30rem] max-w-[90vw] space-y-2 rounded-lg bg-white p-3 shadow-lg ring-1 ring-slate-300"
        >
          <Suspense fallback={<Spinner label={messages.app.loading} />}>
            <ArticleSuggestionsPanel suggestions={suggestions} onInsert={insert} />
          </Suspense>
        </section>
      )}
    </div>
  );
}
