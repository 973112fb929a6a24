import type { FastifySchemaCompiler } from 'fastify';
import { Ajv, type Options } from 'ajv';
import addFormats from 'ajv-formats';

const common: Options = { allErrors: false, removeAdditional: true, useDefaults: true, strict: false };

/** JSON bodies must have the right types: "42" is not a number. */
const strict = addFormats.default(new Ajv({ ...common, coerceTypes: false }));
/** Query strings and path parameters arrive as text: coerce "50" to 50, "a,b" stays text. */
const coercing = addFormats.default(new Ajv({ ...common, coerceTypes: 'array' }));

export const validatorCompiler: FastifySchemaCompiler<unknown> = ({ schema, httpPart }) =>
  (httpPart === 'body' ? strict : coercing).compile(schema as object);
