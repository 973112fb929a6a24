import type { Duplex } from 'node:stream';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { isUniqueViolation } from '../db/dialect.ts';
import { AppError, type ProblemCode, problemStatus } from '../lib/errors.ts';

interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  fields?: Record<string, string>;
}

const titles: Record<number, string> = {
  400: 'Bad request',
  401: 'Unauthenticated',
  403: 'Forbidden',
  404: 'Not found',
  405: 'Method not allowed',
  408: 'Request timeout',
  409: 'Conflict',
  412: 'Precondition failed',
  413: 'Payload too large',
  414: 'URI too long',
  415: 'Unsupported media type',
  422: 'Unprocessable content',
  429: 'Too many requests',
  431: 'Request header fields too large',
  500: 'Internal server error',
};

export const problem = (code: ProblemCode, detail: string, fields?: Record<string, string>, status: number = problemStatus[code]): Problem => ({
  type: `/problems/${code}`,
  title: titles[status] ?? 'Error',
  status,
  detail,
  ...(fields ? { fields } : {}),
});

/** Turns Ajv's messages into "field: message" pairs, naming nested fields with dots. */
function validationFields(error: FastifyError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.validation ?? []) {
    const path = issue.instancePath.replace(/^\//, '').replaceAll('/', '.');
    const params = issue.params as Record<string, unknown>;
    const missing = typeof params.missingProperty === 'string' ? params.missingProperty : undefined;
    const name = [path, missing].filter(Boolean).join('.') || (error.validationContext ?? 'body');
    if (!fields[name]) {
      const allowed = Array.isArray(params.allowedValues) ? `: one of ${params.allowedValues.join(', ')}` : '';
      fields[name] = `${issue.message ?? 'is invalid'}${allowed}`;
    }
  }
  return fields;
}

/** Maps every error to application/problem+json; only unknown errors are logged, and no stack leaves the server. */
export function toProblem(error: FastifyError | AppError | Error, request: FastifyRequest): Problem {
  if (error instanceof AppError) return problem(error.code, error.message, error.fields, error.status);
  const fastifyError = error as FastifyError;
  if (fastifyError.validation) {
    const fields = validationFields(fastifyError);
    const where = fastifyError.validationContext ?? 'request';
    return problem('validation', `Invalid ${where}: ${Object.entries(fields).map(([f, m]) => `${f} ${m}`).join('; ')}`, fields);
  }
  switch (fastifyError.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return problem('malformed-json', 'The request body is not valid JSON', { body: 'malformed JSON' });
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return problem('too-large', 'The request body is too large');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return problem('unsupported-media-type', 'Send JSON with Content-Type: application/json');
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return problem('malformed-request', 'The Content-Length does not match the body');
    case 'FST_ERR_BAD_URL':
      return problem('bad-url', 'The URL is not valid: a part of its path is not percent-encoded UTF-8');
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return problem('uri-too-long', 'A part of the URL path is too long');
  }
  // Services check uniqueness first; a concurrent request can still win the race to the index.
  if (isUniqueViolation(error)) return problem('conflict', 'Another change took this value at the same moment; reload and try again');
  if (error instanceof SyntaxError && fastifyError.statusCode === 400) {
    return problem('malformed-json', 'The request body is not valid JSON', { body: 'malformed JSON' });
  }
  const status = fastifyError.statusCode;
  if (status && status >= 400 && status < 500) return problem('bad-request', error.message, undefined, status);
  request.log.error({ err: error }, 'unhandled error');
  return problem('internal', 'Something went wrong on our side; the error was logged');
}

export function sendProblem(reply: FastifyReply, value: Problem) {
  return reply.code(value.status).type('application/problem+json').send(value);
}

/** What Node's HTTP parser refuses before Fastify sees a request, answered as a problem on the raw socket. */
function clientProblem(error: NodeJS.ErrnoException): Problem {
  switch (error.code) {
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return problem('request-timeout', 'The request did not arrive in time');
    case 'HPE_HEADER_OVERFLOW':
      return problem('headers-too-large', 'The request headers (the URL included) are too large');
    default:
      return problem('malformed-request', 'The request is not valid HTTP');
  }
}

/** Fastify's clientErrorHandler: Node's own answers are plain JSON; ours are problem+json like every other. */
export function answerClientError(error: NodeJS.ErrnoException, socket: Duplex) {
  // A reset connection has nobody to answer.
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  if (socket.writable) {
    const value = clientProblem(error);
    const body = JSON.stringify(value);
    socket.write(
      `HTTP/1.1 ${value.status} ${value.title}\r\nContent-Type: application/problem+json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}
