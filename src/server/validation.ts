import type { Serializer, SerializerFactory } from '@fastify/fast-json-stringify-compiler';
import type { FastifySchemaCompiler } from 'fastify';
import { Ajv, type ErrorObject, type Options, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { lazyRequire } from '../lib/lazy-require.ts';

const common: Options = { allErrors: false, removeAdditional: true, useDefaults: true, strict: false };

/** JSON bodies must have the right types: "42" is not a number. */
const strict = addFormats.default(new Ajv({ ...common, coerceTypes: false }));
/** Query strings and path parameters arrive as text: coerce "50" to 50, "a,b" stays text. */
const coercing = addFormats.default(new Ajv({ ...common, coerceTypes: 'array' }));

/**
 * Schemas compile on a route's first request, not at start: compiling every route's validators and
 * response serializers up front was most of the time to a healthy server, and most routes are
 * rarely used. Fastify reads a failed validation's `errors` from the function it was given, so they
 * are passed through.
 */
export const validatorCompiler: FastifySchemaCompiler<unknown> = ({ schema, httpPart }) => {
  let compiled: ValidateFunction | undefined;
  const validate = (data: unknown) => {
    compiled ??= (httpPart === 'body' ? strict : coercing).compile(schema as object);
    const valid = compiled(data);
    validate.errors = compiled.errors;
    return valid;
  };
  validate.errors = null as ErrorObject[] | null | undefined;
  return validate;
};

/** Fastify's own response serializers (fast-json-stringify), each built on its first response. */
const serializerCompiler = lazyRequire<typeof import('@fastify/fast-json-stringify-compiler')>('@fastify/fast-json-stringify-compiler');

export const lazySerializerFactory: SerializerFactory = (externalSchemas, options) => {
  let compile: ReturnType<SerializerFactory> | undefined;
  return (route) => {
    let serialize: Serializer | undefined;
    return (data) => {
      compile ??= serializerCompiler().SerializerSelector()(externalSchemas, options);
      serialize ??= compile(route);
      return serialize(data);
    };
  };
};
