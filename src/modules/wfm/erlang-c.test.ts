import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { agentsForServiceLevel, erlangC, findServiceLevelProblems, measureQueue, type ServiceLevelInput, trafficOf } from './erlang-c.ts';

// Independent references, deliberately computed another way than the module does.

/** Erlang C with A = p/q exactly, from the textbook formula with big integers (scaled by q^c · c!). */
function exactErlangC(p: bigint, q: bigint, c: number): number {
  const n = BigInt(c);
  let sum = 0n;
  let fall = 1n; // c!/k!, built from k = c down
  for (let k = c; k >= 0; k--) {
    if (k < c) sum += p ** BigInt(k) * q ** (n - BigInt(k)) * fall;
    fall *= BigInt(k === 0 ? 1 : k);
  }
  // Last term A^c/c! · c/(c − A), scaled: p^c · c·q ÷ (c·q − p).
  const lastNum = p ** n * n * q;
  const lastDen = n * q - p;
  const scale = 10n ** 30n;
  return Number((lastNum * scale) / (lastDen * sum + lastNum)) / 1e30;
}

/** Erlang C in log space: log(A^k/k!) = k·ln A − Σ ln j, summed with log-sum-exp. */
function logSpaceErlangC(traffic: number, c: number): number {
  const logs: number[] = [];
  let logFactorial = 0;
  for (let k = 0; k <= c; k++) {
    if (k > 0) logFactorial += Math.log(k);
    logs.push(k * Math.log(traffic) - logFactorial);
  }
  logs[c] += Math.log(c / (c - traffic));
  const top = Math.max(...logs);
  const total = logs.reduce((sum, log) => sum + Math.exp(log - top), 0);
  return Math.exp(logs[c] - top) / total;
}

/** Erlang B by its recursion from B(0) = 1, every step. */
function erlangBFromZero(traffic: number, agents: number): number {
  let blocking = 1;
  for (let k = 1; k <= agents; k++) blocking = (traffic * blocking) / (k + traffic * blocking);
  return blocking;
}

const serviceLevelOf = (traffic: number, c: number, aht: number, target: number, pw = logSpaceErlangC(traffic, c)) =>
  1 - pw * Math.exp((-(c - traffic) * target) / aht);

const eightyTwenty = { targetPercent: 80, targetSeconds: 20 };

describe('agentsForServiceLevel', () => {
  it('sizes 100 contacts an hour of 240 s for 80 % in 20 s (the contract example)', () => {
    const plan = agentsForServiceLevel({ contactsPerHour: 100, ahtSeconds: 240, ...eightyTwenty });
    expect(plan.agents).toBe(10);
    expect(plan.serviceLevel).toBeCloseTo(0.8677602807199964, 12);
    expect(plan.probabilityOfWaiting).toBeCloseTo(0.17458192373801312, 12);
    expect(plan.averageSpeedOfAnswerSeconds).toBeCloseTo(12.569898509136946, 10);
    expect(plan.occupancy).toBe(2 / 3);
    expect(plan.scheduledAgents).toBe(10);
    expect(plan.probabilityOfWaiting).toBeCloseTo(exactErlangC(20n, 3n, 10), 14);
  });

  it('matches the textbook example: 100 calls in 30 minutes of 180 s is 10 Erlangs, 80/20 needs 14 agents', () => {
    const plan = agentsForServiceLevel({ contactsPerHour: 200, ahtSeconds: 180, ...eightyTwenty });
    // Pw(10 Erlangs, 11 agents) ≈ 68.2 %, the figure the worked examples show.
    expect(erlangC(10, 11)).toBeCloseTo(0.6821, 4);
    expect(erlangC(10, 11)).toBeCloseTo(exactErlangC(10n, 1n, 11), 14);
    // 13 agents answer only 79.6 % in 20 s; 14 answer 88.8 %.
    expect(serviceLevelOf(10, 13, 180, 20, exactErlangC(10n, 1n, 13))).toBeLessThan(0.8);
    expect(plan).toMatchObject({ agents: 14, scheduledAgents: 14 });
    expect(plan.serviceLevel).toBeCloseTo(serviceLevelOf(10, 14, 180, 20, exactErlangC(10n, 1n, 14)), 14);
    expect(plan.serviceLevel).toBeCloseTo(0.8884, 4);
    expect(plan.probabilityOfWaiting).toBeCloseTo(0.1741, 4);
    expect(plan.averageSpeedOfAnswerSeconds).toBeCloseTo((0.17413193359504986 * 180) / 4, 10);
    expect(plan.occupancy).toBe(10 / 14);
  });

  it('schedules for shrinkage with exact ceilings: 9 agents at 80 % shrinkage is 45 scheduled, not 46', () => {
    const plan = agentsForServiceLevel({ contactsPerHour: 90, ahtSeconds: 240, ...eightyTwenty, shrinkage: 0.1 });
    expect(plan.agents).toBe(9);
    expect(plan.scheduledAgents).toBe(10);
    expect(9 / (1 - 0.8)).toBe(45.00000000000001);
    expect(agentsForServiceLevel({ contactsPerHour: 90, ahtSeconds: 240, ...eightyTwenty, shrinkage: 0.8 }).scheduledAgents).toBe(45);
    expect(agentsForServiceLevel({ contactsPerHour: 90, ahtSeconds: 240, ...eightyTwenty, shrinkage: 0.9 }).scheduledAgents).toBe(90);
    expect(agentsForServiceLevel({ contactsPerHour: 90, ahtSeconds: 240, ...eightyTwenty, shrinkage: 0.3 }).scheduledAgents).toBe(13);
    expect(agentsForServiceLevel({ contactsPerHour: 90, ahtSeconds: 240, ...eightyTwenty, shrinkage: 0 }).scheduledAgents).toBe(9);
  });

  it('schedules the least whole number of agents that leaves enough after shrinkage', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2000 }), fc.integer({ min: 0, max: 999 }), (contacts, permille) => {
        const plan = agentsForServiceLevel({ contactsPerHour: contacts, ahtSeconds: 300, ...eightyTwenty, shrinkage: permille / 1000 });
        // s·(1 − X) ≥ c  ⇔  s·(1000 − permille) ≥ 1000·c, in integers.
        const enough = (scheduled: number) => scheduled * (1000 - permille) >= 1000 * plan.agents;
        expect(enough(plan.scheduledAgents)).toBe(true);
        expect(enough(plan.scheduledAgents - 1)).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it('with --max-occupancy, takes the fewest agents meeting both targets, equality included', () => {
    // 100 contacts an hour of 360 s is 10 Erlangs: 20 agents are exactly 50 % occupied.
    const plan = agentsForServiceLevel({ contactsPerHour: 100, ahtSeconds: 360, ...eightyTwenty, maxOccupancy: 0.5 });
    expect(plan).toMatchObject({ agents: 20, occupancy: 0.5 });
    expect(plan.serviceLevel).toBeCloseTo(serviceLevelOf(10, 20, 360, 20), 12);
    // A loose maximum changes nothing; 1 is allowed.
    const free = agentsForServiceLevel({ contactsPerHour: 100, ahtSeconds: 360, ...eightyTwenty });
    expect(agentsForServiceLevel({ contactsPerHour: 100, ahtSeconds: 360, ...eightyTwenty, maxOccupancy: 1 })).toEqual(free);
    expect(agentsForServiceLevel({ contactsPerHour: 100, ahtSeconds: 360, ...eightyTwenty, maxOccupancy: 0.99 })).toEqual(free);
    // A very low maximum: Pw underflows to 0 long before, and the answer is still exact.
    expect(agentsForServiceLevel({ contactsPerHour: 100, ahtSeconds: 360, ...eightyTwenty, maxOccupancy: 0.001 })).toMatchObject({
      agents: 10_000,
      serviceLevel: 1,
      probabilityOfWaiting: 0,
      averageSpeedOfAnswerSeconds: 0,
      occupancy: 0.001,
    });
  });

  it('never counts c ≤ traffic as a solution, even when float traffic falls just short of a whole number', () => {
    // 0.009 × 2,800,000 ÷ 3600 is 7 exactly, but 6.999999999999999 in floats.
    expect(trafficOf(0.009, 2_800_000)).toBeLessThan(7);
    const plan = agentsForServiceLevel({ contactsPerHour: 0.009, ahtSeconds: 2_800_000, targetPercent: 1e-9, targetSeconds: 1e9 });
    expect(plan.agents).toBe(8);
    // 36 contacts an hour of 100 s are 1 Erlang: 1 agent would be 100 % occupied with an endless queue.
    expect(agentsForServiceLevel({ contactsPerHour: 36, ahtSeconds: 100, targetPercent: 0.01, targetSeconds: 1e6 }).agents).toBe(2);
    expect(agentsForServiceLevel({ contactsPerHour: 36, ahtSeconds: 100, ...eightyTwenty, maxOccupancy: 1 }).agents).toBeGreaterThan(1);
  });

  it('with a target time of 0, asks that P % never wait: service level = 1 − Pw', () => {
    const plan = agentsForServiceLevel({ contactsPerHour: 200, ahtSeconds: 180, targetPercent: 80, targetSeconds: 0 });
    expect(plan.serviceLevel).toBe(1 - plan.probabilityOfWaiting);
    expect(plan.serviceLevel).toBeGreaterThanOrEqual(0.8);
    expect(1 - exactErlangC(10n, 1n, plan.agents - 1)).toBeLessThan(0.8);
  });

  it('takes fractional volumes and handling times', () => {
    const plan = agentsForServiceLevel({ contactsPerHour: 0.5, ahtSeconds: 90.5, ...eightyTwenty });
    expect(plan.agents).toBe(1);
    expect(plan.probabilityOfWaiting).toBeCloseTo(trafficOf(0.5, 90.5), 14); // one agent: Pw = A
  });

  const inputArb = fc.record({
    contactsPerHour: fc.double({ min: 0.1, max: 20_000, noNaN: true }),
    ahtSeconds: fc.double({ min: 1, max: 1200, noNaN: true }),
    targetPercent: fc.double({ min: 1, max: 99.9, noNaN: true }),
    targetSeconds: fc.double({ min: 0, max: 600, noNaN: true }),
  });

  it('returns the smallest count above the traffic whose service level reaches the target', () => {
    fc.assert(
      fc.property(inputArb, (input: ServiceLevelInput) => {
        const traffic = trafficOf(input.contactsPerHour, input.ahtSeconds);
        const plan = agentsForServiceLevel(input);
        expect(Number.isInteger(plan.agents)).toBe(true);
        expect(plan.agents).toBeGreaterThan(traffic);
        expect(plan.serviceLevel).toBeGreaterThanOrEqual(input.targetPercent / 100);
        const fewer = plan.agents - 1;
        if (fewer > traffic) {
          expect(measureQueue(traffic, fewer, input.ahtSeconds, input.targetSeconds).serviceLevel).toBeLessThan(input.targetPercent / 100);
        }
        for (const value of Object.values(plan)) expect(Number.isFinite(value)).toBe(true);
        expect(plan.occupancy).toBeCloseTo(traffic / plan.agents, 14);
        expect(plan.averageSpeedOfAnswerSeconds).toBeCloseTo((plan.probabilityOfWaiting * input.ahtSeconds) / (plan.agents - traffic), 9);
      }),
      { numRuns: 300 },
    );
  });

  it('with a maximum occupancy, answers the larger of the service-level and the occupancy minimum', () => {
    fc.assert(
      fc.property(inputArb, fc.integer({ min: 1, max: 100 }), (input: ServiceLevelInput, percent) => {
        const maxOccupancy = percent / 100;
        const plan = agentsForServiceLevel({ ...input, maxOccupancy });
        const free = agentsForServiceLevel(input);
        expect(plan.occupancy).toBeLessThanOrEqual(maxOccupancy);
        expect(plan.agents).toBeGreaterThanOrEqual(free.agents);
        if (plan.agents > free.agents) {
          const fewer = plan.agents - 1;
          // Then one fewer agent would be over the maximum.
          expect(trafficOf(input.contactsPerHour, input.ahtSeconds) / fewer).toBeGreaterThan(maxOccupancy * (1 - 1e-12));
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('Erlang C', () => {
  it('matches the exact big-integer formula for small queues', () => {
    for (const [p, q] of [
      [1n, 2n],
      [7n, 3n],
      [10n, 1n],
      [123n, 10n],
      [50n, 1n],
    ] as const) {
      const traffic = Number(p) / Number(q);
      for (let c = Math.floor(traffic) + 1; c < traffic + 25; c++) {
        expect(erlangC(traffic, c)).toBeCloseTo(exactErlangC(p, q, c), 14);
      }
    }
  });

  it('matches a log-space computation across traffic levels and agent counts', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.01, max: 3000, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (traffic, spread) => {
        const c = Math.floor(traffic) + 1 + Math.floor(spread * (5 * Math.sqrt(traffic) + 5));
        const expected = logSpaceErlangC(traffic, c);
        expect(Math.abs(erlangC(traffic, c) - expected)).toBeLessThanOrEqual(1e-10 * Math.max(expected, 1e-300) + 1e-300);
      }),
      { numRuns: 300 },
    );
  });

  it('starting the recursion near a large traffic gives what starting from 0 gives', () => {
    for (const traffic of [100.5, 999.9, 5000, 12_345.678, 40_000]) {
      for (const spare of [0.5, 1, 10, 100, 400]) {
        const c = Math.ceil(traffic + spare);
        const blocking = erlangBFromZero(traffic, c);
        const expected = (c * blocking) / (c - traffic * (1 - blocking));
        expect(Math.abs(erlangC(traffic, c) / expected - 1)).toBeLessThan(1e-11);
      }
    }
  });

  it('falls as agents are added, so the service level rises', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.01, max: 5000, noNaN: true }),
        fc.integer({ min: 0, max: 200 }),
        fc.double({ min: 0, max: 120, noNaN: true }),
        (traffic, extra, target) => {
          const c = Math.floor(traffic) + 1 + extra;
          expect(erlangC(traffic, c + 1)).toBeLessThanOrEqual(erlangC(traffic, c));
          const now = measureQueue(traffic, c, 300, target);
          const more = measureQueue(traffic, c + 1, 300, target);
          expect(more.serviceLevel).toBeGreaterThanOrEqual(now.serviceLevel);
          expect(more.averageSpeedOfAnswerSeconds).toBeLessThanOrEqual(now.averageSpeedOfAnswerSeconds);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('is 1 when the agents cannot carry the traffic', () => {
    expect(erlangC(10, 10)).toBe(1);
    expect(erlangC(10, 3)).toBe(1);
    expect(() => measureQueue(10, 10, 300, 20)).toThrow(RangeError);
  });
});

describe('large desks', () => {
  it('sizes 10,000 contacts an hour of 600 s (1,667 Erlangs) without overflow', () => {
    const plan = agentsForServiceLevel({ contactsPerHour: 10_000, ahtSeconds: 600, ...eightyTwenty });
    for (const value of Object.values(plan)) expect(Number.isFinite(value)).toBe(true);
    expect(plan.agents).toBeGreaterThan(1667);
    expect(plan.probabilityOfWaiting).toBeCloseTo(logSpaceErlangC(trafficOf(10_000, 600), plan.agents), 10);
    expect(plan.serviceLevel).toBeGreaterThanOrEqual(0.8);
    expect(measureQueue(trafficOf(10_000, 600), plan.agents - 1, 600, 20).serviceLevel).toBeLessThan(0.8);
  });

  it('sizes 10,000 Erlangs, 1,000,000 Erlangs and a 99.99 % target', () => {
    for (const [contactsPerHour, ahtSeconds] of [
      [36_000, 1000],
      [6_000_000, 600],
    ]) {
      const traffic = trafficOf(contactsPerHour, ahtSeconds);
      const plan = agentsForServiceLevel({ contactsPerHour, ahtSeconds, targetPercent: 99.99, targetSeconds: 5 });
      for (const value of Object.values(plan)) expect(Number.isFinite(value)).toBe(true);
      expect(plan.agents).toBeGreaterThan(traffic);
      expect(plan.agents).toBeLessThan(traffic + 10 * Math.sqrt(traffic));
      expect(plan.serviceLevel).toBeGreaterThanOrEqual(0.9999);
      expect(measureQueue(traffic, plan.agents - 1, ahtSeconds, 5).serviceLevel).toBeLessThan(0.9999);
    }
  });
});

describe('findServiceLevelProblems', () => {
  const good: ServiceLevelInput = { contactsPerHour: 100, ahtSeconds: 240, targetPercent: 80, targetSeconds: 20 };

  it('accepts the edges the contract allows', () => {
    expect(findServiceLevelProblems({ ...good, targetSeconds: 0, shrinkage: 0, maxOccupancy: 1 })).toEqual([]);
    expect(findServiceLevelProblems({ ...good, targetPercent: 99.999, shrinkage: 0.999 })).toEqual([]);
  });

  it.each([
    ['contactsPerHour', { contactsPerHour: 0 }],
    ['ahtSeconds', { ahtSeconds: -1 }],
    ['targetPercent', { targetPercent: 0 }],
    ['targetPercent', { targetPercent: 100 }],
    ['targetPercent', { targetPercent: 0.8 * 1000 }],
    ['targetSeconds', { targetSeconds: -1 }],
    ['targetSeconds', { targetSeconds: Number.NaN }],
    ['shrinkage', { shrinkage: 1 }],
    ['shrinkage', { shrinkage: -0.1 }],
    ['maxOccupancy', { maxOccupancy: 0 }],
    ['maxOccupancy', { maxOccupancy: 1.5 }],
    ['contactsPerHour', { contactsPerHour: 1e12, ahtSeconds: 1e4 }],
    ['maxOccupancy', { maxOccupancy: 1e-300 }],
    ['shrinkage', { shrinkage: 0.9999999999999999 }],
  ])('names %s in %o', (field, change) => {
    expect(findServiceLevelProblems({ ...good, ...change }).map((problem) => problem.field)).toEqual([field]);
    expect(() => agentsForServiceLevel({ ...good, ...change })).toThrow(RangeError);
  });
});
