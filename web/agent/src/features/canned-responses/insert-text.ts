/** Puts `snippet` in place of the selection (or at the caret) of `value`; the caret goes after the snippet. */
export function insertText(value: string, selectionStart: number, selectionEnd: number, snippet: string) {
  const start = Math.max(0, Math.min(selectionStart, value.length));
  const end = Math.max(start, Math.min(selectionEnd, value.length));
  return { value: value.slice(0, start) + snippet + value.slice(end), caret: start + snippet.length };
}
