import { CHANNELS } from '../tickets/channels.ts';
import { type Static, Type } from '@sinclair/typebox';
import { Id, Timestamp } from '../../lib/schema.ts';
import { EscalationTiers, PriorityMatrix, TierRaise } from '../escalations/schema.ts';

const Range = Type.Object({ min: Type.Number({ minimum: 0 }), max: Type.Number({ minimum: 0 }) }, { additionalProperties: false });

/** Targets shown beside report figures (defaults from seed 002 in metrics/reports.ts). */
export const ReportTargets = Type.Object(
  {
    fcrPercent: Type.Optional(Range),
    csatPercent: Type.Optional(Type.Number({ minimum: 0, maximum: 100, description: 'Standard tier; default 75' })),
    csatPercentPremium: Type.Optional(Type.Number({ minimum: 0, maximum: 100, description: 'Premium tier; default 85' })),
    nps: Type.Optional(Type.Number({ minimum: -100, maximum: 100, description: 'Default 30' })),
    ahtMinutes: Type.Optional(
      Type.Object(
        Object.fromEntries(CHANNELS.map((channel) => [channel, Type.Optional(Range)])),
        { additionalProperties: false, description: 'Average handle time per channel; defaults phone 4–8, chat 8–12 minutes' },
      ),
    ),
  },
  { additionalProperties: false },
);

export const WorkspaceSettings = Type.Object(
  {
    /** The token agents and customers see in subjects, e.g. "[#1234]". */
    ticketTokenFormat: Type.Optional(Type.String({ minLength: 3, maxLength: 40, pattern: '\\{number\\}' })),
    defaultLanguage: Type.Optional(Type.String({ minLength: 2, maxLength: 16 })),
    email: Type.Optional(
      Type.Object(
        {
          autoAcknowledge: Type.Optional(Type.Boolean({ description: 'Acknowledge new email tickets (never auto-submitted mail); default true' })),
          denyList: Type.Optional(Type.Array(Type.String({ minLength: 3, maxLength: 254 }), { maxItems: 1000, description: 'Addresses or @domains whose mail is dropped' })),
          allowList: Type.Optional(Type.Array(Type.String({ minLength: 3, maxLength: 254 }), { maxItems: 1000, description: 'When not empty, only these senders open tickets' })),
          senderLimitPerHour: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000, description: 'Messages per sender and hour before mail is held as a loop; default 30' })),
          spamHeader: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'e.g. X-Spam-Score' })),
          spamThreshold: Type.Optional(Type.Number({ description: 'Scores at or above this are not turned into tickets; default 5' })),
        },
        { additionalProperties: false },
      ),
    ),
    slaPausingStatuses: Type.Optional(
      Type.Array(Type.Union(['new', 'open', 'pending', 'on-hold'].map((s) => Type.Literal(s))), {
        uniqueItems: true,
        description: 'Statuses that stop SLA clocks (solved and closed always do); default pending and on-hold',
      }),
    ),
    // Ticket lifecycle (routing/lifecycle.ts).
    autoCloseDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 365, description: 'Solved tickets close after this many days; default 7' })),
    idleAlertBusinessHours: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 2000, description: "Tickets untouched this many business hours (their SLA policy's calendar) raise ticket.idle; default 24" }),
    ),
    idleAlertStatuses: Type.Optional(
      Type.Array(Type.Union(['new', 'open', 'pending', 'on-hold'].map((s) => Type.Literal(s))), {
        uniqueItems: true,
        description: 'Statuses in which an untouched ticket counts as idle; default new and open',
      }),
    ),
    // Priority and escalation (defaults in escalations/settings.ts; GET /api/v1/escalations/settings shows those in force).
    priorityMatrix: Type.Optional(PriorityMatrix),
    tierRaise: Type.Optional(TierRaise),
    escalationTiers: Type.Optional(EscalationTiers),
    autoEscalateOnBreach: Type.Optional(Type.Boolean({ description: 'A breached SLA clock moves a tier-1 ticket to tier 2; default true' })),
    // Reports (metrics/reports.ts): what a contact costs per channel, in the workspace currency.
    currency: Type.Optional(Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 4217 code of the report figures; default USD' })),
    costPerContact: Type.Optional(
      Type.Object(
        Object.fromEntries(
          CHANNELS.map((channel) => [channel, Type.Optional(Type.Number({ minimum: 0, maximum: 100_000 }))]),
        ),
        { additionalProperties: false, description: 'Cost of one contact per channel; defaults phone 7.50, email 1.15, chat 1.75, SMS 0.24, social 1.00' },
      ),
    ),
    reportTargets: Type.Optional(ReportTargets),
    // The customer portal (modules/portal): the host names it answers on for this workspace.
    portalHostnames: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 253, pattern: '^[a-z0-9.-]+(:[0-9]{1,5})?$' }), {
        maxItems: 20,
        uniqueItems: true,
        description: 'Host names (lower case, optionally with :port) whose /portal and /charter pages are this workspace; with one workspace every host is',
      }),
    ),
  },
  { additionalProperties: false },
);
export type WorkspaceSettings = Static<typeof WorkspaceSettings>;

export const Workspace = Type.Object({
  id: Id,
  name: Type.String(),
  timezone: Type.String(),
  settings: WorkspaceSettings,
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Workspace = Static<typeof Workspace>;

export const UpdateWorkspaceBody = Type.Object({
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 120 })),
  timezone: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'IANA time zone, e.g. Europe/Berlin' })),
  settings: Type.Optional(WorkspaceSettings),
});
export type UpdateWorkspaceBody = Static<typeof UpdateWorkspaceBody>;
