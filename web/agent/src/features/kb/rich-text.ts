import { baseKeymap, lift, setBlockType, toggleMark, wrapIn } from 'prosemirror-commands';
import { history, redo, undo } from 'prosemirror-history';
import { inputRules, textblockTypeInputRule, wrappingInputRule } from 'prosemirror-inputrules';
import { keymap } from 'prosemirror-keymap';
import { DOMParser, DOMSerializer, type MarkType, type NodeType, Schema } from 'prosemirror-model';
import { schema as basic } from 'prosemirror-schema-basic';
import { addListNodes, liftListItem, sinkListItem, splitListItem, wrapInList } from 'prosemirror-schema-list';
import { type Command, EditorState, TextSelection } from 'prosemirror-state';

// The article editor's document model and commands, apart from React. What it writes is plain
// HTML the server's sanitiser keeps: paragraphs, headings, lists, quotes, code, links, images.

export const schema = new Schema({ nodes: addListNodes(basic.spec.nodes, 'paragraph block*', 'block'), marks: basic.spec.marks });
const { nodes, marks } = schema;

/** HTML to a document, through an inert document: nothing in it loads or runs. */
export function parseHtml(html: string) {
  const body = new globalThis.DOMParser().parseFromString(html, 'text/html').body;
  return DOMParser.fromSchema(schema).parse(body);
}

export function serializeHtml(state: EditorState) {
  const container = document.createElement('div');
  container.append(DOMSerializer.fromSchema(schema).serializeFragment(state.doc.content));
  return container.innerHTML;
}

// Markdown-like shortcuts while typing: "## " a heading, "- " a list, "1. " a numbered one, "> " a quote.
const shortcuts = inputRules({
  rules: [
    textblockTypeInputRule(/^(#{2,3})\s$/, nodes.heading, (match) => ({ level: match[1].length })),
    wrappingInputRule(/^\s*([-+*])\s$/, nodes.bullet_list),
    wrappingInputRule(/^(\d+)\.\s$/, nodes.ordered_list, (match) => ({ order: Number(match[1]) })),
    wrappingInputRule(/^\s*>\s$/, nodes.blockquote),
  ],
});

export function createEditorState(html: string) {
  return EditorState.create({
    doc: parseHtml(html),
    plugins: [
      history(),
      shortcuts,
      keymap({
        'Mod-z': undo,
        'Shift-Mod-z': redo,
        'Mod-y': redo,
        'Mod-b': toggleMark(marks.strong),
        'Mod-i': toggleMark(marks.em),
        'Mod-`': toggleMark(marks.code),
        Enter: splitListItem(nodes.list_item),
        'Mod-[': liftListItem(nodes.list_item),
        'Mod-]': sinkListItem(nodes.list_item),
        'Shift-Enter': (state, dispatch) => {
          dispatch?.(state.tr.replaceSelectionWith(nodes.hard_break.create()).scrollIntoView());
          return true;
        },
      }),
      keymap(baseKeymap),
    ],
  });
}

export function isMarkActive(state: EditorState, type: MarkType) {
  const { from, to, empty, $from } = state.selection;
  return empty ? Boolean(type.isInSet(state.storedMarks ?? $from.marks())) : state.doc.rangeHasMark(from, to, type);
}

/** Whether the selection is inside a node of `type` (with `attrs`, when given). */
export function isInside(state: EditorState, type: NodeType, attrs?: Record<string, unknown>) {
  const { $from } = state.selection;
  for (let depth = $from.depth; depth >= 0; depth--) {
    const node = $from.node(depth);
    if (node.type === type && (!attrs || Object.entries(attrs).every(([key, value]) => node.attrs[key] === value))) return true;
  }
  return false;
}

export const toggleBold = toggleMark(marks.strong);
export const toggleItalic = toggleMark(marks.em);
export const toggleCode = toggleMark(marks.code);

export const toggleHeading =
  (level: number): Command =>
  (state, dispatch) =>
    isInside(state, nodes.heading, { level })
      ? setBlockType(nodes.paragraph)(state, dispatch)
      : setBlockType(nodes.heading, { level })(state, dispatch);

export const toggleList =
  (type: NodeType): Command =>
  (state, dispatch) =>
    isInside(state, type) ? liftListItem(nodes.list_item)(state, dispatch) : wrapInList(type)(state, dispatch);

export const bulletList = nodes.bullet_list;
export const orderedList = nodes.ordered_list;

export const toggleQuote: Command = (state, dispatch) =>
  isInside(state, nodes.blockquote) ? lift(state, dispatch) : wrapIn(nodes.blockquote)(state, dispatch);

/** The link under the caret (or the selection): its range and address. */
export function linkAt(state: EditorState) {
  const { from, to, empty, $from } = state.selection;
  if (!empty) {
    let href = '';
    state.doc.nodesBetween(from, to, (node) => {
      href ||= marks.link.isInSet(node.marks)?.attrs.href ?? '';
    });
    return { from, to, href };
  }
  // The run of text around the caret that carries the same link.
  const start = $from.start();
  type Run = { from: number; to: number; href: string };
  let run: Run | null = null;
  let found: Run | null = null as Run | null;
  $from.parent.forEach((child, offset) => {
    const link = marks.link.isInSet(child.marks);
    const at = start + offset;
    if (link && run && run.href === link.attrs.href && run.to === at) run.to = at + child.nodeSize;
    else run = link ? { from: at, to: at + child.nodeSize, href: link.attrs.href } : null;
    if (run && run.from <= from && from <= run.to) found = { ...run };
  });
  return found ?? { from, to, href: '' };
}

/** An address as typed, made one a reader can follow: web, mail and phone links, or a path of this site; "example.com" gets https://. */
export function safeHref(typed: string) {
  const href = typed.trim();
  if (!href || /^(https?:|mailto:|tel:|\/|#)/i.test(href)) return href;
  return /^[a-z][a-z0-9+.-]*:/i.test(href) ? '' : `https://${href}`;
}

/** Links the selection (or the link under the caret) to `typed` (see safeHref); an empty or refused address removes the link. With nothing selected, the address is inserted as the text. */
export const setLink =
  (typed: string): Command =>
  (state, dispatch) => {
    const href = safeHref(typed);
    const range = linkAt(state);
    const tr = state.tr.removeMark(range.from, range.to, marks.link);
    if (href) {
      if (range.from === range.to) {
        tr.insertText(href, range.from);
        tr.addMark(range.from, range.from + href.length, marks.link.create({ href }));
        tr.setSelection(TextSelection.create(tr.doc, range.from + href.length));
      } else tr.addMark(range.from, range.to, marks.link.create({ href }));
    }
    dispatch?.(tr.scrollIntoView());
    return true;
  };

export { redo, undo };
export const linkMark = marks.link;
