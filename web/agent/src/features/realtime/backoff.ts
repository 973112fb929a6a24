/**
 * How long to wait before reconnect attempt `attempt` (1, 2, …): exponential from 1 s, capped at
 * 30 s, with jitter so a restarted server is not hit by every browser at the same instant.
 * `random` is injected (a number in [0, 1)) so the schedule is testable.
 */
export function reconnectDelay(attempt: number, random: number = Math.random()) {
  const base = Math.min(1000 * 2 ** Math.max(0, attempt - 1), 30_000);
  return Math.round(base / 2 + (base / 2) * random);
}

/** Replying means: the draft has text and was typed in within this long. */
export const REPLYING_IDLE_MS = 20_000;
/** The browser refreshes its presence this often (the server forgets it after 30 s). */
export const HEARTBEAT_MS = 10_000;
