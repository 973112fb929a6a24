import { useEffect, useRef } from 'react';

/** Keys typed into a form control belong to it, not to the shortcuts. */
function isTyping(target: EventTarget | null) {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/**
 * Single-key shortcuts (`j`, `?`, `Escape`) for the lifetime of a component. They are ignored while
 * typing in a field, with Ctrl/Alt/Meta held, and while a modal dialog is open. A handler that
 * returns false leaves the key to the browser.
 */
export function useHotkeys(bindings: Record<string, (event: KeyboardEvent) => unknown>) {
  const current = useRef(bindings);
  current.current = bindings;
  useEffect(() => {
    function handleKeyDown(event: KeyboardEvent) {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return;
      if (document.querySelector('dialog[open]')) return;
      // Named keys are bound in lower case (`enter`, `escape`); characters as typed (`?`, `j`).
      const handler = current.current[event.key.length > 1 ? event.key.toLowerCase() : event.key];
      // A handler returns false to leave the key to the browser (Enter on a focused link).
      if (handler && handler(event) !== false) event.preventDefault();
    }
    document.addEventListener('keydown', handleKeyDown);
    return () => document.removeEventListener('keydown', handleKeyDown);
  }, []);
}
