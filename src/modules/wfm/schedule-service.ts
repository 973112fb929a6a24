import type { Executor, ShiftTable } from '../../db/types.ts';
import type { Actor } from '../../lib/actor.ts';
import { conflict, invalid, notFound } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { decodeCursor, pageLimit, toPage } from '../../lib/pagination.ts';
import type { ServiceContext } from '../../lib/service-context.ts';
import { auditByActor } from '../audit/service.ts';
import { HORIZON_DAYS } from './forecast.ts';
import { addDays, isWeekStart, localHours, weekOf } from './local-time.ts';
import * as repo from './repo.ts';
import { loadRoster, patternOf } from './roster.ts';
import type { Absence, AbsenceQuery, AssignAgentsBody, CreateAbsenceBody, CreateShiftBody, MyShifts, Schedule, Shift, UpdateShiftBody } from './schema.ts';
import { coverageOf, doShiftsOverlap, findShiftProblem, type ShiftPattern, seniorCoverage, shiftInstances, shiftMinutes } from './shifts.ts';
import type { StaffingService } from './staffing-service.ts';
import { staffingOf } from './staffing-plan.ts';

/** Shifts per workspace: enough for any desk, and the bound that lets every shift list come in one page. */
export const MAX_SHIFTS = 200;
const MAX_ABSENCE_DAYS = 366;
const MAX_MY_WEEKS = 8;

export interface StaffMember {
  id: string;
  name: string;
  role: string;
  isActive: boolean;
  isSenior: boolean;
}

export interface ScheduleDeps {
  staff(actor: Actor): Promise<StaffMember[]>;
  /** Each agent's routing skills (routing module). */
  skills(actor: Actor): Promise<Map<string, string[]>>;
  timeZone(workspaceId: string): Promise<string>;
}

const toShift = (row: ShiftTable): Shift => ({
  id: row.id,
  name: row.name,
  days: JSON.parse(row.days),
  start: row.start_time,
  end: row.end_time,
  channels: JSON.parse(row.channels),
  minutes: shiftMinutes({ start: row.start_time, end: row.end_time }),
  createdAt: new Date(row.created_at).toISOString(),
  updatedAt: new Date(row.updated_at).toISOString(),
});

function checkWeek(week: string) {
  if (!isWeekStart(week)) throw invalid('A week is named by the date of its Monday, e.g. 2026-06-01', { week: 'not a Monday' });
}

function checkPattern(pattern: ShiftPattern) {
  const problem = findShiftProblem(pattern);
  if (problem) throw invalid(problem.problem, { [problem.field]: problem.problem });
}

type Assignment = { shift_id: string; week: string; user_id: string };

/** The first agent who would be on two shifts at once, given the assignments to check and the agents' others. */
function findDoubleBooking(checked: Assignment[], others: Assignment[], patterns: Map<string, ShiftPattern>) {
  for (const mine of checked) {
    for (const other of others) {
      if (other.user_id !== mine.user_id || other.shift_id === mine.shift_id) continue;
      const weeks = Math.round((Date.parse(other.week) - Date.parse(mine.week)) / (7 * 86_400_000));
      const a = patterns.get(mine.shift_id);
      const b = patterns.get(other.shift_id);
      if (a && b && (weeks === -1 || weeks === 0 || weeks === 1) && doShiftsOverlap(a, b, weeks)) return { mine, other };
    }
  }
  return undefined;
}

export function createScheduleService({ db, clock }: ServiceContext, staffing: StaffingService, deps: ScheduleDeps) {
  async function staffById(actor: Actor) {
    return new Map((await deps.staff(actor)).map((member) => [member.id, member]));
  }

  /** Refuses assignments that put an agent on two shifts at once (this week, or across a week's end). */
  async function checkDoubleBooking(tx: Executor, actor: Actor, checked: Assignment[], patternOfChecked: ShiftPattern, shiftName: string) {
    if (checked.length === 0) return;
    const weeks = checked.map((assignment) => assignment.week).sort();
    const others = await repo.listAssignmentsOfUsers(tx, actor.workspaceId, [...new Set(checked.map((a) => a.user_id))], {
      from: addDays(weeks[0], -7),
      to: addDays(weeks[weeks.length - 1], 7),
    });
    const shifts = await repo.listShifts(tx, actor.workspaceId);
    const patterns = new Map(shifts.map((row) => [row.id, patternOf(row)]));
    patterns.set(checked[0].shift_id, patternOfChecked);
    const clash = findDoubleBooking(checked, others, patterns);
    if (clash) {
      const names = await staffById(actor);
      const otherShift = shifts.find((row) => row.id === clash.other.shift_id)?.name ?? 'another shift';
      throw conflict(`${names.get(clash.mine.user_id)?.name ?? 'An agent'} would be on “${shiftName}” and “${otherShift}” at once (week of ${clash.mine.week})`, {
        userIds: 'on two shifts at once',
      });
    }
  }

  async function mutate<T>(actor: Actor, action: string, targetId: string | undefined, work: (tx: Executor, now: Date) => Promise<T>, details?: (value: T) => Record<string, unknown>) {
    return db.transaction().execute(async (tx) => {
      const now = clock.now();
      const value = await work(tx, now);
      await auditByActor(tx, actor, { action, targetType: 'wfm', targetId, details: details?.(value) }, now);
      return value;
    });
  }

  return {
    listShifts: async (actor: Actor) => (await repo.listShifts(db, actor.workspaceId)).map(toShift),

    createShift: (actor: Actor, body: CreateShiftBody) =>
      mutate(actor, 'wfm.shift_created', undefined, async (tx, now) => {
        checkPattern(body);
        const name = body.name.trim();
        if (await repo.findShiftByName(tx, actor.workspaceId, name)) throw conflict(`A shift named “${name}” exists`, { name: 'already in use' });
        if ((await repo.countShifts(tx, actor.workspaceId)) >= MAX_SHIFTS) throw invalid(`A workspace has at most ${MAX_SHIFTS} shifts`, { name: 'too many shifts' });
        const row: ShiftTable = {
          id: newId(),
          workspace_id: actor.workspaceId,
          name,
          days: JSON.stringify(body.days),
          start_time: body.start,
          end_time: body.end,
          channels: JSON.stringify(body.channels),
          created_at: now.getTime(),
          updated_at: now.getTime(),
        };
        await repo.insertShift(tx, row);
        return toShift(row);
      }, (shift) => ({ shiftId: shift.id, name: shift.name })),

    updateShift: (actor: Actor, id: string, body: UpdateShiftBody) =>
      mutate(actor, 'wfm.shift_changed', id, async (tx, now) => {
        const row = await repo.findShift(tx, actor.workspaceId, id);
        if (!row) throw notFound('Shift');
        const pattern: ShiftPattern = { days: body.days ?? JSON.parse(row.days), start: body.start ?? row.start_time, end: body.end ?? row.end_time };
        checkPattern(pattern);
        const name = body.name?.trim() ?? row.name;
        const named = await repo.findShiftByName(tx, actor.workspaceId, name);
        if (named && named.id !== id) throw conflict(`A shift named “${name}” exists`, { name: 'already in use' });
        // New times must not double-book the agents already on it from this week on.
        if (body.days || body.start || body.end) {
          const thisWeek = weekOf(await staffing.today(actor.workspaceId));
          await checkDoubleBooking(tx, actor, await repo.listAssignmentsOfShift(tx, actor.workspaceId, id, thisWeek), pattern, name);
        }
        const changes: Partial<ShiftTable> = {
          name,
          days: JSON.stringify(pattern.days),
          start_time: pattern.start,
          end_time: pattern.end,
          channels: body.channels ? JSON.stringify(body.channels) : row.channels,
          updated_at: now.getTime(),
        };
        await repo.updateShift(tx, actor.workspaceId, id, changes);
        return toShift({ ...row, ...changes });
      }, () => ({ changed: Object.keys(body) })),

    deleteShift: (actor: Actor, id: string) =>
      mutate(actor, 'wfm.shift_deleted', id, async (tx) => {
        const deleted = await repo.deleteShift(tx, actor.workspaceId, id);
        if (Number(deleted.numDeletedRows) === 0) throw notFound('Shift');
      }),

    /** Sets who works a shift in a week (replacing the list); an agent cannot be on two shifts at once. */
    assignAgents: (actor: Actor, id: string, week: string, body: AssignAgentsBody) =>
      mutate(actor, 'wfm.shift_assigned', id, async (tx, now) => {
        checkWeek(week);
        const row = await repo.findShift(tx, actor.workspaceId, id);
        if (!row) throw notFound('Shift');
        const staff = await staffById(actor);
        const unknown = body.userIds.find((userId) => {
          const member = staff.get(userId);
          return !member?.isActive || member.role === 'read-only';
        });
        if (unknown) throw invalid('Only active staff who take tickets can be put on a shift', { userIds: `${unknown} is not an active agent of this workspace` });
        await checkDoubleBooking(tx, actor, body.userIds.map((userId) => ({ shift_id: id, week, user_id: userId })), patternOf(row), row.name);
        await repo.replaceAssignments(tx, actor.workspaceId, id, week, body.userIds, now.getTime());
        return { shiftId: id, week, userIds: body.userIds };
      }, (value) => ({ week: value.week, userIds: value.userIds })),

    async listAbsences(actor: Actor, query: AbsenceQuery) {
      const limit = pageLimit(query.limit);
      const rows = await repo.listAbsencePage(db, actor.workspaceId, query, limit, decodeCursor(query.cursor));
      return toPage(rows, limit, (row): Absence => ({
        id: row.id,
        userId: row.user_id,
        userName: row.user_name,
        fromDay: row.from_day,
        toDay: row.to_day,
        reason: row.reason as Absence['reason'],
        note: row.note,
        createdAt: new Date(row.created_at).toISOString(),
      }), (row) => ({ value: row.to_day, id: row.id }));
    },

    createAbsence: (actor: Actor, body: CreateAbsenceBody) =>
      mutate(actor, 'wfm.absence_created', undefined, async (tx, now): Promise<Absence> => {
        const member = (await staffById(actor)).get(body.userId);
        if (!member) throw invalid('No such staff user in this workspace', { userId: 'unknown user' });
        for (const field of ['fromDay', 'toDay'] as const) {
          if (Number.isNaN(Date.parse(`${body[field]}T00:00:00Z`)) || new Date(`${body[field]}T00:00:00Z`).toISOString().slice(0, 10) !== body[field]) {
            throw invalid(`${field} must be a real date like 2026-06-01`, { [field]: 'not a date' });
          }
        }
        if (body.toDay < body.fromDay) throw invalid('An absence cannot end before it starts', { toDay: 'before fromDay' });
        if (Date.parse(body.toDay) - Date.parse(body.fromDay) >= MAX_ABSENCE_DAYS * 86_400_000) {
          throw invalid(`An absence covers at most ${MAX_ABSENCE_DAYS} days; enter a longer one in parts`, { toDay: 'too far from fromDay' });
        }
        const row = { id: newId(), workspace_id: actor.workspaceId, user_id: body.userId, from_day: body.fromDay, to_day: body.toDay, reason: body.reason, note: body.note?.trim() || null, created_at: now.getTime() };
        await repo.insertAbsence(tx, row);
        return { id: row.id, userId: row.user_id, userName: member.name, fromDay: row.from_day, toDay: row.to_day, reason: body.reason, note: row.note, createdAt: now.toISOString() };
      }, (absence) => ({ absenceId: absence.id, userId: absence.userId, fromDay: absence.fromDay, toDay: absence.toDay })),

    deleteAbsence: (actor: Actor, id: string) =>
      mutate(actor, 'wfm.absence_deleted', id, async (tx) => {
        const deleted = await repo.deleteAbsence(tx, actor.workspaceId, id);
        if (Number(deleted.numDeletedRows) === 0) throw notFound('Absence');
      }),

    /** A week's shifts with who works them, the two-seniors check per day, and scheduled against required per local hour. */
    async schedule(actor: Actor, week: string): Promise<Schedule> {
      checkWeek(week);
      const [timeZone, today] = await Promise.all([deps.timeZone(actor.workspaceId), staffing.today(actor.workspaceId)]);
      const lastDay = addDays(week, 6);
      // The forecast reaches 28 days from today: a week outside it is planned without one.
      const isForecast = lastDay >= today && week < addDays(today, HORIZON_DAYS);
      const [shifts, roster, staff, skills, plan] = await Promise.all([
        repo.listShifts(db, actor.workspaceId),
        loadRoster(db, actor.workspaceId, timeZone, { from: week, to: lastDay }),
        staffById(actor),
        deps.skills(actor),
        isForecast ? staffing.planFull(actor) : undefined,
      ]);
      const isSenior = (userId: string) => staff.get(userId)?.isSenior ?? false;
      const scheduledShifts = shifts.map((row) => {
        const days = roster.filter((day) => day.shiftId === row.id && day.day >= week && day.day <= lastDay);
        const userIds = [...new Set(days.flatMap((day) => [...day.userIds, ...day.absentUserIds]))];
        const instances = shiftInstances(patternOf(row), week, timeZone).map(
          (instance) => days.find((day) => day.day === instance.day) ?? { ...instance, userIds: [], absentUserIds: [] },
        );
        const coverage = seniorCoverage(instances, isSenior);
        return {
          ...toShift(row),
          agents: userIds
            .map((userId) => ({
              userId,
              name: staff.get(userId)?.name ?? '',
              isSenior: isSenior(userId),
              skills: skills.get(userId) ?? [],
              absentDays: days.filter((day) => day.absentUserIds.includes(userId)).map((day) => day.day),
            }))
            .sort((a, b) => Number(b.isSenior) - Number(a.isSenior) || a.name.localeCompare(b.name)),
          byDay: instances.map((instance, index) => ({ ...coverage[index], start: new Date(instance.start).toISOString(), end: new Date(instance.end).toISOString() })),
          hasTooFewSeniors: coverage.some((day) => day.hasTooFewSeniors),
        };
      });
      const planned = new Map((plan?.intervals ?? []).map((interval) => [interval.at, interval]));
      const intervals = localHours(timeZone, week, 7).map((hour) => {
        const scheduled = roster.reduce((sum, day) => sum + day.userIds.length * coverageOf(day, hour.start, hour.end), 0);
        const required = planned.get(hour.start)?.required ?? null;
        return {
          at: new Date(hour.start).toISOString(),
          day: hour.day,
          hour: hour.hour,
          scheduled,
          required,
          gap: required === null ? null : scheduled - required,
          staffing: plan === undefined || required === null ? null : staffingOf(required, scheduled, plan.settings.buffer),
        };
      });
      return {
        week,
        timeZone,
        shifts: scheduledShifts,
        intervals,
        warnings: {
          shiftsWithTooFewSeniors: scheduledShifts.filter((shift) => shift.hasTooFewSeniors).length,
          understaffedIntervals: intervals.filter((interval) => interval.staffing === 'under').length,
          overstaffedIntervals: intervals.filter((interval) => interval.staffing === 'over').length,
        },
      };
    },

    /** The actor's own shift days for `weeks` weeks from the week `from` (this week by default), with colleagues. */
    async myShifts(actor: Actor, query: { from?: string; weeks?: number }): Promise<MyShifts> {
      const from = query.from ?? weekOf(await staffing.today(actor.workspaceId));
      checkWeek(from);
      const weeks = Math.min(query.weeks ?? 4, MAX_MY_WEEKS);
      const timeZone = await deps.timeZone(actor.workspaceId);
      const to = addDays(from, 7 * weeks - 1);
      const [shifts, roster, staff] = await Promise.all([
        repo.listShifts(db, actor.workspaceId),
        loadRoster(db, actor.workspaceId, timeZone, { from, to }),
        staffById(actor),
      ]);
      const shiftsById = new Map(shifts.map((row) => [row.id, row]));
      return {
        timeZone,
        from,
        weeks,
        shifts: roster
          .filter((day) => day.day >= from && day.day <= to && (day.userIds.includes(actor.userId) || day.absentUserIds.includes(actor.userId)))
          .sort((a, b) => a.start - b.start)
          .map((day) => {
            const shift = shiftsById.get(day.shiftId) as ShiftTable;
            return {
              shiftId: day.shiftId,
              name: shift.name,
              day: day.day,
              start: new Date(day.start).toISOString(),
              end: new Date(day.end).toISOString(),
              localStart: shift.start_time,
              localEnd: shift.end_time,
              channels: day.channels as MyShifts['shifts'][number]['channels'],
              absent: day.absentUserIds.includes(actor.userId),
              colleagues: day.userIds
                .filter((userId) => userId !== actor.userId)
                .map((userId) => ({ name: staff.get(userId)?.name ?? '', isSenior: staff.get(userId)?.isSenior ?? false }))
                .sort((a, b) => a.name.localeCompare(b.name)),
            };
          }),
      };
    },
  };
}

export type ScheduleService = ReturnType<typeof createScheduleService>;
