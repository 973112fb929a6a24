import { Type } from '@sinclair/typebox';
import { access } from '../../lib/actor.ts';
import { IdParams } from '../../lib/schema.ts';
import { type App, actorOf } from '../../lib/route-kit.ts';
import type { ScheduleService } from './schedule-service.ts';
import {
  Absence,
  AbsencePage,
  AbsenceQuery,
  AssignAgentsBody,
  CreateAbsenceBody,
  CreateShiftBody,
  MyShifts,
  Schedule,
  Shift,
  ShiftWeekParams,
  UpdateShiftBody,
  Week,
} from './schema.ts';

// Shifts, who works them week by week, absences and the schedule: supervisors and admins plan; every
// agent sees their own shifts.
export async function scheduleRoutes(app: App, { schedules }: { schedules: ScheduleService }) {
  const tags = ['wfm'];

  app.get('/api/v1/wfm/shifts', {
    config: { access: access.manage },
    schema: { tags, summary: 'The workspace’s shifts, by name', response: { 200: Type.Object({ items: Type.Array(Shift) }) } },
  }, async (request) => ({ items: await schedules.listShifts(actorOf(request)) }));

  app.post('/api/v1/wfm/shifts', {
    config: { access: access.manage },
    schema: { tags, summary: 'Add a shift: its days, local start and end, channels (audited)', body: CreateShiftBody, response: { 201: Shift } },
  }, async (request, reply) => reply.code(201).send(await schedules.createShift(actorOf(request), request.body)));

  app.patch('/api/v1/wfm/shifts/:id', {
    config: { access: access.manage },
    schema: { tags, summary: 'Change a shift (audited); new times must not put its agents on two shifts at once', params: IdParams, body: UpdateShiftBody, response: { 200: Shift } },
  }, async (request) => schedules.updateShift(actorOf(request), request.params.id, request.body));

  app.delete('/api/v1/wfm/shifts/:id', {
    config: { access: access.manage },
    schema: { tags, summary: 'Remove a shift and its assignments (audited)', params: IdParams, response: { 204: Type.Null() } },
  }, async (request, reply) => {
    await schedules.deleteShift(actorOf(request), request.params.id);
    return reply.code(204).send(null);
  });

  app.put('/api/v1/wfm/shifts/:id/weeks/:week/agents', {
    config: { access: access.manage },
    schema: {
      tags,
      summary: 'Set who works the shift in the week of the given Monday (replaces the list; audited); 409 when an agent would be on two shifts at once',
      params: ShiftWeekParams,
      body: AssignAgentsBody,
      response: { 200: Type.Object({ shiftId: Type.String(), week: Week, userIds: Type.Array(Type.String()) }) },
    },
  }, async (request) => schedules.assignAgents(actorOf(request), request.params.id, request.params.week, request.body));

  app.get('/api/v1/wfm/schedule', {
    config: { access: access.manage },
    schema: {
      tags,
      summary: 'A week’s schedule: shifts with their agents (seniority, skills, absences), shifts with fewer than two seniors, scheduled against required per local hour',
      querystring: Type.Object({ week: Week }),
      response: { 200: Schedule },
    },
  }, async (request) => schedules.schedule(actorOf(request), request.query.week));

  app.get('/api/v1/wfm/my-shifts', {
    config: { access: access.work },
    schema: {
      tags,
      summary: 'Your own shifts, week by week from this week (or `from`), with who works them with you',
      querystring: Type.Object({ from: Type.Optional(Week), weeks: Type.Optional(Type.Integer({ minimum: 1, maximum: 8, default: 4 })) }),
      response: { 200: MyShifts },
    },
  }, async (request) => schedules.myShifts(actorOf(request), request.query));

  app.get('/api/v1/wfm/absences', {
    config: { access: access.manage },
    schema: { tags, summary: 'Absences by last day (ending on or after `from`), per agent with `userId`', querystring: AbsenceQuery, response: { 200: AbsencePage } },
  }, async (request) => schedules.listAbsences(actorOf(request), request.query));

  app.post('/api/v1/wfm/absences', {
    config: { access: access.manage },
    schema: { tags, summary: 'Record days an agent is away (local dates, both included; audited)', body: CreateAbsenceBody, response: { 201: Absence } },
  }, async (request, reply) => reply.code(201).send(await schedules.createAbsence(actorOf(request), request.body)));

  app.delete('/api/v1/wfm/absences/:id', {
    config: { access: access.manage },
    schema: { tags, summary: 'Remove an absence (audited)', params: IdParams, response: { 204: Type.Null() } },
  }, async (request, reply) => {
    await schedules.deleteAbsence(actorOf(request), request.params.id);
    return reply.code(204).send(null);
  });
}
