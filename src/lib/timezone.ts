// Building an Intl formatter costs ~0.2 ms and its answers never change while we run: both caches
// keep them (bounded, for zones that come from stored data).
const knownTimeZones = new Map<string, boolean>();
const formatters = new Map<string, Intl.DateTimeFormat>();

function remember<T>(cache: Map<string, T>, key: string, value: T) {
  if (cache.size >= 1000) cache.clear();
  cache.set(key, value);
  return value;
}

/** True when `timeZone` is an IANA time zone this runtime knows. */
export function isKnownTimeZone(timeZone: string): boolean {
  const known = knownTimeZones.get(timeZone);
  if (known !== undefined) return known;
  try {
    new Intl.DateTimeFormat(undefined, { timeZone });
    return remember(knownTimeZones, timeZone, true);
  } catch {
    return remember(knownTimeZones, timeZone, false);
  }
}

/** `options` presets for dates people read: `long` in emails ("Tuesday 10 March, 10:00 CET"), `short` in explanations. */
const STYLES = {
  long: { weekday: 'long', day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit', timeZoneName: 'short' },
  short: { weekday: 'short', day: '2-digit', month: 'short', hour: '2-digit', minute: '2-digit', timeZoneName: 'short' },
} satisfies Record<string, Intl.DateTimeFormatOptions>;

/** An instant as people in `timeZone` read it (British English), formatter cached per zone and style. */
export function formatInTimeZone(instant: number | Date, timeZone: string, style: keyof typeof STYLES) {
  const key = `${style} ${timeZone}`;
  const formatter = formatters.get(key) ?? remember(formatters, key, new Intl.DateTimeFormat('en-GB', { timeZone, ...STYLES[style] }));
  return formatter.format(instant);
}
