import { type Static, Type } from '@sinclair/typebox';
import { Id, Timestamp } from '../../lib/schema.ts';
import { TicketStatus } from '../tickets/schema.ts';

export const CustomStatusKey = Type.String({
  minLength: 1,
  maxLength: 40,
  pattern: '^[a-z][a-z0-9-]*$',
  description: 'Lower-case letters, digits and dashes; not one of the built-in statuses',
});

export const CustomStatus = Type.Object({
  id: Id,
  key: CustomStatusKey,
  label: Type.String(),
  /** The built-in status tickets with this custom status have: SLA pausing and reports use it. */
  category: TicketStatus,
  position: Type.Integer(),
  isActive: Type.Boolean({ description: 'An inactive status stays on the tickets that have it but cannot be set any more' }),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type CustomStatus = Static<typeof CustomStatus>;

export const CreateCustomStatusBody = Type.Object({
  key: CustomStatusKey,
  label: Type.String({ minLength: 1, maxLength: 60 }),
  category: TicketStatus,
  position: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000 })),
  isActive: Type.Optional(Type.Boolean()),
});
export type CreateCustomStatusBody = Static<typeof CreateCustomStatusBody>;

export const UpdateCustomStatusBody = Type.Object({
  label: Type.Optional(Type.String({ minLength: 1, maxLength: 60 })),
  /** Only while no ticket has the status. */
  category: Type.Optional(TicketStatus),
  position: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000 })),
  isActive: Type.Optional(Type.Boolean()),
});
export type UpdateCustomStatusBody = Static<typeof UpdateCustomStatusBody>;
