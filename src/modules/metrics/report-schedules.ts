import type { Executor, ReportScheduleTable } from '../../db/types.ts';
import { type Actor, systemActor } from '../../lib/actor.ts';
import { invalid, notFound } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { createPollingLoop } from '../../lib/polling-loop.ts';
import type { ServiceContext } from '../../lib/service-context.ts';
import { auditByActor } from '../audit/service.ts';
import { type EmailAttachment, queueStandaloneEmail } from '../email/outbound.ts';
import { offsetAt } from '../sla/business-hours.ts';
import { renderReportText } from './report-document.ts';
import { lastWholePeriod, latestOccurrence, type ReportPreset, type Weekday } from './report-periods.ts';
import type { CreateReportScheduleBody, ReportSchedule, UpdateReportScheduleBody } from './schedule-schema.ts';
import type { ServiceReport } from './service-report.ts';

// Scheduled e-mail of a service report. Supervisors and admins keep the schedules; a background
// duty sends each due one — the report of the last whole period as a PDF attachment with its
// figures in the text — to every recipient through the outbound mail queue. A period goes out
// once: its report_delivery row and the queued mail commit together, and the row's primary key
// (schedule, period) refuses a second one, across restarts and processes.

export interface ReportScheduleDeps {
  serviceReport: ServiceReport;
  settings(workspaceId: string): Promise<{ timezone: string; name: string }>;
  users(actor: Actor): Promise<Array<{ id: string; email: string; name: string; isActive: boolean }>>;
}

const toSchedule = (row: ReportScheduleTable, delivery?: { period_from: string; period_to: string; queued_at: number; recipients: number }): ReportSchedule => {
  const filter = JSON.parse(row.filter) as { channel?: string; teamId?: string };
  return {
    id: row.id,
    name: row.name,
    preset: row.preset as ReportPreset,
    weekday: row.weekday as Weekday,
    time: row.time,
    recipientUserIds: JSON.parse(row.recipient_user_ids),
    recipientEmails: JSON.parse(row.recipient_emails),
    channel: filter.channel ?? null,
    teamId: filter.teamId ?? null,
    isActive: row.is_active === 1,
    createdBy: row.created_by,
    createdAt: new Date(Number(row.created_at)).toISOString(),
    updatedAt: new Date(Number(row.updated_at)).toISOString(),
    lastSent: delivery
      ? { from: delivery.period_from, to: delivery.period_to, queuedAt: new Date(Number(delivery.queued_at)).toISOString(), recipients: Number(delivery.recipients) }
      : null,
  };
};

const latestDeliveries = async (db: Executor, scheduleIds: string[]) => {
  if (scheduleIds.length === 0) return new Map<string, { period_from: string; period_to: string; queued_at: number; recipients: number }>();
  const rows = await db.selectFrom('report_delivery').selectAll().where('schedule_id', 'in', scheduleIds).orderBy('queued_at').execute();
  return new Map(rows.map((row) => [row.schedule_id, row]));
};

export function createReportScheduleService({ db, clock }: ServiceContext, deps: ReportScheduleDeps) {
  async function checkRecipients(actor: Actor, body: { recipientUserIds: string[]; recipientEmails: string[] }) {
    if (body.recipientUserIds.length + body.recipientEmails.length === 0) {
      throw invalid('A schedule needs at least one recipient', { recipientUserIds: 'no recipient', recipientEmails: 'no recipient' });
    }
    const staff = new Map((await deps.users(actor)).map((user) => [user.id, user]));
    const unknown = body.recipientUserIds.find((id) => !staff.get(id)?.isActive);
    if (unknown) throw invalid(`No active staff user ${unknown} in this workspace`, { recipientUserIds: `unknown user ${unknown}` });
  }

  async function findRow(tx: Executor, actor: Actor, id: string) {
    const row = await tx.selectFrom('report_schedule').selectAll().where('workspace_id', '=', actor.workspaceId).where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound('Report schedule');
    return row;
  }

  const filterOf = (body: { channel?: string | null; teamId?: string | null }) =>
    JSON.stringify({ ...(body.channel ? { channel: body.channel } : {}), ...(body.teamId != null ? { teamId: body.teamId } : {}) });

  /** Sends one schedule's report for `period` unless it went out already; returns whether it was queued now. */
  async function deliver(row: ReportScheduleTable, period: { from: string; to: string }) {
    const actor = systemActor(row.workspace_id);
    const filter = JSON.parse(row.filter) as { channel?: string; teamId?: string };
    const { fileName, content, document } = await deps.serviceReport.pdf(actor, { ...period, ...filter }, row.preset as ReportPreset);
    const staff = new Map((await deps.users(actor)).map((user) => [user.id, user]));
    const recipients = [
      ...(JSON.parse(row.recipient_user_ids) as string[]).flatMap((id) => {
        const user = staff.get(id);
        return user?.isActive ? [{ name: user.name, address: user.email }] : [];
      }),
      ...(JSON.parse(row.recipient_emails) as string[]).map((address) => ({ address })),
    ];
    const attachment: EmailAttachment = { filename: fileName, contentType: 'application/pdf', content };
    const now = clock.now().getTime();
    return db.transaction().execute(async (tx) => {
      const inserted = await tx
        .insertInto('report_delivery')
        .values({ schedule_id: row.id, period_from: period.from, period_to: period.to, workspace_id: row.workspace_id, recipients: recipients.length, queued_at: now })
        .onConflict((oc) => oc.columns(['schedule_id', 'period_from']).doNothing())
        .executeTakeFirst();
      if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) return false;
      const text = `${renderReportText(document)}\nThe full report is attached as a PDF. This e-mail was sent by the report schedule "${row.name}".\n`;
      for (const to of recipients) {
        await queueStandaloneEmail(tx, { workspaceId: row.workspace_id, kind: 'report', to, subject: `${document.title} (${period.from} – ${period.to})`, text, attachments: [attachment] }, now);
      }
      return true;
    });
  }

  return {
    async list(actor: Actor): Promise<ReportSchedule[]> {
      const rows = await db.selectFrom('report_schedule').selectAll().where('workspace_id', '=', actor.workspaceId).orderBy('name').orderBy('id').limit(500).execute();
      const deliveries = await latestDeliveries(db, rows.map((row) => row.id));
      return rows.map((row) => toSchedule(row, deliveries.get(row.id)));
    },

    async get(actor: Actor, id: string): Promise<ReportSchedule> {
      const row = await findRow(db, actor, id);
      return toSchedule(row, (await latestDeliveries(db, [id])).get(id));
    },

    async create(actor: Actor, body: CreateReportScheduleBody): Promise<ReportSchedule> {
      const recipients = { recipientUserIds: body.recipientUserIds ?? [], recipientEmails: (body.recipientEmails ?? []).map((email) => email.trim().toLowerCase()) };
      await checkRecipients(actor, recipients);
      const now = clock.now().getTime();
      const row: ReportScheduleTable = {
        id: newId(),
        workspace_id: actor.workspaceId,
        name: body.name.trim(),
        preset: body.preset,
        weekday: body.weekday,
        time: body.time,
        recipient_user_ids: JSON.stringify(recipients.recipientUserIds),
        recipient_emails: JSON.stringify(recipients.recipientEmails),
        filter: filterOf(body),
        is_active: body.isActive === false ? 0 : 1,
        created_by: actor.userId,
        created_at: now,
        updated_at: now,
      };
      await db.transaction().execute(async (tx) => {
        await tx.insertInto('report_schedule').values(row).execute();
        await auditByActor(tx, actor, { action: 'report_schedule.created', targetType: 'report_schedule', targetId: row.id, details: { name: row.name, preset: row.preset } }, new Date(now));
      });
      return toSchedule(row);
    },

    async update(actor: Actor, id: string, body: UpdateReportScheduleBody): Promise<ReportSchedule> {
      const current = toSchedule(await findRow(db, actor, id));
      const next = { ...current, ...Object.fromEntries(Object.entries(body).filter(([, value]) => value !== undefined)) } as ReportSchedule;
      next.recipientEmails = next.recipientEmails.map((email) => email.trim().toLowerCase());
      await checkRecipients(actor, next);
      const now = clock.now().getTime();
      await db.transaction().execute(async (tx) => {
        await tx
          .updateTable('report_schedule')
          .set({
            name: next.name.trim(),
            preset: next.preset,
            weekday: next.weekday,
            time: next.time,
            recipient_user_ids: JSON.stringify(next.recipientUserIds),
            recipient_emails: JSON.stringify(next.recipientEmails),
            filter: filterOf(next),
            is_active: next.isActive ? 1 : 0,
            updated_at: now,
          })
          .where('workspace_id', '=', actor.workspaceId)
          .where('id', '=', id)
          .execute();
        await auditByActor(tx, actor, { action: 'report_schedule.updated', targetType: 'report_schedule', targetId: id, details: { fields: Object.keys(body) } }, new Date(now));
      });
      return this.get(actor, id);
    },

    async remove(actor: Actor, id: string): Promise<void> {
      await findRow(db, actor, id);
      await db.transaction().execute(async (tx) => {
        await tx.deleteFrom('report_schedule').where('workspace_id', '=', actor.workspaceId).where('id', '=', id).execute();
        await auditByActor(tx, actor, { action: 'report_schedule.deleted', targetType: 'report_schedule', targetId: id, details: {} }, clock.now());
      });
    },

    /**
     * The duty: every active schedule whose latest sending moment has passed (and came after the
     * schedule was made) gets the report of the last whole period before that moment, unless that
     * period went out already. At most `limit` reports per run; returns how many were queued.
     */
    async sendDue(limit = 10): Promise<number> {
      const now = clock.now().getTime();
      const rows = await db.selectFrom('report_schedule').selectAll().where('is_active', '=', 1).orderBy('id').limit(1000).execute();
      const zones = new Map<string, string>();
      const due: Array<{ row: ReportScheduleTable; period: { from: string; to: string } }> = [];
      for (const row of rows) {
        if (!zones.has(row.workspace_id)) zones.set(row.workspace_id, (await deps.settings(row.workspace_id)).timezone);
        const zone = zones.get(row.workspace_id) as string;
        const occurrence = latestOccurrence({ preset: row.preset as ReportPreset, weekday: row.weekday as Weekday, time: row.time }, now + offsetAt(zone, now));
        const createdLocal = Number(row.created_at) + offsetAt(zone, Number(row.created_at));
        if (occurrence.localMs < createdLocal) continue;
        due.push({ row, period: lastWholePeriod(row.preset as ReportPreset, occurrence.day) });
      }
      const sent = due.length
        ? await db
            .selectFrom('report_delivery')
            .select(['schedule_id', 'period_from'])
            .where('schedule_id', 'in', due.map(({ row }) => row.id))
            .where('period_from', 'in', [...new Set(due.map(({ period }) => period.from))])
            .execute()
        : [];
      const done = new Set(sent.map((row) => `${row.schedule_id} ${row.period_from}`));
      let queued = 0;
      for (const { row, period } of due) {
        if (queued >= limit) break;
        if (done.has(`${row.id} ${period.from}`)) continue;
        if (await deliver(row, period)) queued += 1;
      }
      return queued;
    },
  };
}

export type ReportScheduleService = ReturnType<typeof createReportScheduleService>;

/** The background loop that sends due scheduled reports (a minute between looks). */
export function createReportScheduler(options: { schedules: ReportScheduleService; logger?: { error(object: unknown, message: string): void }; pollMs?: number }) {
  const loop = createPollingLoop({ name: 'report scheduler', runOnce: () => options.schedules.sendDue(), intervalMs: options.pollMs ?? 60_000, logger: options.logger });
  return { drain: loop.drain, start: loop.start, stop: loop.stop };
}
