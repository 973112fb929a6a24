import type { Generated, Kysely, Transaction } from 'kysely';

/**
 * Column conventions shared by both dialects (see docs/decisions/0002-portable-columns.md):
 * timestamps are epoch milliseconds (bigint), flags are 0/1 integers, structured values are JSON text.
 */
type Millis = number;
type Flag = number;
type JsonText = string;

export interface WorkspaceTable {
  id: string;
  name: string;
  timezone: string;
  ticket_seq: number;
  settings: JsonText;
  created_at: Millis;
  updated_at: Millis;
}

export interface StaffUserTable {
  id: string;
  workspace_id: string;
  email: string;
  name: string;
  role: string;
  password_hash: string | null;
  is_active: Flag;
  /** Counts towards the two senior agents every shift needs. */
  is_senior: Flag;
  created_at: Millis;
  updated_at: Millis;
  last_login_at: Millis | null;
}

export interface TeamTable {
  id: string;
  workspace_id: string;
  name: string;
  description: string | null;
  created_at: Millis;
  updated_at: Millis;
}

export interface TeamMemberTable {
  workspace_id: string;
  team_id: string;
  user_id: string;
  created_at: Millis;
}

export interface OrganisationTable {
  id: string;
  workspace_id: string;
  name: string;
  tier: string;
  account_manager_id: string | null;
  domains: JsonText;
  notes: string | null;
  attributes: JsonText;
  created_at: Millis;
  updated_at: Millis;
}

export interface OrganisationDomainTable {
  workspace_id: string;
  domain: string;
  organisation_id: string;
}

export interface ContactTable {
  id: string;
  workspace_id: string;
  name: string;
  organisation_id: string | null;
  tier: string;
  language: string | null;
  timezone: string | null;
  emails: JsonText;
  phones: JsonText;
  consent: JsonText;
  attributes: JsonText;
  created_at: Millis;
  updated_at: Millis;
  /** When the retention job removed the contact's personal data (optional so older writers need not set it). */
  anonymised_at?: Millis | null;
}

/** A word of a contact's name or one of their email addresses, folded, for search as you type. */
export interface ContactSearchTermTable {
  workspace_id: string;
  term: string;
  contact_id: string;
}

export interface ContactEmailTable {
  workspace_id: string;
  email: string;
  contact_id: string;
}

export interface TicketTable {
  id: string;
  workspace_id: string;
  number: number;
  subject: string;
  status: string;
  priority: string;
  type: string;
  channel: string;
  requester_id: string;
  organisation_id: string | null;
  assignee_id: string | null;
  team_id: string | null;
  tags: JsonText;
  custom_fields: JsonText;
  version: number;
  created_at: Millis;
  updated_at: Millis;
  first_response_at: Millis | null;
  solved_at: Millis | null;
  closed_at: Millis | null;
  last_customer_message_at: Millis | null;
  last_agent_message_at: Millis | null;
  // Filled by the SLA engine (later issue): the policy that applies and each clock's due instant.
  sla_policy_id: string | null;
  first_response_due_at: Millis | null;
  next_response_due_at: Millis | null;
  resolution_due_at: Millis | null;
  sla_breached_at: Millis | null;
  sla_state: JsonText | null;
  escalation_tier: number;
  /** The earliest due instant of a running SLA clock (inbox order). */
  sla_next_due_at: Millis | null;
  /** First outbound public message, automatic acknowledgements included. */
  acknowledged_at: Millis | null;
  /** A workspace custom status (ticket_status_def.key) inside the category `status`; null: the plain category. */
  custom_status: string | null;
  /** Set when the ticket was merged: the ticket that absorbed its messages. */
  merged_into_id: string | null;
  /** low | medium | high | critical: with urgency, gives the priority through the workspace's matrix. */
  impact: string | null;
  urgency: string | null;
  /** When the retention job removed the ticket's text (optional so older writers need not set it). */
  anonymised_at?: Millis | null;
}

export interface TicketTagTable {
  workspace_id: string;
  ticket_id: string;
  tag: string;
}

export interface MessageTable {
  id: string;
  workspace_id: string;
  ticket_id: string;
  author_type: string;
  author_id: string | null;
  direction: string;
  is_internal: Flag;
  channel: string;
  text: string;
  html: string | null;
  metadata: JsonText;
  delivery_status: string | null;
  created_at: Millis;
  /** The email Message-ID this message was received or sent with (threading). */
  email_message_id: string | null;
  /** Work time an agent recorded with the message (the composer's "time spent"), for handle time. */
  time_spent_seconds: number | null;
}

export interface AttachmentTable {
  id: string;
  workspace_id: string;
  ticket_id: string;
  message_id: string;
  filename: string;
  content_type: string;
  size: number;
  sha256: string;
  content_id: string | null;
  is_inline: Flag;
  created_at: Millis;
}

export interface BlobTable {
  sha256: string;
  size: number;
  /** Null on SQLite, where the bytes live in a file under the data directory. */
  data: Buffer | null;
  created_at: Millis;
}

export interface TicketEventTable {
  id: string;
  workspace_id: string;
  ticket_id: string;
  actor_type: string;
  actor_id: string | null;
  field: string;
  old_value: string | null;
  new_value: string | null;
  created_at: Millis;
  /** Why: a priority override's reason, an escalation's reason (optional so older writers need not set it). */
  note?: string | null;
}

export interface AuditLogTable {
  id: string;
  workspace_id: string;
  actor_id: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  details: JsonText;
  ip: string | null;
  created_at: Millis;
}

export interface ApiTokenTable {
  id: string;
  workspace_id: string;
  user_id: string;
  name: string;
  token_hash: string;
  prefix: string;
  created_at: Millis;
  last_used_at: Millis | null;
  revoked_at: Millis | null;
}

export interface SessionTable {
  id_hash: string;
  workspace_id: string;
  user_id: string;
  csrf_token: string;
  created_at: Millis;
  expires_at: Millis;
  ip: string | null;
  user_agent: string | null;
}

export interface LoginAttemptTable {
  key: string;
  created_at: Millis;
}

export interface OutboxTable {
  id: Generated<number>;
  workspace_id: string;
  aggregate_id: string;
  type: string;
  payload: JsonText;
  created_at: Millis;
  available_at: Millis;
  lease_until: Millis | null;
  /** The rapport_process holding the lease (null when free, or leased by a one-off CLI run). */
  lease_owner?: string | null;
  attempts: number;
  delivered_at: Millis | null;
  last_error: string | null;
}

export interface BusinessCalendarTable {
  id: string;
  workspace_id: string;
  name: string;
  definition: JsonText;
  created_at: Millis;
  updated_at: Millis;
}

export interface SlaPolicyTable {
  id: string;
  workspace_id: string;
  name: string;
  position: number;
  is_active: Flag;
  conditions: JsonText;
  calendar_id: string | null;
  targets: JsonText;
  warn_percent: number;
  created_at: Millis;
  updated_at: Millis;
}

export interface SlaTimerTable {
  id: Generated<number>;
  workspace_id: string;
  ticket_id: string;
  clock: string;
  kind: string;
  fire_at: Millis;
  fired_at: Millis | null;
}

export interface MailboxTable {
  id: string;
  workspace_id: string;
  address: string;
  name: string;
  team_id: string | null;
  is_active: Flag;
  /** JSON of the IMAP connection; its password is sealed (lib/sealed.ts). */
  imap_settings: JsonText | null;
  imap_polled_at: Millis | null;
  imap_error: string | null;
  created_at: Millis;
  updated_at: Millis;
}

export interface InboundEmailTable {
  id: string;
  workspace_id: string;
  mailbox_id: string;
  sha256: string;
  size: number;
  /** `message-id:<Message-ID>`, or `sha256:<hash>` without one; unique per workspace and mailbox. */
  dedupe_key: string;
  envelope_from: string | null;
  recipients: JsonText;
  source: string;
  received_at: Millis;
  /** received (waiting or retrying), processed, or failed (given up: see outcome and error). */
  status: string;
  attempts: number;
  available_at: Millis;
  lease_until: Millis | null;
  lease_owner?: string | null;
  processed_at: Millis | null;
  outcome: string | null;
  ticket_id: string | null;
  message_id: string | null;
  error: string | null;
}

export interface OutboundEmailTable {
  id: string;
  workspace_id: string;
  /** Null for an email that belongs to no ticket (a scheduled report). */
  ticket_id: string | null;
  message_id: string | null;
  kind: string;
  from_address: string;
  to_addresses: JsonText;
  cc_addresses: JsonText;
  subject: string;
  text: string;
  html: string | null;
  header_message_id: string;
  in_reply_to: string | null;
  references: JsonText;
  status: string;
  attempts: number;
  next_attempt_at: Millis;
  lease_until: Millis | null;
  lease_owner?: string | null;
  last_error: string | null;
  sent_at: Millis | null;
  created_at: Millis;
  /** JSON: [{ filename, contentType, contentBase64 }]; null for none. */
  attachments?: JsonText | null;
}

export interface EscalationTable {
  id: string;
  workspace_id: string;
  ticket_id: string;
  from_tier: number;
  to_tier: number;
  reason: string;
  /** manual | breach */
  trigger: string;
  /** What caused an automatic escalation (e.g. `sla-timer:42`); unique per ticket. */
  source: string | null;
  actor_id: string | null;
  created_at: Millis;
  /** The tier's response or review target. */
  due_at: Millis;
  responded_at: Millis | null;
  /** open | resolved | sent-back | solved-with-tier1-knowledge */
  outcome: string;
  outcome_note: string | null;
  outcome_at: Millis | null;
  outcome_by: string | null;
}

export interface RoutingRuleTable {
  id: string;
  workspace_id: string;
  name: string;
  position: number;
  is_active: Flag;
  conditions: JsonText;
  team_id: string;
  created_at: Millis;
  updated_at: Millis;
}

export interface TeamRoutingTable {
  team_id: string;
  workspace_id: string;
  strategy: string;
  default_capacity: number;
  updated_at: Millis;
}

export interface AgentStateTable {
  user_id: string;
  workspace_id: string;
  availability: string;
  /** Null: the team's default capacity. */
  capacity: number | null;
  skills: JsonText;
  last_assigned_at: Millis | null;
  updated_at: Millis;
}

export interface LifecycleAlertTable {
  ticket_id: string;
  kind: string;
  workspace_id: string;
  /** The ticket's updated_at this alert is for: one alert per idle period. */
  fired_for: Millis;
  due_at: Millis;
  fired_at: Millis | null;
}

export interface TicketStatusDefTable {
  id: string;
  workspace_id: string;
  key: string;
  label: string;
  /** The built-in status the ticket gets (new, open, pending, on-hold, solved, closed). */
  category: string;
  position: number;
  is_active: Flag;
  created_at: Millis;
  updated_at: Millis;
}

export interface TicketLinkTable {
  id: string;
  workspace_id: string;
  from_ticket_id: string;
  to_ticket_id: string;
  /** related (stored once, from < to) | duplicate (from duplicates to) | parent-child (from is the parent) */
  kind: string;
  created_at: Millis;
  created_by: string | null;
}

export interface CustomFieldTable {
  id: string;
  workspace_id: string;
  key: string;
  label: string;
  /** text | number | date | select | multi-select | checkbox */
  type: string;
  options: JsonText;
  description: string | null;
  is_required: Flag;
  position: number;
  is_active: Flag;
  created_at: Millis;
  updated_at: Millis;
}

export interface ComplaintTable {
  ticket_id: string;
  workspace_id: string;
  category: string | null;
  /** The last completed step: acknowledge | investigate | resolve | record | improve; null when none is. */
  step: string | null;
  /** Every completed or skipped step: [{ step, at, by, skipped?, reason? }]. */
  steps: JsonText;
  root_cause: string | null;
  root_cause_method: string | null;
  root_cause_category: string | null;
  root_cause_whys: JsonText;
  remedy_offered: string | null;
  follow_up_at: Millis | null;
  satisfaction_confirmed_at: Millis | null;
  corrective_action: string | null;
  created_at: Millis;
  updated_at: Millis;
}

export interface CannedResponseTable {
  id: string;
  workspace_id: string;
  title: string;
  /** Plain text with {{variables}} (see modules/canned-responses/render.ts). */
  body: string;
  /** Unique among a workspace's live (not archived) responses. */
  shortcut: string | null;
  /** Shared with this team's members; with owner_user_id also null: shared with everyone. */
  team_id: string | null;
  /** A personal response: only its owner sees it. */
  owner_user_id: string | null;
  created_by: string | null;
  created_at: Millis;
  updated_at: Millis;
  usage_count: number;
  archived: Flag;
}

/** Who has a ticket open, per WebSocket connection (modules/realtime); rows expire without a heartbeat. */
export interface TicketPresenceTable {
  connection_id: string;
  workspace_id: string;
  ticket_id: string;
  user_id: string;
  user_name: string;
  /** 'viewing' | 'replying' */
  state: string;
  updated_at: Millis;
  expires_at: Millis;
}

export interface RapportProcessTable {
  id: string;
  host: string;
  pid: number;
  started_at: Millis;
  heartbeat_at: Millis;
}

export interface MetricRefreshTable {
  ticket_id: string;
  workspace_id: string;
  due_since: number;
  generation: Generated<number>;
}

export interface MetricRebuildTable {
  workspace_id: string;
  requested_at: number;
  after_id: Generated<string>;
}

/** The dimensions a ticket is counted under in the rollups ('' for none). */
export interface MetricDimensions {
  team_id: string;
  agent_id: string;
  channel: string;
  priority: string;
  tier: string;
}

export interface TicketMetricTable extends MetricDimensions {
  ticket_id: string;
  workspace_id: string;
  created_day: string;
  /** Local hour of creation, 0–23. */
  created_hour: number;
  first_resolved_day: string | null;
  solved_day: string | null;
  status: string;
  first_reply_calendar_ms: number | null;
  first_reply_business_ms: number | null;
  first_resolution_calendar_ms: number | null;
  first_resolution_business_ms: number | null;
  full_resolution_calendar_ms: number | null;
  full_resolution_business_ms: number | null;
  requester_wait_calendar_ms: number;
  requester_wait_business_ms: number;
  agent_wait_calendar_ms: number;
  agent_wait_business_ms: number;
  agent_replies: number;
  reopens: number;
  one_touch: number;
  handle_seconds: number;
  escalated: number;
  sla_acknowledgement: string | null;
  sla_acknowledgement_day: string | null;
  sla_first_response: string | null;
  sla_first_response_day: string | null;
  sla_next_response: string | null;
  sla_next_response_day: string | null;
  sla_resolution: string | null;
  sla_resolution_day: string | null;
  csat_score: number | null;
  ces_score: number | null;
  csat_day: string | null;
  /** JSON: the ticket's tags when measured, sorted (what metric_tag counts it under). */
  tags: JsonText;
  measured_at: number;
}

/** The additive figures of a rollup row. */
export interface MetricRollupCounters {
  created: number;
  first_replied: number;
  first_reply_calendar_ms: number;
  first_reply_business_ms: number;
  first_resolved: number;
  first_resolution_calendar_ms: number;
  first_resolution_business_ms: number;
  reopened: number;
  solved: number;
  one_touch: number;
  full_resolution_calendar_ms: number;
  full_resolution_business_ms: number;
  requester_wait_calendar_ms: number;
  requester_wait_business_ms: number;
  agent_wait_calendar_ms: number;
  agent_wait_business_ms: number;
  agent_replies: number;
  escalated: number;
  /** Solved tickets with work time recorded, and that time: average handle time. */
  handled: number;
  handle_seconds: number;
  sla_acknowledgement_due: number;
  sla_acknowledgement_met: number;
  sla_first_response_due: number;
  sla_first_response_met: number;
  sla_next_response_due: number;
  sla_next_response_met: number;
  sla_resolution_due: number;
  sla_resolution_met: number;
  csat_answers: number;
  csat_satisfied: number;
  csat_score_sum: number;
  ces_answers: number;
  ces_score_sum: number;
}

/** Counters default to 0, so a row is inserted with only the counters a change touches. */
export type MetricRollupTable = MetricDimensions & { workspace_id: string; day: string } & {
  [Counter in keyof MetricRollupCounters]: Generated<number>;
};

/** A duration histogram: a measure on one clock (src/modules/metrics/histogram.ts). */
export type HistogramName = `${'first_reply' | 'first_resolution' | 'full_resolution' | 'requester_wait' | 'agent_wait'}_${'calendar' | 'business'}`;
type BucketSuffix = `${0 | 1 | 2}${0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9}` | `3${0 | 1 | 2 | 3 | 4 | 5}`;
/** One bucket's count of one histogram: e.g. first_reply_business_h07. */
export type HistogramColumn = `${HistogramName}_h${BucketSuffix}`;

/** Per rollup key, how many durations fell in each bucket (counts default to 0). */
export type MetricHistogramTable = MetricDimensions & { workspace_id: string; day: string } & {
  [Column in HistogramColumn]: Generated<number>;
};

/** The whole desk's histograms per day. */
export type MetricHistogramDeskTable = { workspace_id: string; day: string } & { [Column in HistogramColumn]: Generated<number> };

export interface MetricTagDeskTable {
  workspace_id: string;
  day: string;
  tag: string;
  created: Generated<number>;
}

export interface MetricTagTable extends MetricDimensions {
  workspace_id: string;
  day: string;
  tag: string;
  created: Generated<number>;
}

export interface ReportScheduleTable {
  id: string;
  workspace_id: string;
  name: string;
  preset: string;
  weekday: string;
  time: string;
  recipient_user_ids: JsonText;
  recipient_emails: JsonText;
  filter: JsonText;
  is_active: Flag;
  created_by: string;
  created_at: Millis;
  updated_at: Millis;
}

export interface ReportDeliveryTable {
  schedule_id: string;
  period_from: string;
  period_to: string;
  workspace_id: string;
  recipients: number;
  queued_at: Millis;
}

export interface SurveySettingsTable {
  workspace_id: string;
  csat_enabled: Flag;
  delay_minutes: number;
  ces_enabled: Flag;
  /** JSON array of the reasons offered for a score of 1 or 2. */
  reasons: JsonText;
  suppression_days: number;
  /** Where the survey links in emails point, e.g. https://help.example.com (null: a path only). */
  link_base_url: string | null;
  nps_enabled: Flag;
  /** 1, 2, 3, 4, 6 or 12: rounds start on the first of every such month (UTC). */
  nps_interval_months: number;
  nps_suppression_days: number;
  updated_at: Millis;
}

/** A follow-up task opened by a low CSAT answer or an NPS detractor (src/modules/follow-ups). */
export interface FollowUpTable {
  id: string;
  workspace_id: string;
  /** csat (about a ticket) | nps (about the contact: ticket_id null) */
  kind: string;
  ticket_id: string | null;
  /** The survey (csat) or nps_survey (nps) row whose answer opened it. */
  survey_id: string;
  contact_id: string;
  source_event_id: string;
  score: number;
  /** open, done */
  status: string;
  owner_id: string | null;
  /** account-manager, team-supervisor, none */
  owner_source: string;
  due_at: Millis;
  opened_at: Millis;
  closed_at: Millis | null;
  closed_by: string | null;
  change_note: string | null;
  note_message_id: string | null;
  /** The note went to the customer (a public reply on the ticket, or an email for NPS). */
  notified_customer: Flag;
  created_at: Millis;
  updated_at: Millis;
}

/** One NPS survey per contact and round, with its answer (score null until answered). */
export interface NpsSurveyTable {
  id: string;
  workspace_id: string;
  contact_id: string;
  /** The round (its first instant) this survey belongs to: one per contact and round. */
  round_start: Millis;
  /** scheduled | sent | skipped */
  status: string;
  /** Why it was skipped (disabled, do-not-contact, auto-submitted, bounced, suppressed, no-email, no-ticket). */
  status_reason: string | null;
  due_at: Millis;
  /** The contact's latest ticket when it was sent: the email goes out on it. */
  ticket_id: string | null;
  sent_at: Millis | null;
  outbound_email_id: string | null;
  /** 0–10 */
  score: number | null;
  comment: string | null;
  answered_at: Millis | null;
  changed_at: Millis | null;
  created_at: Millis;
  updated_at: Millis;
}

/** How far a workspace's scan of its contacts has come in the current NPS round. */
export interface NpsRoundTable {
  workspace_id: string;
  round_start: Millis;
  after_contact_id: string | null;
  finished_at: Millis | null;
  updated_at: Millis;
}

export interface SurveyTable {
  id: string;
  workspace_id: string;
  ticket_id: string;
  /** The requester it is (or was to be) sent to. */
  contact_id: string;
  /** scheduled | sent | cancelled | skipped */
  status: string;
  /** Why it was cancelled or skipped (reopened, merged, auto-submitted, bounced, do-not-contact, suppressed, closed, no-email, disabled). */
  status_reason: string | null;
  due_at: Millis;
  sent_at: Millis | null;
  outbound_email_id: string | null;
  /** Whether the CES question was part of the form when it was sent. */
  ces_asked: Flag;
  /** 1–5 */
  score: number | null;
  /** 1–7 */
  ces: number | null;
  reason: string | null;
  comment: string | null;
  answered_at: Millis | null;
  changed_at: Millis | null;
  created_at: Millis;
  updated_at: Millis;
}

/** The metric engine's horizons per workspace (local days, YYYY-MM-DD). */
export interface MetricHorizonTable {
  workspace_id: string;
  /** Rollup days before this one are summaries whose raw data may be gone: no re-measure changes them. */
  frozen_before: string;
  /** Rollup and volume days before this one were removed. */
  removed_before: string;
  updated_at: Millis;
}

/** A ticket, contact or organisation the retention job must leave alone. */
export interface LegalHoldTable {
  workspace_id: string;
  /** ticket | contact | organisation */
  target_type: string;
  target_id: string;
  reason: string;
  created_by: string | null;
  created_at: Millis;
}

/** A workspace's current (or last) retention run: horizons fixed at its start, and where it is. */
export interface RetentionRunTable {
  workspace_id: string;
  /** delete | anonymise */
  mode: string;
  raw_before: Millis;
  raw_day: string;
  summary_before: Millis;
  summary_day: string;
  /** tickets | contacts | mail | events | summaries | done */
  phase: string;
  /** The phase's keyset position (JSON), '' at its start. */
  cursor: string;
  /** What the run removed so far (JSON). */
  totals: JsonText;
  started_at: Millis;
  finished_at: Millis | null;
}

export interface MetricVolumeTable {
  workspace_id: string;
  day: string;
  hour: number;
  channel: string;
  created: Generated<number>;
}

export interface KbCategoryTable {
  id: string;
  workspace_id: string;
  name: string;
  description: string;
  position: number;
  created_at: Millis;
  updated_at: Millis;
}

export interface KbSectionTable {
  id: string;
  workspace_id: string;
  category_id: string;
  name: string;
  position: number;
  created_at: Millis;
  updated_at: Millis;
}

export interface KbArticleTable {
  id: string;
  workspace_id: string;
  section_id: string | null;
  /** public (portal and agents) | internal (agents only) */
  visibility: string;
  owner_id: string;
  /** When the owner should check the article again; past it, the article is stale. */
  review_at: Millis | null;
  source_ticket_id: string | null;
  created_by: string;
  created_at: Millis;
  updated_at: Millis;
}

export interface KbTranslationTable {
  article_id: string;
  language: string;
  workspace_id: string;
  /** draft | in-review | published | archived */
  status: string;
  /** The latest version's title, for lists. */
  title: string;
  latest_version: number;
  published_version: number | null;
  published_at: Millis | null;
  views: number;
  helpful: number;
  not_helpful: number;
  /** The distinct words of the indexed (published) version, space-separated. */
  indexed_words: string;
  updated_at: Millis;
}

export interface KbVersionTable {
  id: string;
  workspace_id: string;
  article_id: string;
  language: string;
  number: number;
  title: string;
  /** Sanitised on the server before it is stored. */
  body_html: string;
  body_text: string;
  note: string | null;
  author_id: string;
  created_at: Millis;
}

export interface KbFeedbackTable {
  id: string;
  workspace_id: string;
  article_id: string;
  language: string;
  helpful: Flag;
  comment: string | null;
  /** staff | portal */
  source: string;
  created_at: Millis;
}

export interface KbAttachmentTable {
  id: string;
  workspace_id: string;
  article_id: string;
  filename: string;
  content_type: string;
  size: number;
  sha256: string;
  /** The text searched (PDF and text files); empty for images. */
  text: string;
  created_at: Millis;
}

export interface KbTermTable {
  workspace_id: string;
  term: string;
  docs: number;
}

export interface KbSearchTable {
  article_id: string;
  language: string;
  workspace_id: string;
  visibility: string;
  published_at: Millis;
  document: string;
  words: string;
}

export interface KbSearchMapTable {
  rowid: number;
  article_id: string;
  language: string;
  workspace_id: string;
  visibility: string;
  published_at: Millis;
}

export interface ServiceOfferingTable {
  id: string;
  workspace_id: string;
  name: string;
  /** What the service covers, in a sentence or two. */
  scope: string;
  /** How it is delivered (remote, on site, self-service…). */
  delivery: string;
  /** JSON array of channel names. */
  channels: JsonText;
  sla_policy_id: string | null;
  /** JSON array of entitlement sentences ("24-hour response", "dedicated account manager"). */
  entitlements: JsonText;
  is_public: Flag;
  position: number;
  created_at: Millis;
  updated_at: Millis;
}

/** A workspace's staffing settings (src/modules/wfm/staffing-settings.ts), as JSON. */
export interface WfmSettingsTable {
  workspace_id: string;
  settings: JsonText;
  updated_at: Millis;
}

export interface ShiftTable {
  id: string;
  workspace_id: string;
  name: string;
  /** JSON array of weekday keys (mon … sun) the shift starts on. */
  days: JsonText;
  /** Local HH:MM; an end at or before the start falls on the next day. */
  start_time: string;
  end_time: string;
  /** JSON array of channels. */
  channels: JsonText;
  created_at: Millis;
  updated_at: Millis;
}

export interface ShiftAssignmentTable {
  workspace_id: string;
  shift_id: string;
  /** The local date of the week's Monday. */
  week: string;
  user_id: string;
  created_at: Millis;
}

export interface AgentAbsenceTable {
  id: string;
  workspace_id: string;
  user_id: string;
  /** Local dates, both included. */
  from_day: string;
  to_day: string;
  /** vacation | sick | training | other */
  reason: string;
  note: string | null;
  created_at: Millis;
}

export interface Database {
  workspace: WorkspaceTable;
  staff_user: StaffUserTable;
  team: TeamTable;
  team_member: TeamMemberTable;
  organisation: OrganisationTable;
  organisation_domain: OrganisationDomainTable;
  contact: ContactTable;
  contact_email: ContactEmailTable;
  contact_search_term: ContactSearchTermTable;
  ticket: TicketTable;
  ticket_tag: TicketTagTable;
  message: MessageTable;
  attachment: AttachmentTable;
  blob: BlobTable;
  ticket_event: TicketEventTable;
  audit_log: AuditLogTable;
  api_token: ApiTokenTable;
  session: SessionTable;
  login_attempt: LoginAttemptTable;
  outbox: OutboxTable;
  business_calendar: BusinessCalendarTable;
  sla_policy: SlaPolicyTable;
  sla_timer: SlaTimerTable;
  ticket_status_def: TicketStatusDefTable;
  ticket_link: TicketLinkTable;
  custom_field: CustomFieldTable;
  complaint: ComplaintTable;
  escalation: EscalationTable;
  mailbox: MailboxTable;
  inbound_email: InboundEmailTable;
  outbound_email: OutboundEmailTable;
  routing_rule: RoutingRuleTable;
  team_routing: TeamRoutingTable;
  agent_state: AgentStateTable;
  lifecycle_alert: LifecycleAlertTable;
  canned_response: CannedResponseTable;
  ticket_presence: TicketPresenceTable;
  rapport_process: RapportProcessTable;
  metric_refresh: MetricRefreshTable;
  metric_rebuild: MetricRebuildTable;
  ticket_metric: TicketMetricTable;
  metric_rollup: MetricRollupTable;
  metric_volume: MetricVolumeTable;
  metric_histogram: MetricHistogramTable;
  metric_tag: MetricTagTable;
  metric_histogram_desk: MetricHistogramDeskTable;
  metric_tag_desk: MetricTagDeskTable;
  report_schedule: ReportScheduleTable;
  report_delivery: ReportDeliveryTable;
  survey_settings: SurveySettingsTable;
  survey: SurveyTable;
  follow_up: FollowUpTable;
  nps_survey: NpsSurveyTable;
  nps_round: NpsRoundTable;
  kb_category: KbCategoryTable;
  kb_section: KbSectionTable;
  kb_article: KbArticleTable;
  kb_translation: KbTranslationTable;
  kb_version: KbVersionTable;
  kb_feedback: KbFeedbackTable;
  kb_attachment: KbAttachmentTable;
  kb_term: KbTermTable;
  /** PostgreSQL only. */
  kb_search: KbSearchTable;
  /** SQLite only (with the FTS5 table kb_fts). */
  kb_search_map: KbSearchMapTable;
  service_offering: ServiceOfferingTable;
  wfm_settings: WfmSettingsTable;
  shift: ShiftTable;
  shift_assignment: ShiftAssignmentTable;
  agent_absence: AgentAbsenceTable;
  metric_horizon: MetricHorizonTable;
  legal_hold: LegalHoldTable;
  retention_run: RetentionRunTable;
}

export type Db = Kysely<Database>;
/** A database handle or an open transaction: repositories accept either. */
export type Executor = Kysely<Database> | Transaction<Database>;
export type DialectName = 'sqlite' | 'postgres';
