import { weekdayOf } from '../sla/business-hours.ts';
import { parseLocalDate, WEEKDAY_KEYS, type WeekdayKey } from '../sla/calendar.ts';

// The contact forecast: contacts per local hour per channel for the next four weeks, from the
// desk's own history of new tickets. Pure: the history, "today" and the holidays come in, nothing
// is read or timed here. Method and accuracy measures: docs/staffing.md.

const DAY_MS = 86_400_000;
/** Days forecast from today on: four weeks. */
export const HORIZON_DAYS = 28;
/** Weeks held back to measure the forecast's accuracy against what really came. */
export const HELD_BACK_WEEKS = 4;
/** Weeks averaged when the caller names none. */
export const DEFAULT_WEEKS = 8;
export const MAX_WEEKS = 52;
/** The trend compares the last this many weeks with as many before them. */
const TREND_WEEKS = 4;
export const TREND_LIMITS = [0.5, 2] as const;

/** New tickets of one channel in one local hour (0–23) of one local day (YYYY-MM-DD). */
export interface HourlyCount {
  day: string;
  hour: number;
  channel: string;
  contacts: number;
}

export interface ForecastInput {
  history: ReadonlyArray<HourlyCount>;
  /** The local date the forecast starts on; history from this day on is ignored (the day is not over). */
  today: string;
  /** Local dates the desk is closed: forecast as 0, and left out of the history. */
  holidays?: ReadonlyArray<string>;
  /** How many past weeks the weighted average takes (N); default 8. */
  weeks?: number;
  /** The channels to forecast; default every channel with contacts in the history, sorted. */
  channels?: ReadonlyArray<string>;
}

export interface ForecastHour {
  day: string;
  weekday: WeekdayKey;
  hour: number;
  contacts: number;
}

/** MAPE and bias as fractions (0.1 for 10 %); null when there is nothing to measure. */
export interface ForecastAccuracy {
  mape: number | null;
  bias: number | null;
}

export interface ChannelForecast {
  channel: string;
  /** The factor the weighted averages were multiplied by, in [0.5, 2]; 1 without enough history. */
  trend: number;
  hours: ForecastHour[];
  total: number;
  accuracy: ForecastAccuracy;
}

export interface Forecast {
  from: string;
  to: string;
  weeks: number;
  byChannel: ChannelForecast[];
}

/** A channel's hourly counts over the whole history window, with the first day it had a contact. */
interface Series {
  counts: Float64Array;
  /** Days before this one are unknown rather than zero (the channel, or the desk, had not started). */
  firstDay: number;
}

const dayText = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);

function readDay(text: string, what: string): number {
  const day = parseLocalDate(text);
  if (day === undefined) throw new RangeError(`${what} must be a date like 2026-03-01, not ${JSON.stringify(text)}`);
  return day;
}

function readWeeks(weeks: number | undefined): number {
  const value = weeks ?? DEFAULT_WEEKS;
  if (!Number.isInteger(value) || value < 1 || value > MAX_WEEKS) throw new RangeError(`weeks must be a whole number from 1 to ${MAX_WEEKS}`);
  return value;
}

/** How many days of history a forecast reads: the averaged weeks (or the trend's eight) plus the held-back four. */
const lookbackDays = (weeks: number) => 7 * (HELD_BACK_WEEKS + Math.max(weeks, 2 * TREND_WEEKS));

/** The local dates (inclusive) of the history a forecast from `today` reads: ask the database for exactly these. */
export function historyWindow(today: string, weeks?: number): { from: string; to: string } {
  const day = readDay(today, 'today');
  return { from: dayText(day - lookbackDays(readWeeks(weeks))), to: dayText(day - 1) };
}

/** Contacts per hour per channel for the 28 days from `today`, and how well the method forecast the last 28. */
export function forecastContacts(input: ForecastInput): Forecast {
  const today = readDay(input.today, 'today');
  const weeks = readWeeks(input.weeks);
  const holidays = new Set((input.holidays ?? []).map((holiday) => readDay(holiday, 'A holiday')));
  const start = today - lookbackDays(weeks);
  const series = new Map<string, Series>();
  for (const row of input.history) {
    if (!(Number.isInteger(row.hour) && row.hour >= 0 && row.hour <= 23)) throw new RangeError(`hour must be 0–23, not ${row.hour}`);
    if (!(Number.isFinite(row.contacts) && row.contacts >= 0)) throw new RangeError(`contacts must be 0 or more, not ${row.contacts}`);
    const day = readDay(row.day, 'A history day');
    if (day < start || day >= today || row.contacts === 0) continue;
    let channel = series.get(row.channel);
    if (!channel) {
      channel = { counts: new Float64Array((today - start) * 24), firstDay: Number.POSITIVE_INFINITY };
      series.set(row.channel, channel);
    }
    channel.counts[(day - start) * 24 + row.hour] += row.contacts;
    channel.firstDay = Math.min(channel.firstDay, day);
  }
  const channels = input.channels ?? [...series.keys()].sort();
  const empty: Series = { counts: new Float64Array(0), firstDay: Number.POSITIVE_INFINITY };
  const byChannel = channels.map((channel): ChannelForecast => {
    const history = series.get(channel) ?? empty;
    const predicted = predict(history, start, today, weeks, holidays);
    const hours = Array.from(predicted.contacts, (contacts, index) => {
      const day = today + Math.floor(index / 24);
      return { day: dayText(day), weekday: WEEKDAY_KEYS[weekdayOf(day)], hour: index % 24, contacts };
    });
    return {
      channel,
      trend: predicted.trend,
      hours,
      total: predicted.contacts.reduce((sum, contacts) => sum + contacts, 0),
      accuracy: measureAccuracy(history, start, today, weeks, holidays),
    };
  });
  return { from: dayText(today), to: dayText(today + HORIZON_DAYS - 1), weeks, byChannel };
}

/** The forecast for the 28 days from `origin`, from the history before it. */
function predict(series: Series, start: number, origin: number, weeks: number, holidays: ReadonlySet<number>) {
  const countAt = (day: number, hour: number) => series.counts[(day - start) * 24 + hour];
  // Holidays are skipped, not averaged in as weeks without contacts; unknown days likewise.
  const isUsable = (day: number) => day >= series.firstDay && day < origin && !holidays.has(day);

  // Each day of the last four weeks against the same weekday four weeks before; a pair with a holiday is left out.
  let trend = 1;
  if (series.firstDay <= origin - 2 * 7 * TREND_WEEKS) {
    let recent = 0;
    let earlier = 0;
    for (let day = origin - 7 * TREND_WEEKS; day < origin; day++) {
      if (holidays.has(day) || holidays.has(day - 7 * TREND_WEEKS)) continue;
      for (let hour = 0; hour < 24; hour++) {
        recent += countAt(day, hour);
        earlier += countAt(day - 7 * TREND_WEEKS, hour);
      }
    }
    if (earlier > 0) trend = Math.min(TREND_LIMITS[1], Math.max(TREND_LIMITS[0], recent / earlier));
  }

  // profile[offset × 24 + hour]: the weighted average for the weekday `offset` days after the origin's.
  const profile = new Float64Array(7 * 24);
  for (let offset = 0; offset < 7; offset++) {
    for (let hour = 0; hour < 24; hour++) {
      let sum = 0;
      let weight = 0;
      for (let week = 1; week <= weeks; week++) {
        const day = origin - 7 * week + offset;
        if (!isUsable(day)) continue;
        sum += (weeks - week + 1) * countAt(day, hour);
        weight += weeks - week + 1;
      }
      profile[offset * 24 + hour] = weight > 0 ? sum / weight : 0;
    }
  }

  const contacts = new Float64Array(HORIZON_DAYS * 24);
  for (let index = 0; index < contacts.length; index++) {
    const dayIndex = Math.floor(index / 24);
    contacts[index] = holidays.has(origin + dayIndex) ? 0 : profile[(dayIndex % 7) * 24 + (index % 24)] * trend;
  }
  return { trend, contacts };
}

/** Forecast the last four weeks from the history before them, and compare with what came. */
function measureAccuracy(series: Series, start: number, today: number, weeks: number, holidays: ReadonlySet<number>): ForecastAccuracy {
  const origin = today - 7 * HELD_BACK_WEEKS;
  // No history before the held-back weeks: there was nothing to forecast them from.
  if (series.firstDay >= origin) return { mape: null, bias: null };
  const { contacts } = predict(series, start, origin, weeks, holidays);
  let percentErrors = 0;
  let hoursWithContacts = 0;
  let difference = 0;
  let actualTotal = 0;
  for (let index = 0; index < contacts.length; index++) {
    const actual = series.counts[(origin - start) * 24 + index];
    difference += contacts[index] - actual;
    actualTotal += actual;
    if (actual > 0) {
      percentErrors += Math.abs(contacts[index] - actual) / actual;
      hoursWithContacts += 1;
    }
  }
  return {
    mape: hoursWithContacts > 0 ? percentErrors / hoursWithContacts : null,
    bias: actualTotal > 0 ? difference / actualTotal : null,
  };
}
