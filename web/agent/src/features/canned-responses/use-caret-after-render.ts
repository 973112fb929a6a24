import { useLayoutEffect, useRef } from 'react';

interface PendingCaret {
  textarea: HTMLTextAreaElement;
  caret: number;
  focus: boolean;
}

/**
 * Places a textarea's caret once React has written the value that was just set, in the same commit,
 * so nothing the user types or presses in between lands at the old position (a frame callback could
 * run after their next key).
 */
export function useCaretAfterRender() {
  const pending = useRef<PendingCaret | null>(null);
  useLayoutEffect(() => {
    const next = pending.current;
    if (!next) return;
    pending.current = null;
    if (next.focus) next.textarea.focus();
    next.textarea.setSelectionRange(next.caret, next.caret);
  });
  return (textarea: HTMLTextAreaElement | null | undefined, caret: number, { focus = false } = {}) => {
    if (textarea) pending.current = { textarea, caret, focus };
  };
}
