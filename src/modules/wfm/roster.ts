import type { Executor, ShiftTable } from '../../db/types.ts';
import type { WeekdayKey } from '../sla/calendar.ts';
import { addDays, weekOf } from './local-time.ts';
import * as repo from './repo.ts';
import { type ShiftInstance, type ShiftPattern, shiftInstances } from './shifts.ts';

// Who is on which shift, day by day, in a period: the shifts, the weekly assignments and the absences
// read in three queries, then expanded in memory.

export const patternOf = (row: ShiftTable): ShiftPattern => ({ days: JSON.parse(row.days) as WeekdayKey[], start: row.start_time, end: row.end_time });

export interface RosterDay extends ShiftInstance {
  shiftId: string;
  channels: string[];
  /** Assigned that week and not away that day. */
  userIds: string[];
  /** Assigned that week but away that day. */
  absentUserIds: string[];
}

/** The weeks (Mondays) whose shifts can reach into the local dates from `from` to `to`: the week before too (a Sunday night shift). */
export function weeksTouching(from: string, to: string): string[] {
  const weeks: string[] = [];
  for (let week = weekOf(addDays(from, -1)); week <= to; week = addDays(week, 7)) weeks.push(week);
  return weeks;
}

/** Every shift day starting in the weeks touching the local dates from `from` to `to`, with who works it. */
export async function loadRoster(db: Executor, workspaceId: string, timeZone: string, period: { from: string; to: string }): Promise<RosterDay[]> {
  const weeks = weeksTouching(period.from, period.to);
  const [shifts, assignments, absences] = await Promise.all([
    repo.listShifts(db, workspaceId),
    repo.listAssignments(db, workspaceId, weeks),
    repo.listAbsencesOverlapping(db, workspaceId, { from: weeks[0], to: addDays(weeks[weeks.length - 1], 6) }),
  ]);
  const shiftsById = new Map(shifts.map((row) => [row.id, row]));
  const lastDay = addDays(weeks[weeks.length - 1], 6);
  const awayDays = new Map<string, Set<string>>();
  for (const absence of absences) {
    const away = awayDays.get(absence.user_id) ?? new Set<string>();
    // Local dates compare as text; only the days of the weeks read matter.
    const [until] = [absence.to_day, lastDay].sort();
    for (let day = [absence.from_day, weeks[0]].sort()[1]; day <= until; day = addDays(day, 1)) away.add(day);
    awayDays.set(absence.user_id, away);
  }
  const days: RosterDay[] = [];
  for (const week of weeks) {
    const assignedByShift = new Map<string, string[]>();
    for (const assignment of assignments) {
      if (assignment.week !== week) continue;
      assignedByShift.set(assignment.shift_id, [...(assignedByShift.get(assignment.shift_id) ?? []), assignment.user_id]);
    }
    for (const [shiftId, userIds] of assignedByShift) {
      const shift = shiftsById.get(shiftId);
      if (!shift) continue;
      for (const instance of shiftInstances(patternOf(shift), week, timeZone)) {
        const isAway = (userId: string) => awayDays.get(userId)?.has(instance.day) ?? false;
        days.push({
          ...instance,
          shiftId,
          channels: JSON.parse(shift.channels),
          userIds: userIds.filter((userId) => !isAway(userId)),
          absentUserIds: userIds.filter(isAway),
        });
      }
    }
  }
  return days;
}
