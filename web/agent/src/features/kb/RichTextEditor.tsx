import { cn } from '@rapport/ui/cn.ts';
import type { Command, EditorState } from 'prosemirror-state';
import { EditorView } from 'prosemirror-view';
import 'prosemirror-view/style/prosemirror.css';
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { messages } from '../../i18n/index.ts';
import {
  bulletList,
  createEditorState,
  isInside,
  isMarkActive,
  linkAt,
  linkMark,
  orderedList,
  redo,
  schema,
  serializeHtml,
  setLink,
  toggleBold,
  toggleCode,
  toggleHeading,
  toggleItalic,
  toggleList,
  toggleQuote,
  undo,
} from './rich-text.ts';

const t = messages.kb.editor;

/**
 * The article editor: ProseMirror (loaded only where an article is edited) with a toolbar. It
 * writes the HTML the server keeps after sanitising; `onChange` gets it after every change.
 */
export function RichTextEditor({
  initialHtml,
  onChange,
  label,
  disabled,
}: {
  initialHtml: string;
  onChange: (html: string) => void;
  label: string;
  disabled?: boolean;
}) {
  const mount = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const [state, setState] = useState<EditorState | null>(null);
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;
  const [linking, setLinking] = useState(false);
  const [href, setHref] = useState('');
  const linkId = useId();

  // One ProseMirror view for the component's life: the document lives in it, not in React state.
  // biome-ignore lint/correctness/useExhaustiveDependencies: initialHtml seeds the editor once; a new article remounts it
  useEffect(() => {
    if (!mount.current) return;
    const editor = new EditorView(mount.current, {
      state: createEditorState(initialHtml),
      editable: () => !disabled,
      attributes: {
        role: 'textbox',
        'aria-multiline': 'true',
        'aria-label': label,
        class: 'article-html min-h-72 rounded-b-md border border-t-0 border-slate-300 bg-white px-3 py-2 text-sm text-slate-900',
      },
      dispatchTransaction(transaction) {
        const next = editor.state.apply(transaction);
        editor.updateState(next);
        setState(next);
        if (transaction.docChanged) onChangeRef.current(serializeHtml(next));
      },
    });
    view.current = editor;
    setState(editor.state);
    return () => {
      editor.destroy();
      view.current = null;
    };
  }, []);

  function run(command: Command) {
    const editor = view.current;
    if (!editor) return;
    command(editor.state, editor.dispatch);
    editor.focus();
  }

  function startLink() {
    if (view.current) setHref(linkAt(view.current.state).href);
    setLinking(true);
  }

  function applyLink(event: FormEvent) {
    event.preventDefault();
    run(setLink(href.trim()));
    setLinking(false);
  }

  const tools = state
    ? [
        { name: t.bold, active: isMarkActive(state, schema.marks.strong), command: toggleBold, text: 'B', className: 'font-bold' },
        { name: t.italic, active: isMarkActive(state, schema.marks.em), command: toggleItalic, text: 'I', className: 'italic' },
        { name: t.heading2, active: isInside(state, schema.nodes.heading, { level: 2 }), command: toggleHeading(2), text: 'H2' },
        { name: t.heading3, active: isInside(state, schema.nodes.heading, { level: 3 }), command: toggleHeading(3), text: 'H3' },
        { name: t.bulletList, active: isInside(state, bulletList), command: toggleList(bulletList), text: '•' },
        { name: t.orderedList, active: isInside(state, orderedList), command: toggleList(orderedList), text: '1.' },
        { name: t.quote, active: isInside(state, schema.nodes.blockquote), command: toggleQuote, text: '❝' },
        { name: t.code, active: isMarkActive(state, schema.marks.code), command: toggleCode, text: '</>', className: 'font-mono' },
      ]
    : [];
  const button = 'rounded px-2 py-1 text-sm text-slate-800 hover:bg-slate-200 disabled:text-slate-400';
  const isLink = state ? isMarkActive(state, linkMark) : false;
  return (
    <div>
      <div
        role="toolbar"
        aria-label={t.toolbar}
        className="flex flex-wrap items-center gap-0.5 rounded-t-md border border-slate-300 bg-slate-50 px-1 py-1"
      >
        {tools.map((tool) => (
          <button
            key={tool.name}
            type="button"
            title={tool.name}
            aria-pressed={tool.active}
            disabled={disabled}
            // Keep the selection in the editor while the button is pressed.
            onMouseDown={(event) => event.preventDefault()}
            onClick={() => run(tool.command)}
            className={cn(button, 'min-w-8', tool.className, tool.active && 'bg-blue-100 text-blue-900')}
          >
            <span aria-hidden="true">{tool.text}</span>
            <span className="sr-only">{tool.name}</span>
          </button>
        ))}
        <button
          type="button"
          aria-pressed={isLink}
          aria-expanded={linking}
          disabled={disabled}
          onMouseDown={(event) => event.preventDefault()}
          onClick={startLink}
          className={cn(button, isLink && 'bg-blue-100 text-blue-900')}
        >
          {t.link}
        </button>
        <span className="mx-1 h-5 w-px bg-slate-300" aria-hidden="true" />
        <button type="button" disabled={disabled || !state || !undo(state)} onClick={() => run(undo)} className={button}>
          {t.undo}
        </button>
        <button type="button" disabled={disabled || !state || !redo(state)} onClick={() => run(redo)} className={button}>
          {t.redo}
        </button>
      </div>
      {linking && (
        // A form inside the article's form is not allowed: a fieldset with its own Enter handling.
        <fieldset className="flex items-center gap-2 border border-t-0 border-slate-300 bg-slate-50 px-2 py-1.5">
          <legend className="sr-only">{t.link}</legend>
          <label htmlFor={linkId} className="text-xs font-semibold text-slate-700">
            {t.linkAddress}
          </label>
          <input
            id={linkId}
            type="url"
            value={href}
            // biome-ignore lint/a11y/noAutofocus: the field opens because the writer asked to add a link
            autoFocus
            placeholder="https://"
            onChange={(event) => setHref(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === 'Enter') applyLink(event);
              if (event.key === 'Escape') {
                event.preventDefault();
                setLinking(false);
                view.current?.focus();
              }
            }}
            className="min-w-0 flex-1 rounded border border-slate-300 bg-white px-2 py-1 text-sm"
          />
          <button type="button" onClick={applyLink} className={cn(button, 'border border-slate-300 bg-white')}>
            {href.trim() ? t.applyLink : t.removeLink}
          </button>
        </fieldset>
      )}
      <div ref={mount} />
    </div>
  );
}
