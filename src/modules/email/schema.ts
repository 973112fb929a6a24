import { type Static, Type } from '@sinclair/typebox';
import { Email, Id, Nullable, NullableTimestamp, Timestamp } from '../../lib/schema.ts';

// The email channel's API schemas (TypeBox only, so the agent app can use their types).

export const ImapSettingsBody = Type.Object(
  {
    host: Type.String({ minLength: 1, maxLength: 253 }),
    port: Type.Integer({ minimum: 1, maximum: 65535 }),
    secure: Type.Boolean({ description: 'TLS from the start (port 993); false: STARTTLS when offered' }),
    user: Type.String({ minLength: 1, maxLength: 254 }),
    password: Type.String({ minLength: 1, maxLength: 500, description: 'Stored sealed with RAPPORT_SECRET; never returned' }),
    folder: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Default INBOX' })),
    processedFolder: Type.Optional(
      Nullable(Type.String({ minLength: 1, maxLength: 200, description: 'Move fetched mail here; default: only mark it seen' })),
    ),
  },
  { additionalProperties: false },
);
export type ImapSettingsBody = Static<typeof ImapSettingsBody>;

export const Mailbox = Type.Object({
  id: Id,
  address: Type.String(),
  name: Type.String(),
  teamId: Nullable(Id),
  isActive: Type.Boolean(),
  imap: Nullable(
    Type.Object({
      host: Type.String(),
      port: Type.Integer(),
      secure: Type.Boolean(),
      user: Type.String(),
      folder: Type.String(),
      processedFolder: Nullable(Type.String()),
      polledAt: NullableTimestamp,
      error: Nullable(Type.String()),
    }),
  ),
  createdAt: Timestamp,
});
export type Mailbox = Static<typeof Mailbox>;

export const CreateMailboxBody = Type.Object({
  address: Email,
  name: Type.String({ minLength: 1, maxLength: 100, description: 'Shown as the sender name of replies' }),
  teamId: Type.Optional(Nullable(Id)),
  isActive: Type.Optional(Type.Boolean()),
  imap: Type.Optional(Nullable(ImapSettingsBody)),
});
export type CreateMailboxBody = Static<typeof CreateMailboxBody>;
/** On a change the password may be left out: the stored one stays, as long as the server and user do. */
export const ImapSettingsUpdate = Type.Object(
  { ...ImapSettingsBody.properties, password: Type.Optional(ImapSettingsBody.properties.password) },
  { additionalProperties: false },
);
export type ImapSettingsUpdate = Static<typeof ImapSettingsUpdate>;
export const UpdateMailboxBody = Type.Partial(Type.Object({ ...CreateMailboxBody.properties, imap: Nullable(ImapSettingsUpdate) }));
export type UpdateMailboxBody = Static<typeof UpdateMailboxBody>;

export const InboundEmail = Type.Object({
  id: Id,
  mailboxId: Id,
  source: Type.String(),
  envelopeFrom: Nullable(Type.String()),
  size: Type.Integer(),
  receivedAt: Timestamp,
  status: Type.String({ description: 'received (waiting, or retrying when error is set), processed, or failed (given up: retry it)' }),
  outcome: Nullable(
    Type.String({
      description: 'created, appended, duplicate, bounce, denied, rate-limited, spam, no-sender; when failed: unreadable (cannot be parsed) or failed (processing kept failing)',
    }),
  ),
  ticketId: Nullable(Id),
  processedAt: NullableTimestamp,
  attempts: Type.Integer({ description: 'Processing attempts since it was stored or last retried' }),
  error: Nullable(Type.String({ description: 'The last processing error' })),
});
export type InboundEmail = Static<typeof InboundEmail>;

export const InboundEmailStatus = Type.Union([Type.Literal('received'), Type.Literal('retrying'), Type.Literal('processed'), Type.Literal('failed')], {
  description: 'received: not processed yet; retrying: waiting again after a failed attempt; failed: given up',
});
export type InboundEmailStatus = Static<typeof InboundEmailStatus>;

/** The messages an admin sent back to the queue. */
export const RetriedInboundEmails = Type.Object({ items: Type.Array(Type.Object({ id: Id, error: Nullable(Type.String()) })) });
export type RetriedInboundEmails = Static<typeof RetriedInboundEmails>;
