import { readFileSync } from 'node:fs';
import { badInput } from './cli-error.ts';

// What several commands read from their user: JSON files and ISO 8601 instants, refused with one sentence.

/** Parses a JSON file; `path` "-" (or none, for commands that allow it) reads standard input. */
export function readJsonFile(path: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(path === '-' ? 0 : path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : (code ?? 'unreadable');
    throw badInput(`Cannot read the ${what} file "${path}": ${reason}.`);
  }
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw badInput(`The ${what} ${path === '-' ? 'on standard input' : `file "${path}"`} is not valid JSON (${(error as Error).message.replace(/\s+/g, ' ')}).`);
  }
}

const INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?(?:([Zz])|([+-])(\d{2}):?(\d{2})?)$/;

/**
 * An ISO 8601 instant with any offset and optional seconds. Offset-less times are refused: whose
 * clock they mean is a guess, and a wrong guess moves a deadline by hours.
 */
export function parseInstant(text: string, what: string): Date {
  const match = INSTANT.exec(text.trim());
  if (!match) {
    const hint = /^\d{4}-\d{2}-\d{2}([Tt ]\d{2}:\d{2}(:\d{2}([.,]\d+)?)?)?$/.test(text.trim())
      ? ': add Z or an offset such as +01:00'
      : ', e.g. 2026-03-02T09:00:00Z or 2026-03-02T10:00:00+01:00';
    throw badInput(`${what} "${text}" is not an ISO 8601 instant${hint}.`);
  }
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map((part) => Number(part ?? 0));
  const millis = Number((match[7] ?? '').padEnd(3, '0').slice(0, 3));
  const offsetSign = match[9] === '-' ? -1 : 1;
  const offsetHours = Number(match[10] ?? 0);
  const offsetMinutes = Number(match[11] ?? 0);
  const local = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  const calendarDay = new Date(Date.UTC(year, month - 1, day));
  const isRealDate =
    calendarDay.getUTCFullYear() === year &&
    calendarDay.getUTCMonth() === month - 1 &&
    calendarDay.getUTCDate() === day;
  const isRealTime =
    minute <= 59 && second <= 59 && (hour <= 23 || (hour === 24 && minute === 0 && second === 0 && millis === 0));
  if (!isRealDate || !isRealTime || offsetHours > 23 || offsetMinutes > 59) {
    throw badInput(`${what} "${text}" is not a real date and time.`);
  }
  return new Date(local - offsetSign * (offsetHours * 60 + offsetMinutes) * 60_000);
}
