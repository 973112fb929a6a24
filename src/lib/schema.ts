import { type TSchema, Type } from '@sinclair/typebox';

/** Shared TypeBox building blocks for API schemas. */
export const Id = Type.String({ minLength: 1, maxLength: 64 });
export const Timestamp = Type.String({ format: 'date-time' });
export const NullableTimestamp = Type.Union([Timestamp, Type.Null()]);
export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
export const Email = Type.String({ format: 'email', maxLength: 254 });
export const IdParams = Type.Object({ id: Id });

export const PageQuery = {
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, description: 'Page size (at most 200)' })),
  cursor: Type.Optional(Type.String({ maxLength: 500, description: 'nextCursor from the previous page' })),
};

export const PageOf = <T extends TSchema>(item: T) =>
  Type.Object({ items: Type.Array(item), nextCursor: Nullable(Type.String()) });

export const Tier = Type.Union([Type.Literal('standard'), Type.Literal('premium'), Type.Literal('enterprise')]);

export const AttributeValue = Type.Union([Type.String({ maxLength: 2000 }), Type.Number(), Type.Boolean(), Type.Null()]);
export const Attributes = Type.Record(Type.String({ maxLength: 64 }), AttributeValue, { maxProperties: 100 });

export const iso = (millis: number | null | undefined) => (millis == null ? null : new Date(millis).toISOString());
