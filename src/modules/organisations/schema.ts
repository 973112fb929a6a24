import { type Static, Type } from '@sinclair/typebox';
import { Attributes, Id, Nullable, PageQuery, Tier, Timestamp } from '../../lib/schema.ts';

const Domain = Type.String({ minLength: 3, maxLength: 253, pattern: '^[A-Za-z0-9.-]+\\.[A-Za-z]{2,}$' });

export const Organisation = Type.Object({
  id: Id,
  name: Type.String(),
  tier: Tier,
  accountManagerId: Nullable(Id),
  domains: Type.Array(Type.String()),
  notes: Nullable(Type.String()),
  attributes: Attributes,
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Organisation = Static<typeof Organisation>;

export const CreateOrganisationBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 200 }),
  tier: Type.Optional(Tier),
  accountManagerId: Type.Optional(Nullable(Id)),
  domains: Type.Optional(Type.Array(Domain, { maxItems: 50, uniqueItems: true })),
  notes: Type.Optional(Nullable(Type.String({ maxLength: 10_000 }))),
  attributes: Type.Optional(Attributes),
});
export type CreateOrganisationBody = Static<typeof CreateOrganisationBody>;

export const UpdateOrganisationBody = Type.Partial(CreateOrganisationBody);
export type UpdateOrganisationBody = Static<typeof UpdateOrganisationBody>;

export const ListOrganisationsQuery = Type.Object({
  ...PageQuery,
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Name starts with' })),
  tier: Type.Optional(Tier),
  ids: Type.Optional(Type.String({ minLength: 1, maxLength: 13_000, description: 'Only these organisations: ids, comma-separated (at most 200)' })),
});
export type ListOrganisationsQuery = Static<typeof ListOrganisationsQuery>;
