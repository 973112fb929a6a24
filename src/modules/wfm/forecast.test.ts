import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { forecastContacts, type HourlyCount, historyWindow } from './forecast.ts';

// Tuesday 2026-06-02; the default window reads the 12 weeks before it.
const TODAY = '2026-06-02';
const DAY_MS = 86_400_000;
const todayNumber = Date.parse(`${TODAY}T00:00:00Z`) / DAY_MS;
const dayText = (daysFromToday: number) => new Date((todayNumber + daysFromToday) * DAY_MS).toISOString().slice(0, 10);
const HISTORY_DAYS = 84;

/** A history of `HISTORY_DAYS` days before today, the count of each hour given by `count(daysFromToday, hour)`. */
function historyOf(count: (daysFromToday: number, hour: number) => number, channel = 'email', days = HISTORY_DAYS): HourlyCount[] {
  const rows: HourlyCount[] = [];
  for (let day = -days; day < 0; day++) {
    for (let hour = 0; hour < 24; hour++) rows.push({ day: dayText(day), hour, channel, contacts: count(day, hour) });
  }
  return rows;
}

const forecastOf = (history: HourlyCount[], options: { holidays?: string[]; weeks?: number; channels?: string[] } = {}) =>
  forecastContacts({ history, today: TODAY, ...options });
const only = (forecast: ReturnType<typeof forecastContacts>) => forecast.byChannel[0];

describe('forecastContacts', () => {
  it('forecasts 28 days × 24 hours from today, weekday by weekday', () => {
    const forecast = forecastOf(historyOf(() => 1));
    expect(forecast).toMatchObject({ from: TODAY, to: '2026-06-29', weeks: 8 });
    const { hours } = only(forecast);
    expect(hours).toHaveLength(28 * 24);
    expect(hours[0]).toEqual({ day: TODAY, weekday: 'tue', hour: 0, contacts: 1 });
    expect(hours[24 * 6 + 23]).toEqual({ day: '2026-06-08', weekday: 'mon', hour: 23, contacts: 1 });
    expect(historyWindow(TODAY)).toEqual({ from: dayText(-HISTORY_DAYS), to: dayText(-1) });
  });

  it('weights the same weekday-hour of recent weeks more: N for last week down to 1', () => {
    // Week k before today (k = 1 is the last) carries k contacts in every hour: the weighted average
    // is Σ (9 − k)·k ÷ Σ (9 − k) = 120 ÷ 36. The volume falls towards today: the trend is
    // (1 + 2 + 3 + 4) ÷ (5 + 6 + 7 + 8) = 10 ÷ 26, clamped to 0.5.
    const history = historyOf((day) => Math.ceil(-day / 7));
    const email = only(forecastOf(history));
    expect(email.trend).toBe(0.5);
    expect(email.hours[10].contacts).toBeCloseTo((120 / 36) * 0.5, 12);
    // Only the last 2 weeks averaged: (2·1 + 1·2) ÷ 3.
    expect(only(forecastOf(history, { weeks: 2 })).hours[10].contacts).toBeCloseTo((4 / 3) * 0.5, 12);
  });

  it('multiplies by the trend of the last four weeks against the four before, up to 2', () => {
    const growing = only(forecastOf(historyOf((day) => (day >= -28 ? 3 : 2))));
    expect(growing.trend).toBe(1.5);
    // Weights 8+7+6+5 on 3 contacts, 4+3+2+1 on 2: (26·3 + 10·2) ÷ 36, times 1.5.
    expect(growing.hours[0].contacts).toBeCloseTo(((26 * 3 + 10 * 2) / 36) * 1.5, 12);
    expect(only(forecastOf(historyOf((day) => (day >= -28 ? 10 : 1)))).trend).toBe(2);
  });

  it('uses no trend when the history is shorter than eight weeks, and averages only the weeks it has', () => {
    const short = only(forecastOf(historyOf((day) => (day >= -7 ? 4 : 2), 'chat', 42)));
    expect(short.trend).toBe(1);
    // Six weeks known: weight 8 on 4 contacts, 7+6+5+4+3 on 2.
    expect(short.hours[0].contacts).toBeCloseTo((8 * 4 + 25 * 2) / 33, 12);
  });

  it('forecasts holidays as 0 and skips past holidays rather than counting them as empty weeks', () => {
    const lastTuesday = dayText(-7);
    const history = historyOf((day) => (day === -7 ? 0 : 5));
    const email = only(forecastOf(history, { holidays: [lastTuesday, dayText(7)] }));
    expect(email.hours[0].contacts).toBe(5);
    expect(email.hours.filter((hour) => hour.day === dayText(7)).every((hour) => hour.contacts === 0)).toBe(true);
    expect(email.hours[7 * 24 + 24].contacts).toBe(5);
    expect(email.trend).toBe(1);
    // Not a holiday: last Tuesday counts as a week with no contacts (weight 8 of 36), and as a day
    // short in the trend (27 days of 5 against 28).
    const plain = only(forecastOf(history));
    expect(plain.trend).toBe(27 / 28);
    expect(plain.hours[0].contacts).toBeCloseTo(((28 * 5) / 36) * (27 / 28), 12);
  });

  it('reports MAPE over the hours with contacts and bias, from the four weeks held back', () => {
    // Every hour 2 contacts, except the held-back weeks' 10:00, which got 4: the backtest forecast 2 there.
    const history = historyOf((day, hour) => (day >= -28 && hour === 10 ? 4 : 2));
    const { accuracy } = only(forecastOf(history));
    // The trend before the held-back weeks is 1; 28 hours of 672 missed by half (|2 − 4| ÷ 4).
    expect(accuracy.mape).toBeCloseTo((28 * 0.5) / 672, 12);
    expect(accuracy.bias).toBeCloseTo(-56 / (672 * 2 + 28 * 2), 12);
  });

  it('gives null accuracy and zeros for a channel without history', () => {
    const forecast = forecastOf([], { channels: ['phone'] });
    expect(only(forecast)).toMatchObject({ channel: 'phone', trend: 1, total: 0, accuracy: { mape: null, bias: null } });
    expect(forecastOf([]).byChannel).toEqual([]);
    // History only inside the held-back weeks: nothing to have forecast them from.
    expect(only(forecastOf(historyOf(() => 3, 'sms', 14))).accuracy).toEqual({ mape: null, bias: null });
  });

  it('ignores history from today on and refuses bad input', () => {
    const withToday = [...historyOf(() => 1), { day: TODAY, hour: 0, channel: 'email', contacts: 1000 }];
    expect(only(forecastOf(withToday)).hours[0].contacts).toBe(1);
    expect(() => forecastContacts({ history: [], today: '2026-02-30' })).toThrow(RangeError);
    expect(() => forecastOf([], { weeks: 0 })).toThrow(RangeError);
    expect(() => forecastOf([{ day: dayText(-1), hour: 24, channel: 'email', contacts: 1 }])).toThrow(RangeError);
    expect(() => forecastOf([{ day: dayText(-1), hour: 1, channel: 'email', contacts: -1 }])).toThrow(RangeError);
  });
});

describe('forecastContacts properties', () => {
  const counts = fc.array(fc.nat(40), { minLength: HISTORY_DAYS * 24, maxLength: HISTORY_DAYS * 24 });
  const fromCounts = (values: number[], scale = 1) => historyOf((day, hour) => scale * values[(day + HISTORY_DAYS) * 24 + hour]);
  const weeks = fc.integer({ min: 1, max: 12 });

  it('forecasts a constant history as that constant', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), weeks, (constant, n) => {
        const email = only(forecastOf(historyOf(() => constant), { weeks: n }));
        expect(email.hours.every((hour) => hour.contacts === constant)).toBe(true);
        expect(email.accuracy).toEqual({ mape: 0, bias: 0 });
      }),
    );
  });

  it('scales with the history', () => {
    fc.assert(
      fc.property(counts, fc.integer({ min: 2, max: 50 }), weeks, (values, scale, n) => {
        const plain = only(forecastOf(fromCounts(values), { weeks: n }));
        const scaled = only(forecastOf(fromCounts(values, scale), { weeks: n }));
        if (!plain) return expect(scaled).toBeUndefined();
        for (const [index, hour] of plain.hours.entries()) expect(scaled.hours[index].contacts).toBeCloseTo(scale * hour.contacts, 6);
        expect(scaled.trend).toBe(plain.trend);
        if (plain.accuracy.mape !== null) expect(scaled.accuracy.mape).toBeCloseTo(plain.accuracy.mape, 9);
        if (plain.accuracy.bias !== null) expect(scaled.accuracy.bias).toBeCloseTo(plain.accuracy.bias, 9);
      }),
      { numRuns: 40 },
    );
  });

  it('is never negative, and 0 all day on every holiday', () => {
    const holidayOffsets = fc.uniqueArray(fc.integer({ min: -HISTORY_DAYS, max: 27 }), { maxLength: 20 });
    fc.assert(
      fc.property(counts, holidayOffsets, weeks, (values, offsets, n) => {
        const holidays = offsets.map(dayText);
        for (const channel of forecastOf(fromCounts(values), { holidays, weeks: n }).byChannel) {
          expect(channel.hours.every((hour) => hour.contacts >= 0)).toBe(true);
          expect(channel.hours.filter((hour) => holidays.includes(hour.day)).every((hour) => hour.contacts === 0)).toBe(true);
          expect(channel.trend).toBeGreaterThanOrEqual(0.5);
          expect(channel.trend).toBeLessThanOrEqual(2);
        }
      }),
      { numRuns: 40 },
    );
  });

  it('measures a perfectly repeating week with MAPE 0 and bias 0', () => {
    const week = fc.array(fc.nat(60), { minLength: 7 * 24, maxLength: 7 * 24 }).filter((values) => values.some((value) => value > 0));
    fc.assert(
      fc.property(week, weeks, (pattern, n) => {
        const history = historyOf((day, hour) => pattern[(((day % 7) + 7) % 7) * 24 + hour]);
        const email = only(forecastOf(history, { weeks: n }));
        expect(email.accuracy).toEqual({ mape: 0, bias: 0 });
        // And the forecast repeats the week.
        for (const [index, hour] of email.hours.entries()) expect(hour.contacts).toBe(pattern[(Math.floor(index / 24) % 7) * 24 + hour.hour]);
      }),
      { numRuns: 60 },
    );
  });
});
