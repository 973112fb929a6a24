import { type Static, Type } from '@sinclair/typebox';
import { Id, Nullable, Timestamp } from '../../lib/schema.ts';
import { Tag, Ticket, UpdateTicketBody } from './schema.ts';

export const LinkRelation = Type.Union(['related', 'duplicate-of', 'duplicated-by', 'parent-of', 'child-of'].map((r) => Type.Literal(r)), {
  description: 'From this ticket\'s point of view: "child-of" makes the other ticket its parent (a ticket has at most one)',
});
export type LinkRelation = 'related' | 'duplicate-of' | 'duplicated-by' | 'parent-of' | 'child-of';

export const LinkedTicket = Type.Object({ id: Id, number: Type.Integer(), subject: Type.String(), status: Type.String(), mergedIntoId: Nullable(Id) });

export const TicketLink = Type.Object({
  id: Id,
  relation: LinkRelation,
  ticket: LinkedTicket,
  createdAt: Timestamp,
  createdBy: Nullable(Id),
});
export type TicketLink = Static<typeof TicketLink>;

export const CreateLinkBody = Type.Object({ ticketId: Id, relation: LinkRelation });
export type CreateLinkBody = Static<typeof CreateLinkBody>;

export const LinkParams = Type.Object({ id: Id, linkId: Id });

export const MergeBody = Type.Object({ intoId: Type.String({ minLength: 1, maxLength: 64, description: 'The ticket that absorbs this one' }) });
export type MergeBody = Static<typeof MergeBody>;

export const MergeResult = Type.Object({ merged: Ticket, into: Ticket });

export const SplitBody = Type.Object({
  messageId: Id,
  subject: Type.Optional(Type.String({ minLength: 1, maxLength: 250, description: "Defaults to the original ticket's subject" })),
});
export type SplitBody = Static<typeof SplitBody>;

export const BulkChanges = Type.Composite(
  [
    Type.Pick(UpdateTicketBody, ['status', 'customStatus', 'priority', 'priorityReason', 'assigneeId', 'teamId']),
    Type.Object({
      addTags: Type.Optional(Type.Array(Tag, { minItems: 1, maxItems: 50 })),
      removeTags: Type.Optional(Type.Array(Tag, { minItems: 1, maxItems: 50 })),
    }),
  ],
  { minProperties: 1 },
);
export type BulkChanges = Static<typeof BulkChanges>;

export const BulkUpdateBody = Type.Object({
  ids: Type.Array(Id, { minItems: 1, maxItems: 100, uniqueItems: true, description: 'At most 100 tickets; all change or none does' }),
  changes: BulkChanges,
});
export type BulkUpdateBody = Static<typeof BulkUpdateBody>;
