import { Type } from '@sinclair/typebox';
import { access } from '../../lib/actor.ts';
import { type App, actorOf } from '../../lib/route-kit.ts';
import { IdParams } from '../../lib/schema.ts';
import type { ReportScheduleService } from './report-schedules.ts';
import { CreateReportScheduleBody, ReportSchedule, UpdateReportScheduleBody } from './schedule-schema.ts';

export async function reportScheduleRoutes(app: App, { reportSchedules }: { reportSchedules: ReportScheduleService }) {
  const tags = ['reports'];
  app.get('/api/v1/report-schedules', {
    config: { access: access.manage },
    schema: { tags, summary: 'Scheduled e-mails of a service report, by name, each with the last period sent', response: { 200: Type.Object({ items: Type.Array(ReportSchedule) }) } },
  }, async (request) => ({ items: await reportSchedules.list(actorOf(request)) }));

  app.post('/api/v1/report-schedules', {
    config: { access: access.manage },
    schema: { tags, summary: 'Schedule a weekly, monthly or quarterly report to staff users and other addresses', body: CreateReportScheduleBody, response: { 201: ReportSchedule } },
  }, async (request, reply) => reply.code(201).send(await reportSchedules.create(actorOf(request), request.body)));

  app.get('/api/v1/report-schedules/:id', {
    config: { access: access.manage },
    schema: { tags, summary: 'One report schedule', params: IdParams, response: { 200: ReportSchedule } },
  }, async (request) => reportSchedules.get(actorOf(request), request.params.id));

  app.patch('/api/v1/report-schedules/:id', {
    config: { access: access.manage },
    schema: { tags, summary: 'Change a report schedule (what is sent, to whom, when; or pause it)', params: IdParams, body: UpdateReportScheduleBody, response: { 200: ReportSchedule } },
  }, async (request) => reportSchedules.update(actorOf(request), request.params.id, request.body));

  app.delete('/api/v1/report-schedules/:id', {
    config: { access: access.manage },
    schema: { tags, summary: 'Delete a report schedule', params: IdParams, response: { 204: Type.Null() } },
  }, async (request, reply) => {
    await reportSchedules.remove(actorOf(request), request.params.id);
    return reply.code(204).send(null);
  });
}
