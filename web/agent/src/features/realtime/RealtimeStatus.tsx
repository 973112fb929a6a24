import { useEffect, useState } from 'react';
import { messages } from '../../i18n/index.ts';
import { useRealtime } from './RealtimeProvider.tsx';

const t = messages.realtime;
/** A blip shorter than this (a deploy, a proxy hiccup) is not worth a message. */
const GRACE_MS = 3000;

/** A discreet note in the top bar while live updates are paused; the app still works without them. */
export function RealtimeStatus() {
  const status = useRealtime()?.status;
  const down = status === 'down';
  const [show, setShow] = useState(false);
  useEffect(() => {
    if (!down) {
      setShow(false);
      return;
    }
    const timer = setTimeout(() => setShow(true), GRACE_MS);
    return () => clearTimeout(timer);
  }, [down]);
  return (
    // display: contents: no box (no gap in the top bar) until there is something to say.
    <span role="status" className="contents text-xs text-blue-50">
      {show && (
        <span title={t.pausedHint} className="inline-flex items-center gap-1.5 rounded-full bg-white/10 px-2.5 py-1">
          <span aria-hidden="true" className="size-1.5 animate-pulse rounded-full bg-amber-300" />
          {t.paused}
        </span>
      )}
    </span>
  );
}
