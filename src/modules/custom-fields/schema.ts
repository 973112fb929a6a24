import { type Static, Type } from '@sinclair/typebox';
import { Id, Nullable, Timestamp } from '../../lib/schema.ts';

export const CUSTOM_FIELD_TYPES = ['text', 'number', 'date', 'select', 'multi-select', 'checkbox'] as const;
export type CustomFieldType = (typeof CUSTOM_FIELD_TYPES)[number];

export const CustomFieldTypeSchema = Type.Union(CUSTOM_FIELD_TYPES.map((t) => Type.Literal(t)), {
  description: 'text: a string; number; date: YYYY-MM-DD; select: one of the options; multi-select: a list of options; checkbox: true or false',
});

/** The same key rule as a ticket's customFields keys. */
export const CustomFieldKey = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z][A-Za-z0-9_.-]*$' });
const Options = Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { maxItems: 200, uniqueItems: true, description: 'The choices of a select or multi-select field' });

export const CustomField = Type.Object({
  id: Id,
  key: CustomFieldKey,
  label: Type.String(),
  type: CustomFieldTypeSchema,
  options: Type.Array(Type.String()),
  description: Nullable(Type.String()),
  required: Type.Boolean({ description: 'Staff must give a value when they create a ticket, and cannot clear it' }),
  position: Type.Integer(),
  isActive: Type.Boolean({ description: 'An inactive field keeps its values on tickets but takes no new ones' }),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type CustomField = Static<typeof CustomField>;

export const CreateCustomFieldBody = Type.Object({
  key: CustomFieldKey,
  label: Type.String({ minLength: 1, maxLength: 100 }),
  type: CustomFieldTypeSchema,
  options: Type.Optional(Options),
  description: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
  required: Type.Optional(Type.Boolean()),
  position: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000 })),
  isActive: Type.Optional(Type.Boolean()),
});
export type CreateCustomFieldBody = Static<typeof CreateCustomFieldBody>;

export const UpdateCustomFieldBody = Type.Object(
  {
    label: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    options: Type.Optional(Options),
    description: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
    required: Type.Optional(Type.Boolean()),
    position: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000 })),
    isActive: Type.Optional(Type.Boolean()),
  },
  { description: 'The key and type never change: create another field instead' },
);
export type UpdateCustomFieldBody = Static<typeof UpdateCustomFieldBody>;
