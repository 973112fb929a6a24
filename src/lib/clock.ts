export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock for tests: starts at `iso` and moves only when told to. */
export function fixedClock(iso: string) {
  let current = new Date(iso).getTime();
  return {
    now: () => new Date(current),
    advance(ms: number) {
      current += ms;
    },
    set(isoOrDate: string | Date) {
      current = new Date(isoOrDate).getTime();
    },
  };
}
