import type { Kysely } from 'kysely';

// Frozen once released: later changes go into new migrations.
// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the evolving Database type.
export async function up(db: Kysely<any>) {
  // Work time recorded with a reply, a note or a logged call: the ground of average handle time.
  await db.schema.alterTable('message').addColumn('time_spent_seconds', 'integer').execute();

  // Tickets whose metrics are out of date: written in the use case's own transaction whenever it
  // records a ticket or message event, taken in slices by the metrics projector (each slice one
  // transaction: its rows are locked, SKIP LOCKED on PostgreSQL, measured and removed together).
  await db.schema
    .createTable('metric_refresh')
    .addColumn('ticket_id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('due_since', 'bigint', (c) => c.notNull())
    // Counts the marks: a slice removes the row only if no mark came while it was measuring.
    .addColumn('generation', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('metric_refresh_due').on('metric_refresh').columns(['due_since', 'ticket_id']).execute();

  // A re-measure walks a workspace's tickets in id order.
  await db.schema.createIndex('ticket_workspace_id').on('ticket').columns(['workspace_id', 'id']).execute();

  // A workspace whose every ticket must be measured again (a calendar or policy changed): the
  // projector walks its tickets by id from `after_id`, a slice at a time, so a restart resumes.
  await db.schema
    .createTable('metric_rebuild')
    .addColumn('workspace_id', 'text', (c) => c.primaryKey())
    .addColumn('requested_at', 'bigint', (c) => c.notNull())
    .addColumn('after_id', 'text', (c) => c.notNull().defaultTo(''))
    .execute();

  // One row per ticket: what the metric engine measured, and the rollup keys it was counted under
  // (so a change moves exactly its old contribution out and its new one in).
  await db.schema
    .createTable('ticket_metric')
    .addColumn('ticket_id', 'text', (c) => c.primaryKey().references('ticket.id').onDelete('cascade'))
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('created_day', 'text', (c) => c.notNull())
    .addColumn('created_hour', 'integer', (c) => c.notNull())
    .addColumn('first_resolved_day', 'text')
    .addColumn('solved_day', 'text')
    .addColumn('team_id', 'text', (c) => c.notNull())
    .addColumn('agent_id', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('priority', 'text', (c) => c.notNull())
    .addColumn('tier', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('first_reply_calendar_ms', 'bigint')
    .addColumn('first_reply_business_ms', 'bigint')
    .addColumn('first_resolution_calendar_ms', 'bigint')
    .addColumn('first_resolution_business_ms', 'bigint')
    .addColumn('full_resolution_calendar_ms', 'bigint')
    .addColumn('full_resolution_business_ms', 'bigint')
    .addColumn('requester_wait_calendar_ms', 'bigint', (c) => c.notNull())
    .addColumn('requester_wait_business_ms', 'bigint', (c) => c.notNull())
    .addColumn('agent_wait_calendar_ms', 'bigint', (c) => c.notNull())
    .addColumn('agent_wait_business_ms', 'bigint', (c) => c.notNull())
    .addColumn('agent_replies', 'integer', (c) => c.notNull())
    .addColumn('reopens', 'integer', (c) => c.notNull())
    .addColumn('one_touch', 'integer', (c) => c.notNull())
    // Work time recorded on the ticket's messages (the composer's "time spent").
    .addColumn('handle_seconds', 'bigint', (c) => c.notNull())
    // Escalated beyond the first tier at any time (tiers only go up).
    .addColumn('escalated', 'integer', (c) => c.notNull())
    // Each SLA clock once decided: 'met' or 'breached', and the local day it was decided on.
    .addColumn('sla_acknowledgement', 'text')
    .addColumn('sla_acknowledgement_day', 'text')
    .addColumn('sla_first_response', 'text')
    .addColumn('sla_first_response_day', 'text')
    .addColumn('sla_next_response', 'text')
    .addColumn('sla_next_response_day', 'text')
    .addColumn('sla_resolution', 'text')
    .addColumn('sla_resolution_day', 'text')
    // The ticket's CSAT answer (1–5) and CES (1–7), counted on the local day first answered.
    .addColumn('csat_score', 'integer')
    .addColumn('ces_score', 'integer')
    .addColumn('csat_day', 'text')
    .addColumn('measured_at', 'bigint', (c) => c.notNull())
    .execute();
  // Drill-down from a rollup figure to its tickets, by each day a ticket counts on.
  const days = ['created_day', 'first_resolved_day', 'solved_day', 'sla_acknowledgement_day', 'sla_first_response_day', 'sla_next_response_day', 'sla_resolution_day', 'csat_day'];
  for (const day of days) {
    await db.schema.createIndex(`ticket_metric_${day}`).on('ticket_metric').columns(['workspace_id', day, 'ticket_id']).execute();
  }

  // Sums and counts per local day × team × agent × channel × priority × tier: what dashboards and
  // reports read, so they never scan tickets. '' stands for "none" (no team, unassigned).
  await db.schema
    .createTable('metric_rollup')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('team_id', 'text', (c) => c.notNull())
    .addColumn('agent_id', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('priority', 'text', (c) => c.notNull())
    .addColumn('tier', 'text', (c) => c.notNull())
    .addColumn('created', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('first_replied', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('first_reply_calendar_ms', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('first_reply_business_ms', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('first_resolved', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('first_resolution_calendar_ms', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('first_resolution_business_ms', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('reopened', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('solved', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('one_touch', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('full_resolution_calendar_ms', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('full_resolution_business_ms', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('requester_wait_calendar_ms', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('requester_wait_business_ms', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('agent_wait_calendar_ms', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('agent_wait_business_ms', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('agent_replies', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('escalated', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('handled', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('handle_seconds', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('sla_acknowledgement_due', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('sla_acknowledgement_met', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('sla_first_response_due', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('sla_first_response_met', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('sla_next_response_due', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('sla_next_response_met', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('sla_resolution_due', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('sla_resolution_met', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('csat_answers', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('csat_satisfied', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('csat_score_sum', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('ces_answers', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('ces_score_sum', 'bigint', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('metric_rollup_pk', ['workspace_id', 'day', 'team_id', 'agent_id', 'channel', 'priority', 'tier'])
    .execute();

  // New tickets per local day × hour × channel: volume by hour of day and weekday, and the history
  // the staffing forecast reads.
  await db.schema
    .createTable('metric_volume')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('hour', 'integer', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('created', 'bigint', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('metric_volume_pk', ['workspace_id', 'day', 'hour', 'channel'])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see above.
export async function down(db: Kysely<any>) {
  await db.schema.dropIndex('ticket_workspace_id').execute();
  await db.schema.alterTable('message').dropColumn('time_spent_seconds').execute();
  for (const table of ['metric_volume', 'metric_rollup', 'ticket_metric', 'metric_rebuild', 'metric_refresh']) await db.schema.dropTable(table).execute();
}
