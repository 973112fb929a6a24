import { ceilOf, dividedBy, nearestNumber, plus, ratioOf, times, whole } from './exact.ts';

// Workload staffing: how many agents a contact volume needs at a target occupancy. Pure: the CLI
// (`rapport wfm staff`) and the staffing view call the same functions.

export interface StaffingInput {
  contactsPerHour: number;
  ahtSeconds: number;
  /** The share of logged-in time agents spend on contacts, a fraction in (0, 1]: 0.55 for 55 %. */
  occupancy: number;
  /** Forecast buffer, a fraction above −1: 0.15 plans 15 % more agents, −0.1 a planned 10 % fewer. Default 0. */
  buffer?: number;
}

export interface StaffingResult {
  /**
   * N × S ÷ (3600 × O) × (1 + B), not rounded: the double nearest the exact value, so 100 × 360 ÷ 3600 × 1.1
   * is 11, not float arithmetic's 11.000000000000002, and never exceeds `agentsRounded`.
   */
  agents: number;
  /** The ceiling of the exact value of `agents` (so float noise never adds an agent). */
  agentsRounded: number;
}

/** One thing wrong with an input: the field, and what it must be ("must be more than 0"). */
export interface InputProblem<Field extends string> {
  field: Field;
  rule: string;
}

/** The problems with a staffing input, in field order; none means `requiredAgents` can take it. */
export function findStaffingProblems(input: StaffingInput): InputProblem<keyof StaffingInput>[] {
  const problems: InputProblem<keyof StaffingInput>[] = [];
  if (!isPositive(input.contactsPerHour)) problems.push({ field: 'contactsPerHour', rule: 'must be a number more than 0' });
  if (!isPositive(input.ahtSeconds)) problems.push({ field: 'ahtSeconds', rule: 'must be a number of seconds more than 0' });
  if (!isFraction(input.occupancy)) {
    problems.push({ field: 'occupancy', rule: 'must be a fraction more than 0 and at most 1 (0.55 for 55 %)' });
  }
  const buffer = input.buffer ?? 0;
  if (!(Number.isFinite(buffer) && buffer > -1)) {
    problems.push({ field: 'buffer', rule: 'must be a fraction more than -1 (0.15 for 15 % more agents, -0.1 for 10 % fewer)' });
  }
  // Counts stay exact integers (and print as JSON integers) only up to 2^53.
  if (problems.length === 0 && !(nearestNumber(exactAgents(input)) <= Number.MAX_SAFE_INTEGER)) {
    problems.push({
      field: 'contactsPerHour',
      rule: 'is too large: with these inputs the agents are more than 2^53, beyond exact whole numbers',
    });
  }
  return problems;
}

export function requiredAgents(input: StaffingInput): StaffingResult {
  const problem = findStaffingProblems(input)[0];
  if (problem) throw new RangeError(`${problem.field} ${problem.rule}`);
  const exact = exactAgents(input);
  return { agents: nearestNumber(exact), agentsRounded: Number(ceilOf(exact)) };
}

// N × S ÷ (3600 × O) × (1 + B) exactly, from the decimals the inputs print as.
const exactAgents = (input: StaffingInput) =>
  times(
    dividedBy(times(ratioOf(input.contactsPerHour), ratioOf(input.ahtSeconds)), times(whole(3600), ratioOf(input.occupancy))),
    plus(whole(1), ratioOf(input.buffer ?? 0)),
  );

export const isPositive = (value: number) => Number.isFinite(value) && value > 0;

/** A fraction in (0, 1], as occupancy is. */
export const isFraction = (value: number) => Number.isFinite(value) && value > 0 && value <= 1;
