import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findStaffingProblems, requiredAgents } from './staffing.ts';

describe('requiredAgents', () => {
  it('sizes 120 contacts an hour of 300 s at 55 % occupancy (the contract example)', () => {
    expect(requiredAgents({ contactsPerHour: 120, ahtSeconds: 300, occupancy: 0.55 })).toEqual({
      agents: 200 / 11,
      agentsRounded: 19,
    });
  });

  it('adds no agent for float noise when the exact result is whole', () => {
    expect(requiredAgents({ contactsPerHour: 120, ahtSeconds: 300, occupancy: 0.5 })).toEqual({ agents: 20, agentsRounded: 20 });
    expect(requiredAgents({ contactsPerHour: 100, ahtSeconds: 360, occupancy: 1, buffer: 0.1 })).toEqual({ agents: 11, agentsRounded: 11 });
    // 50 × (1 + 0.1) is 55.00000000000001 in floats.
    expect(requiredAgents({ contactsPerHour: 500, ahtSeconds: 360, occupancy: 1, buffer: 0.1 })).toEqual({ agents: 55, agentsRounded: 55 });
    expect(requiredAgents({ contactsPerHour: 2000, ahtSeconds: 360, occupancy: 1, buffer: 0.1 })).toEqual({
      agents: 220,
      agentsRounded: 220,
    });
    expect(requiredAgents({ contactsPerHour: 0.3, ahtSeconds: 3600, occupancy: 0.3 })).toEqual({ agents: 1, agentsRounded: 1 });
    expect(requiredAgents({ contactsPerHour: 70, ahtSeconds: 360, occupancy: 0.7, buffer: 0.15 })).toEqual({
      agents: 11.5,
      agentsRounded: 12,
    });
  });

  it('still adds the agent when the exact result is a hair above a whole number', () => {
    expect(requiredAgents({ contactsPerHour: 120.000000001, ahtSeconds: 300, occupancy: 0.5 }).agentsRounded).toBe(21);
  });

  it('takes fractional volumes and handling times, and a negative buffer as a planned reduction', () => {
    expect(requiredAgents({ contactsPerHour: 7.5, ahtSeconds: 480, occupancy: 1 })).toEqual({ agents: 1, agentsRounded: 1 });
    expect(requiredAgents({ contactsPerHour: 120, ahtSeconds: 300, occupancy: 0.5, buffer: -0.15 })).toEqual({
      agents: 17,
      agentsRounded: 17,
    });
    expect(requiredAgents({ contactsPerHour: 1, ahtSeconds: 1, occupancy: 1 })).toEqual({ agents: 1 / 3600, agentsRounded: 1 });
  });

  // Inputs with two decimals, so the exact answer can be checked in integers: agents = a·s·(100 + b) ÷ (3600 · o · 100)
  // with contacts a/100, AHT s/100, occupancy o/100 and buffer b/100.
  const hundredths = (min: number, max: number) => fc.integer({ min, max });
  it('rounds up to exactly the ceiling of the exact value, and prints the nearest double to it', () => {
    fc.assert(
      fc.property(
        hundredths(1, 10_000_000),
        hundredths(1, 360_000),
        hundredths(1, 100),
        hundredths(-99, 100),
        (contacts, aht, occupancy, buffer) => {
          const result = requiredAgents({
            contactsPerHour: contacts / 100,
            ahtSeconds: aht / 100,
            occupancy: occupancy / 100,
            buffer: buffer / 100,
          });
          const num = BigInt(contacts) * BigInt(aht) * BigInt(100 + buffer);
          const den = 3600n * BigInt(occupancy) * 100n * 100n;
          expect(BigInt(result.agentsRounded)).toBe((num + den - 1n) / den);
          const float = (((contacts / 100) * (aht / 100)) / (3600 * (occupancy / 100))) * (1 + buffer / 100);
          expect(Math.abs(result.agents - float)).toBeLessThanOrEqual(float * 1e-14);
          expect(result.agents).toBeLessThanOrEqual(result.agentsRounded);
          expect(result.agentsRounded - result.agents).toBeLessThan(1);
          expect(Number.isInteger(result.agentsRounded)).toBe(true);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('grows with contacts and handling time and shrinks with occupancy', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.01, max: 1e5, noNaN: true }),
        fc.double({ min: 1, max: 3600, noNaN: true }),
        fc.double({ min: 0.05, max: 1, noNaN: true }),
        (contacts, aht, occupancy) => {
          const base = requiredAgents({ contactsPerHour: contacts, ahtSeconds: aht, occupancy });
          expect(requiredAgents({ contactsPerHour: contacts * 2, ahtSeconds: aht, occupancy }).agents).toBeGreaterThan(base.agents);
          expect(requiredAgents({ contactsPerHour: contacts, ahtSeconds: aht * 2, occupancy }).agentsRounded).toBeGreaterThanOrEqual(
            base.agentsRounded,
          );
          expect(requiredAgents({ contactsPerHour: contacts, ahtSeconds: aht, occupancy: occupancy / 2 }).agents).toBeGreaterThan(
            base.agents,
          );
        },
      ),
    );
  });
});

describe('findStaffingProblems', () => {
  const good = { contactsPerHour: 120, ahtSeconds: 300, occupancy: 0.55 };

  it('accepts the edges the contract allows', () => {
    expect(findStaffingProblems({ ...good, occupancy: 1 })).toEqual([]);
    expect(findStaffingProblems({ ...good, buffer: -0.99 })).toEqual([]);
    expect(findStaffingProblems({ ...good, contactsPerHour: 0.001, ahtSeconds: 0.5 })).toEqual([]);
  });

  it.each([
    ['contactsPerHour', { contactsPerHour: 0 }],
    ['contactsPerHour', { contactsPerHour: -5 }],
    ['contactsPerHour', { contactsPerHour: Number.NaN }],
    ['ahtSeconds', { ahtSeconds: 0 }],
    ['ahtSeconds', { ahtSeconds: Number.POSITIVE_INFINITY }],
    ['occupancy', { occupancy: 0 }],
    ['occupancy', { occupancy: 1.01 }],
    ['occupancy', { occupancy: 55 }],
    ['buffer', { buffer: -1 }],
    ['buffer', { buffer: -2 }],
    ['contactsPerHour', { contactsPerHour: 1e300, ahtSeconds: 1e300 }],
    ['contactsPerHour', { contactsPerHour: 1e12, ahtSeconds: 1e9 }],
  ])('names %s in %o', (field, change) => {
    const problems = findStaffingProblems({ ...good, ...change });
    expect(problems.map((problem) => problem.field)).toEqual([field]);
    expect(() => requiredAgents({ ...good, ...change })).toThrow(RangeError);
  });
});
