import { listBusinessPeriods } from '../sla/business-hours.ts';
import type { BusinessCalendar } from '../sla/calendar.ts';

// The backlog model for email and portal tickets: they wait in a queue of work, not on a line, so
// an hour's tickets need not be answered in that hour, only within the first-response target counted
// in business time (the SLA calendar's). Pure: the calendar, the intervals and their forecast come in.
// Method: docs/staffing.md ("Backlog model").
//
// Each business interval's tickets count as arriving at its start (tickets arriving while the desk is
// closed, at the next opening, where the SLA clock starts) and due at the last interval edge within T
// business minutes of it: with hourly intervals and a 4-hour target, an interval's tickets are answered
// in it or the three after it. Of all the plans that answer every ticket in time, the model gives the
// smoothest: Yao, Demers and Shenker's (1995) critical-interval plan. The busiest window of business
// time — most work due in it per hour of it — is staffed at exactly that rate, set aside, and the rest
// planned the same way. Its peak is the lowest any in-time plan can have, and no plan in time asks for
// less work in total.

export interface BacklogInterval {
  /** Epoch milliseconds; intervals are contiguous (each starts where the one before ends) and in order. */
  start: number;
  end: number;
  /** Tickets expected to arrive in the interval (0 or more). */
  arrivals: number;
}

export interface BacklogInput {
  calendar: BusinessCalendar;
  intervals: ReadonlyArray<BacklogInterval>;
  ahtSeconds: number;
  /** The first-response target in business minutes (more than 0). */
  firstResponseMinutes: number;
  /** The share of an agent's business time spent on tickets, a fraction in (0, 1]. */
  occupancy: number;
}

export interface BacklogPlan {
  /** Agents needed during each interval's business time; 0 for an interval with none. */
  agents: number[];
  /** Business minutes in each interval. */
  businessMinutes: number[];
  /** Tickets due after the last interval: answered after it, so planned in none (the horizon cuts them off). */
  dueAfterHorizon: number;
}

export function backlogAgents(input: BacklogInput): BacklogPlan {
  checkInput(input);
  const { intervals } = input;
  const { slots, releases } = toBusinessSlots(input.calendar, intervals);
  const agents = new Array<number>(intervals.length).fill(0);
  const businessMinutes = new Array<number>(intervals.length).fill(0);
  for (const slot of slots) businessMinutes[slot.interval] = slot.lengthMs / 60_000;

  // Edges in business time: edge k is where business slot k starts; the last edge ends the horizon.
  const edges = [0];
  for (const slot of slots) edges.push(edges[edges.length - 1] + slot.lengthMs);
  const targetMs = input.firstResponseMinutes * 60_000;
  const workMs = input.ahtSeconds * 1000;
  const jobs: Job[] = [];
  let dueAfterHorizon = 0;
  for (let edge = 0; edge < slots.length; edge++) {
    const tickets = releases[edge];
    if (tickets === 0) continue;
    if (edges[edge] + targetMs > edges[slots.length]) {
      dueAfterHorizon += tickets;
      continue;
    }
    // The last edge within the target, and never the release edge itself: a target shorter than
    // an interval leaves the interval's tickets that interval.
    let due = edge + 1;
    while (due < slots.length && edges[due + 1] <= edges[edge] + targetMs) due++;
    jobs.push({ release: edge, due, work: tickets * workMs });
  }
  dueAfterHorizon += releases[slots.length];

  const rates = planSmoothest(slots.map((slot) => slot.lengthMs), jobs);
  slots.forEach((slot, index) => {
    agents[slot.interval] = rates[index] / input.occupancy;
  });
  return { agents, businessMinutes, dueAfterHorizon };
}

function checkInput({ intervals, ahtSeconds, firstResponseMinutes, occupancy }: BacklogInput) {
  if (!(Number.isFinite(ahtSeconds) && ahtSeconds > 0)) throw new RangeError('ahtSeconds must be more than 0');
  if (!(Number.isFinite(firstResponseMinutes) && firstResponseMinutes > 0)) throw new RangeError('firstResponseMinutes must be more than 0');
  if (!(Number.isFinite(occupancy) && occupancy > 0 && occupancy <= 1)) throw new RangeError('occupancy must be a fraction in (0, 1]');
  intervals.forEach((interval, index) => {
    if (!(interval.end >= interval.start)) throw new RangeError(`interval ${index} ends before it starts`);
    if (index > 0 && interval.start !== intervals[index - 1].end) throw new RangeError(`interval ${index} does not start where the one before ends`);
    if (!(Number.isFinite(interval.arrivals) && interval.arrivals >= 0)) throw new RangeError(`interval ${index} has arrivals below 0`);
  });
}

/** An interval with business time, and how much. */
interface BusinessSlot {
  interval: number;
  lengthMs: number;
}

/**
 * The intervals with business time, and the tickets released at each slot edge: an interval's
 * tickets at the start of its business time, except those arriving after its last business period
 * (or in an interval without any), which wait for the next opening: the next edge.
 */
function toBusinessSlots(calendar: BusinessCalendar, intervals: ReadonlyArray<BacklogInterval>) {
  const slots: BusinessSlot[] = [];
  const releases: number[] = [0];
  if (intervals.length === 0) return { slots, releases };
  const horizonEnd = intervals[intervals.length - 1].end;
  const periods = listBusinessPeriods(calendar, new Date(intervals[0].start));
  let period = nextPeriod(periods, horizonEnd);
  intervals.forEach(({ start, end, arrivals }, index) => {
    let open = 0;
    let lastOpenEnd = start;
    while (period && period[0] < end) {
      open += Math.min(period[1], end) - Math.max(period[0], start);
      lastOpenEnd = Math.min(period[1], end);
      if (period[1] > end) break;
      period = nextPeriod(periods, horizonEnd);
    }
    if (open === 0) {
      releases[releases.length - 1] += arrivals;
      return;
    }
    // A skipped hour (length 0) has no business time, so `end > start` here.
    const late = (arrivals * (end - lastOpenEnd)) / (end - start);
    releases[releases.length - 1] += arrivals - late;
    releases.push(late);
    slots.push({ interval: index, lengthMs: open });
  });
  return { slots, releases };
}

function nextPeriod(periods: Generator<[Date, Date]>, horizonEnd: number): [number, number] | undefined {
  const next = periods.next();
  if (next.done || next.value[0].getTime() >= horizonEnd) return undefined;
  return [next.value[0].getTime(), next.value[1].getTime()];
}

/** Work released at slot edge `release`, to be done by slot edge `due` (release < due). */
interface Job {
  release: number;
  due: number;
  work: number;
}

/**
 * Yao–Demers–Shenker: the work rate per slot (work per unit of time) of the smoothest plan that does
 * every job between its release and due edges. Jobs come in release order with due edges that never
 * go down (later tickets are due later), so the jobs that fit in a window of slots are a run of them.
 */
function planSmoothest(lengths: ReadonlyArray<number>, jobs: ReadonlyArray<Job>): number[] {
  const rates = new Array<number>(lengths.length).fill(0);
  // Edges no job spans split the plan into parts that do not affect one another.
  let from = 0;
  let reach = 0;
  for (let index = 0; index < jobs.length; index++) {
    reach = Math.max(reach, jobs[index].due);
    if (index === jobs.length - 1 || jobs[index + 1].release >= reach) {
      planBlock(lengths, jobs.slice(from, index + 1), rates);
      from = index + 1;
    }
  }
  return rates;
}

function planBlock(lengths: ReadonlyArray<number>, blockJobs: Job[], rates: number[]) {
  let jobs = blockJobs;
  const first = jobs[0].release;
  const last = jobs.reduce((max, job) => Math.max(max, job.due), 0);
  // The slots of the block not yet given a rate, in order (original indices).
  let remaining = Array.from({ length: last - first }, (_, offset) => first + offset);
  const positionOf = new Int32Array(last - first + 1);
  while (jobs.length > 0) {
    // Positions in the compressed timeline of the remaining slots: edge e sits after every remaining slot before it.
    let position = 0;
    for (let edge = first; edge <= last; edge++) {
      positionOf[edge - first] = position;
      if (position < remaining.length && remaining[position] === edge) position++;
    }
    const timeBefore = [0];
    for (const slot of remaining) timeBefore.push(timeBefore[timeBefore.length - 1] + lengths[slot]);
    const release = jobs.map((job) => positionOf[job.release - first]);
    const due = jobs.map((job) => positionOf[job.due - first]);
    const workBefore = [0];
    for (const job of jobs) workBefore.push(workBefore[workBefore.length - 1] + job.work);
    const best = findDensestWindow(
      jobs.length,
      (i) => ({ x: timeBefore[release[i]], y: workBefore[i] }),
      (j) => ({ x: timeBefore[due[j]], y: workBefore[j + 1] }),
      (i) => i === 0 || release[i] !== release[i - 1],
      (j) => j === jobs.length - 1 || due[j + 1] !== due[j],
    );
    for (let slot = release[best.firstJob]; slot < due[best.lastJob]; slot++) rates[remaining[slot]] = best.density;
    remaining = [...remaining.slice(0, release[best.firstJob]), ...remaining.slice(due[best.lastJob])];
    jobs = [...jobs.slice(0, best.firstJob), ...jobs.slice(best.lastJob + 1)];
  }
}

interface Point {
  x: number;
  y: number;
}

/**
 * The window of jobs i … j with the most work per unit of time: the steepest line from a window's
 * start (time, work before job i) to its end (time, work up to job j). For each start the steepest
 * end lies on the upper convex hull of the ends after it, which is kept while the starts move left,
 * so the search costs O(n log n) instead of trying all n² windows.
 */
function findDensestWindow(
  count: number,
  startOf: (i: number) => Point,
  endOf: (j: number) => Point,
  isStart: (i: number) => boolean,
  isEnd: (j: number) => boolean,
) {
  const cross = (o: Point, a: Point, b: Point) => (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x);
  // The hull from right to left: hull[hull.length − 1] is its leftmost point.
  const hull: Array<{ job: number; point: Point }> = [];
  let best = { density: -1, firstJob: 0, lastJob: 0 };
  for (let i = count - 1; i >= 0; i--) {
    if (isEnd(i)) {
      const point = endOf(i);
      while (hull.length >= 2 && cross(point, hull[hull.length - 1].point, hull[hull.length - 2].point) >= 0) hull.pop();
      hull.push({ job: i, point });
    }
    if (!isStart(i)) continue;
    const origin = startOf(i);
    // Left to right along the hull the slope from the origin rises, then falls: find where it stops rising.
    let low = 0;
    let high = hull.length - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      const here = hull[hull.length - 1 - middle].point;
      const next = hull[hull.length - 2 - middle].point;
      if (cross(origin, here, next) > 0) low = middle + 1;
      else high = middle;
    }
    const end = hull[hull.length - 1 - low];
    const density = (end.point.y - origin.y) / (end.point.x - origin.x);
    if (density > best.density) best = { density, firstJob: i, lastJob: end.job };
  }
  return best;
}
