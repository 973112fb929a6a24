import { ceilOf, dividedBy, floorOf, minus, nearestNumber, ratioOf, times, whole } from './exact.ts';
import { type InputProblem, isFraction, isPositive } from './staffing.ts';

// Erlang C: the agents a queue needs to answer P % of contacts within T seconds. Pure: the CLI
// (`rapport wfm erlang-c`) and the staffing view call the same functions.
//
// Numerics: A^c/c! overflows a double from c ≈ 170, and real desks run thousands of Erlangs, so no
// factorial or power is ever formed. Erlang B comes from its recursion B(k) = A·B(k−1) ÷ (k + A·B(k−1)),
// which is stable (each step shrinks earlier rounding errors), and C = c·B ÷ (c − A·(1 − B)).

export interface ServiceLevelInput {
  contactsPerHour: number;
  ahtSeconds: number;
  /** The share to answer within `targetSeconds`, in percent, in (0, 100). */
  targetPercent: number;
  /** 0 or more; 0 asks that P % never wait at all. */
  targetSeconds: number;
  /** The share of paid time agents are not available (breaks, training), a fraction in [0, 1). Default 0. */
  shrinkage?: number;
  /** The highest occupancy (traffic ÷ agents) allowed, a fraction in (0, 1]; equality is allowed. */
  maxOccupancy?: number;
}

export interface ServiceLevelPlan {
  /** The fewest agents whose service level reaches the target (and whose occupancy stays within the maximum). */
  agents: number;
  /** The fraction of contacts answered within the target time at `agents`. */
  serviceLevel: number;
  /** Erlang C: the probability that a contact waits at all. */
  probabilityOfWaiting: number;
  averageSpeedOfAnswerSeconds: number;
  /** Traffic ÷ agents. */
  occupancy: number;
  /** The agents to schedule so that `agents` are available after shrinkage: ceil(agents ÷ (1 − shrinkage)). */
  scheduledAgents: number;
}

/** The largest traffic sized: beyond it agent counts stop being exact integers long before any desk is that big. */
export const MAX_TRAFFIC_ERLANGS = 1e9;

/** Offered traffic in Erlangs: the number of contacts in progress at once, on average. */
export const trafficOf = (contactsPerHour: number, ahtSeconds: number) => (contactsPerHour * ahtSeconds) / 3600;

export function findServiceLevelProblems(input: ServiceLevelInput): InputProblem<keyof ServiceLevelInput>[] {
  const problems: InputProblem<keyof ServiceLevelInput>[] = [];
  if (!isPositive(input.contactsPerHour)) problems.push({ field: 'contactsPerHour', rule: 'must be a number more than 0' });
  if (!isPositive(input.ahtSeconds)) problems.push({ field: 'ahtSeconds', rule: 'must be a number of seconds more than 0' });
  const percent = input.targetPercent;
  if (!(Number.isFinite(percent) && percent > 0 && percent < 100)) {
    problems.push({ field: 'targetPercent', rule: 'must be a percentage more than 0 and less than 100 (80 for 80 %)' });
  }
  if (!(Number.isFinite(input.targetSeconds) && input.targetSeconds >= 0)) {
    problems.push({ field: 'targetSeconds', rule: 'must be a number of seconds, 0 or more' });
  }
  const shrinkage = input.shrinkage ?? 0;
  if (!(Number.isFinite(shrinkage) && shrinkage >= 0 && shrinkage < 1)) {
    problems.push({ field: 'shrinkage', rule: 'must be a fraction from 0 up to but not including 1 (0.3 for 30 %)' });
  }
  if (input.maxOccupancy !== undefined && !isFraction(input.maxOccupancy)) {
    problems.push({ field: 'maxOccupancy', rule: 'must be a fraction more than 0 and at most 1 (0.85 for 85 %)' });
  }
  if (problems.length === 0 && !(trafficOf(input.contactsPerHour, input.ahtSeconds) <= MAX_TRAFFIC_ERLANGS)) {
    problems.push({
      field: 'contactsPerHour',
      rule: `is too large: with this handling time the traffic is over ${MAX_TRAFFIC_ERLANGS.toLocaleString('en')} Erlangs`,
    });
  }
  if (problems.length === 0) {
    // Counts stay exact integers (and print as JSON integers) only up to 2^53. An upper bound for the
    // answer: by A + 40·√A + 800 agents Erlang B has underflowed and any service level is met.
    const traffic = trafficOf(input.contactsPerHour, input.ahtSeconds);
    const forOccupancy = input.maxOccupancy === undefined ? 0 : traffic / input.maxOccupancy + 1;
    const agents = Math.max(forOccupancy, traffic + 40 * Math.sqrt(traffic) + 800);
    if (forOccupancy > Number.MAX_SAFE_INTEGER) {
      problems.push({ field: 'maxOccupancy', rule: 'is too small for this traffic: the agents would be more than 2^53' });
    } else if (agents / (1 - shrinkage) > Number.MAX_SAFE_INTEGER) {
      problems.push({ field: 'shrinkage', rule: 'is too close to 1 for this traffic: the scheduled agents would be more than 2^53' });
    }
  }
  return problems;
}

export function agentsForServiceLevel(input: ServiceLevelInput): ServiceLevelPlan {
  const problem = findServiceLevelProblems(input)[0];
  if (problem) throw new RangeError(`${problem.field} ${problem.rule}`);
  const { ahtSeconds, targetSeconds } = input;
  const traffic = trafficOf(input.contactsPerHour, ahtSeconds);
  const exactTraffic = dividedBy(times(ratioOf(input.contactsPerHour), ratioOf(ahtSeconds)), whole(3600));
  // Decided exactly: with A = 3 a float A of 2.9999999999999996 must not let 3 agents count as "more than A".
  const fewest = Number(floorOf(exactTraffic)) + 1;
  const fewestForOccupancy =
    input.maxOccupancy === undefined ? fewest : Math.max(fewest, Number(ceilOf(dividedBy(exactTraffic, ratioOf(input.maxOccupancy)))));
  const target = input.targetPercent / 100;

  // The service level rises with every agent (Pw falls, and so does e^(−(c − A)·T/S)), and the occupancy
  // falls: the agents meeting both targets are all counts from some c on, the larger of the two smallest.
  const queue = new ErlangBWalk(traffic);
  queue.advanceTo(fewest);
  while (measure(traffic, queue.agents, queue.blocking, ahtSeconds, targetSeconds).serviceLevel < target) queue.advance();
  queue.advanceTo(fewestForOccupancy);
  const agents = queue.agents;
  const shrinkage = ratioOf(input.shrinkage ?? 0);
  return {
    agents,
    ...measure(traffic, agents, queue.blocking, ahtSeconds, targetSeconds),
    // Exact and rounded once, so an occupancy at exactly --max-occupancy prints as that value, never a digit over.
    occupancy: nearestNumber(dividedBy(exactTraffic, whole(agents))),
    scheduledAgents: Number(ceilOf(dividedBy(whole(agents), minus(whole(1), shrinkage)))),
  };
}

/** Erlang C: the probability that a contact waits, with `traffic` Erlangs offered to `agents` agents (1 when agents ≤ traffic). */
export function erlangC(traffic: number, agents: number): number {
  if (!(traffic > 0) || !Number.isInteger(agents) || agents <= traffic) return 1;
  const queue = new ErlangBWalk(traffic);
  queue.advanceTo(agents);
  return waitingProbability(traffic, agents, queue.blocking);
}

export interface QueueMeasures {
  serviceLevel: number;
  probabilityOfWaiting: number;
  averageSpeedOfAnswerSeconds: number;
  occupancy: number;
}

/** How a queue of `traffic` Erlangs does with `agents` (more than the traffic) agents. */
export function measureQueue(traffic: number, agents: number, ahtSeconds: number, targetSeconds: number): QueueMeasures {
  if (!(agents > traffic) || !Number.isInteger(agents)) throw new RangeError('agents must be a whole number above the traffic');
  const queue = new ErlangBWalk(traffic);
  queue.advanceTo(agents);
  return measure(traffic, agents, queue.blocking, ahtSeconds, targetSeconds);
}

function measure(traffic: number, agents: number, blocking: number, ahtSeconds: number, targetSeconds: number): QueueMeasures {
  const probabilityOfWaiting = waitingProbability(traffic, agents, blocking);
  const spare = agents - traffic;
  return {
    serviceLevel: 1 - probabilityOfWaiting * Math.exp((-spare * targetSeconds) / ahtSeconds),
    probabilityOfWaiting,
    averageSpeedOfAnswerSeconds: (probabilityOfWaiting * ahtSeconds) / spare,
    occupancy: traffic / agents,
  };
}

// c·B ÷ (c − A·(1 − B)) as written: losing digits of a small B in 1 − B costs at most A·2⁻⁵³ against a
// denominator of at least A·B, and the same expression gives the same last digits as other implementations.
const waitingProbability = (traffic: number, agents: number, blocking: number) => (agents * blocking) / (agents - traffic * (1 - blocking));

/**
 * Erlang B for 0, 1, 2 … agents, one recursion step per agent. At thousands of Erlangs it starts
 * 10·√A below A instead of at 0: far below A the terms of 1/B(k) = Σᵢ Πₜ<ᵢ (k − t)/A fall geometrically,
 * so a short sum gives B there, and the recursion's contraction (each step scales an error by
 * about k/A) leaves none of that sum's rounding by the time it passes A. So sizing costs O(√A) steps, not O(A).
 */
class ErlangBWalk {
  agents: number;
  blocking: number;

  constructor(private readonly traffic: number) {
    this.agents = Math.max(0, Math.floor(traffic - 10 * Math.sqrt(traffic)));
    this.blocking = this.agents === 0 ? 1 : blockingFarBelowTraffic(traffic, this.agents);
  }

  advance() {
    this.agents += 1;
    const carried = this.traffic * this.blocking;
    this.blocking = carried / (this.agents + carried);
  }

  advanceTo(agents: number) {
    // Once B underflows to 0 it stays 0, and every measure is the same from there on: jump.
    while (this.agents < agents && this.blocking > 0) this.advance();
    if (this.agents < agents) this.agents = agents;
  }
}

/** Erlang B with `agents` well below `traffic` (agents ≤ A − 10·√A), from the series of 1/B. */
function blockingFarBelowTraffic(traffic: number, agents: number): number {
  const tailFactor = 1 - agents / traffic; // the terms fall by at least this ratio's complement: tail ≤ term ÷ tailFactor
  let term = 1;
  let sum = 1;
  for (let t = 0; t < agents; t++) {
    term *= (agents - t) / traffic;
    sum += term;
    if (term < sum * 1e-18 * tailFactor) break;
  }
  return 1 / sum;
}
