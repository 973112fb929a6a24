import { type Static, Type } from '@sinclair/typebox';
import { Id, Nullable, Timestamp } from '../../lib/schema.ts';
import { Channel } from '../tickets/schema.ts';

export const ServiceOffering = Type.Object({
  id: Id,
  name: Type.String(),
  scope: Type.String(),
  delivery: Type.String(),
  channels: Type.Array(Type.String()),
  slaPolicyId: Nullable(Id),
  entitlements: Type.Array(Type.String()),
  isPublic: Type.Boolean(),
  position: Type.Integer(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type ServiceOffering = Static<typeof ServiceOffering>;

export const CreateServiceOfferingBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 120 }),
  scope: Type.String({ maxLength: 2000, description: 'What the service covers' }),
  delivery: Type.Optional(Type.String({ maxLength: 200, description: 'How it is delivered, e.g. remote, on site, self-service' })),
  channels: Type.Optional(Type.Array(Channel, { maxItems: 10, uniqueItems: true })),
  slaPolicyId: Type.Optional(Nullable(Id)),
  entitlements: Type.Optional(
    Type.Array(Type.String({ minLength: 1, maxLength: 200 }), {
      maxItems: 20,
      description: 'e.g. "24-hour response", "dedicated account manager"',
    }),
  ),
  isPublic: Type.Optional(Type.Boolean({ description: 'Listed on the public charter; default true' })),
  position: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000 })),
});
export type CreateServiceOfferingBody = Static<typeof CreateServiceOfferingBody>;
export const UpdateServiceOfferingBody = Type.Partial(CreateServiceOfferingBody);
export type UpdateServiceOfferingBody = Static<typeof UpdateServiceOfferingBody>;
