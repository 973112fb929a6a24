import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AgentCandidate, nextAssignmentStamp, pickAgent, requiredSkills } from './assign.ts';

const SKILLS = ['billing', 'german', 'french', 'hardware'];

const agentArb = fc.record({
  userId: fc.string({ minLength: 1, maxLength: 4 }),
  availability: fc.constantFrom('online' as const, 'away' as const, 'offline' as const),
  capacity: fc.integer({ min: 0, max: 5 }),
  openCount: fc.integer({ min: 0, max: 7 }),
  skills: fc.subarray(SKILLS),
  lastAssignedAt: fc.option(fc.integer({ min: 0, max: 100 }), { nil: null }),
});
// Distinct user ids, as in a team.
const teamArb = fc.uniqueArray(agentArb, { selector: (agent) => agent.userId, maxLength: 8 });
const strategyArb = fc.constantFrom('round-robin' as const, 'least-loaded' as const, 'skills' as const);

const agent = (userId: string, fields: Partial<AgentCandidate> = {}): AgentCandidate => ({
  userId,
  availability: 'online',
  capacity: 5,
  openCount: 0,
  skills: [],
  lastAssignedAt: null,
  ...fields,
});

describe('pickAgent', () => {
  it('never picks an agent who is not online or has no room, and picks whenever someone qualifies', () => {
    fc.assert(
      fc.property(teamArb, strategyArb, fc.subarray(SKILLS, { maxLength: 2 }), (agents, strategy, needed) => {
        const pick = pickAgent(agents, strategy, needed);
        const qualifies = (a: AgentCandidate) =>
          a.availability === 'online' && a.openCount < a.capacity && (strategy !== 'skills' || needed.every((s) => a.skills.includes(s)));
        if (pick.agent) {
          expect(pick.agent.availability).toBe('online');
          expect(pick.agent.openCount).toBeLessThan(pick.agent.capacity);
          expect(qualifies(pick.agent)).toBe(true);
        } else {
          expect(agents.some(qualifies)).toBe(false);
          const hasRoom = agents.some((a) => a.availability === 'online' && a.openCount < a.capacity);
          expect(pick.reason).toBe(hasRoom ? 'no-match' : 'no-capacity');
        }
      }),
    );
  });

  it('least-loaded picks an agent with the smallest load among those with room', () => {
    fc.assert(
      fc.property(teamArb, (agents) => {
        const pick = pickAgent(agents, 'least-loaded');
        const open = agents.filter((a) => a.availability === 'online' && a.openCount < a.capacity);
        if (pick.agent) expect(pick.agent.openCount).toBe(Math.min(...open.map((a) => a.openCount)));
        else expect(open).toEqual([]);
      }),
    );
  });

  it('skills picks the least loaded of the agents holding every required skill', () => {
    fc.assert(
      fc.property(teamArb, fc.subarray(SKILLS, { maxLength: 2 }), (agents, needed) => {
        const pick = pickAgent(agents, 'skills', needed);
        const fit = agents.filter((a) => a.availability === 'online' && a.openCount < a.capacity && needed.every((s) => a.skills.includes(s)));
        if (pick.agent) expect(pick.agent.openCount).toBe(Math.min(...fit.map((a) => a.openCount)));
        else expect(fit).toEqual([]);
      }),
    );
  });

  it('round-robin deals tickets in turn: n tickets to k agents differ by at most one each', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 0, max: 40 }), (k, n) => {
        let agents = Array.from({ length: k }, (_, i) => agent(`a${i}`, { capacity: 100 }));
        const received = new Map<string, number>();
        for (let i = 0; i < n; i++) {
          const pick = pickAgent(agents, 'round-robin');
          if (!pick.agent) throw new Error('everyone has room');
          const chosen = pick.agent.userId;
          received.set(chosen, (received.get(chosen) ?? 0) + 1);
          // Every assignment in the same millisecond: the stamp still orders them.
          const stamp = nextAssignmentStamp(1000, agents);
          agents = agents.map((a) => (a.userId === chosen ? { ...a, lastAssignedAt: stamp, openCount: a.openCount + 1 } : a));
        }
        const counts = agents.map((a) => received.get(a.userId) ?? 0);
        expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('breaks ties by the longest wait, then by user id', () => {
    expect(pickAgent([agent('b'), agent('a')], 'least-loaded').agent?.userId).toBe('a');
    expect(pickAgent([agent('a', { lastAssignedAt: 5 }), agent('b', { lastAssignedAt: 3 })], 'least-loaded').agent?.userId).toBe('b');
    expect(pickAgent([agent('a', { openCount: 1, lastAssignedAt: 5 }), agent('b', { openCount: 2, lastAssignedAt: null })], 'round-robin').agent?.userId).toBe('b');
  });

  it('assigns nobody in manual mode', () => {
    expect(pickAgent([agent('a')], 'manual').agent).toBeUndefined();
  });
});

describe('requiredSkills', () => {
  it("keeps the tags that are some team member's skill", () => {
    expect(requiredSkills(['vip', 'german', 'billing', 'german'], ['german', 'billing', 'french'])).toEqual(['billing', 'german']);
    expect(requiredSkills(['vip'], [])).toEqual([]);
  });
});
