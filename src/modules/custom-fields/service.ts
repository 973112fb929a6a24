import type { CustomFieldTable, Executor } from '../../db/types.ts';
import type { Actor } from '../../lib/actor.ts';
import { conflict, invalid, notFound } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import type { ServiceContext } from '../../lib/service-context.ts';
import { auditByActor } from '../audit/service.ts';
import * as repo from './repo.ts';
import type { CreateCustomFieldBody, CustomField, CustomFieldType, UpdateCustomFieldBody } from './schema.ts';
import { customFieldProblems, type FieldRule } from './validate.ts';

const CHOICE_TYPES = new Set<string>(['select', 'multi-select']);

const toCustomField = (row: CustomFieldTable): CustomField => ({
  id: row.id,
  key: row.key,
  label: row.label,
  type: row.type as CustomFieldType,
  options: JSON.parse(row.options),
  description: row.description,
  required: row.is_required === 1,
  position: row.position,
  isActive: row.is_active === 1,
  createdAt: new Date(row.created_at).toISOString(),
  updatedAt: new Date(row.updated_at).toISOString(),
});

const toRule = (row: CustomFieldTable): FieldRule => ({
  key: row.key,
  type: row.type as CustomFieldType,
  options: JSON.parse(row.options),
  required: row.is_required === 1,
  active: row.is_active === 1,
});

function checkOptions(type: string, options: string[] | undefined) {
  if (CHOICE_TYPES.has(type)) {
    if (options !== undefined && options.length === 0) throw invalid(`A ${type} field needs at least one option`, { options: 'at least one option' });
  } else if (options?.length) {
    throw invalid(`A ${type} field has no options`, { options: `not allowed for ${type}` });
  }
}

/** Custom field definitions per workspace; ticket values stay in ticket.custom_fields and are checked here. */
/** The id of a record just created, for the audit entry. */
const idOf = (result: unknown) => (typeof result === 'object' && result !== null && 'id' in result ? String(result.id) : undefined);

export function createCustomFieldService({ db, clock }: ServiceContext) {
  async function mutate<T>(actor: Actor, action: string, targetId: string | null, work: (tx: Executor, now: number) => Promise<T>) {
    return db.transaction().execute(async (tx) => {
      const now = clock.now();
      const result = await work(tx, now.getTime());
      await auditByActor(tx, actor, { action, targetType: 'custom_field', targetId: targetId ?? idOf(result) }, now);
      return result;
    });
  }

  async function requireField(tx: Executor, actor: Actor, id: string) {
    const row = await repo.findFieldDef(tx, actor.workspaceId, id);
    if (!row) throw notFound('Custom field');
    return row;
  }

  return {
    /**
     * Throws a validation error naming `customFields.<key>` for each bad value. Required fields bind
     * staff only: tickets the system creates (email, imports) cannot be refused for a missing value.
     */
    async checkCustomFields(tx: Executor, actor: Actor, values: Record<string, unknown>, mode: 'create' | 'update') {
      const rules = (await repo.listFieldDefs(tx, actor.workspaceId)).map(toRule);
      const problems = customFieldProblems(rules, values, { mode, enforceRequired: actor.via !== 'system' });
      const keys = Object.keys(problems);
      if (keys.length) throw invalid(`Custom fields: ${keys.map((k) => `${k} ${problems[k]}`).join('; ')}`, problems);
    },

    list: async (actor: Actor) => (await repo.listFieldDefs(db, actor.workspaceId)).map(toCustomField),

    create: (actor: Actor, body: CreateCustomFieldBody) =>
      mutate(actor, 'custom_field.created', null, async (tx, now) => {
        checkOptions(body.type, body.options ?? (CHOICE_TYPES.has(body.type) ? [] : undefined));
        if (await repo.findFieldDefByKey(tx, actor.workspaceId, body.key)) throw conflict(`A custom field "${body.key}" exists`, { key: 'already in use' });
        const row: CustomFieldTable = {
          id: newId(),
          workspace_id: actor.workspaceId,
          key: body.key,
          label: body.label.trim() || body.label,
          type: body.type,
          options: JSON.stringify(body.options ?? []),
          description: body.description ?? null,
          is_required: body.required ? 1 : 0,
          position: body.position ?? (await repo.maxFieldPosition(tx, actor.workspaceId)) + 10,
          is_active: body.isActive === false ? 0 : 1,
          created_at: now,
          updated_at: now,
        };
        await repo.insertFieldDef(tx, row);
        return toCustomField(row);
      }),

    update: (actor: Actor, id: string, body: UpdateCustomFieldBody) =>
      mutate(actor, 'custom_field.changed', id, async (tx, now) => {
        const row = await requireField(tx, actor, id);
        checkOptions(row.type, body.options);
        const changes: Partial<CustomFieldTable> = { updated_at: now };
        if (body.label !== undefined) changes.label = body.label.trim() || body.label;
        // Removing an option leaves the tickets that have it as they are; the next write must pick another.
        if (body.options !== undefined) changes.options = JSON.stringify(body.options);
        if (body.description !== undefined) changes.description = body.description;
        if (body.required !== undefined) changes.is_required = body.required ? 1 : 0;
        if (body.position !== undefined) changes.position = body.position;
        if (body.isActive !== undefined) changes.is_active = body.isActive ? 1 : 0;
        await repo.updateFieldDef(tx, actor.workspaceId, id, changes);
        return toCustomField({ ...row, ...changes });
      }),

    remove: (actor: Actor, id: string) =>
      mutate(actor, 'custom_field.deleted', id, async (tx) => {
        const row = await requireField(tx, actor, id);
        if (await repo.isFieldInUse(tx, actor.workspaceId, row.key)) {
          throw conflict('Tickets have values for this field; deactivate it instead (isActive: false)');
        }
        await repo.deleteFieldDef(tx, actor.workspaceId, id);
      }),
  };
}

export type CustomFieldService = ReturnType<typeof createCustomFieldService>;
