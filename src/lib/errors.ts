/**
 * Every problem Rapport answers with: the code (`type: /problems/<code>`) and its HTTP status,
 * each declared once here. Codes are stable once published.
 */
export const problemStatus = {
  /** The record does not exist in the caller's workspace (also other workspaces' records: no existence leak), or no route has the URL. */
  'not-found': 404,
  /** The request is well-formed but breaks a rule; `fields` names the offending fields. */
  validation: 400,
  /** No valid session or token. */
  unauthenticated: 401,
  /** Authenticated, but the role does not admit this action. */
  forbidden: 403,
  /** A cookie-authenticated unsafe request without the session's CSRF token. */
  csrf: 403,
  /** A password change whose current password is wrong (counted like a failed sign-in). */
  'wrong-password': 403,
  /** A unique value is already taken (e.g. an email address), also when a concurrent request won the race to the index. */
  conflict: 409,
  /** If-Match did not match the current version: someone else changed the record first. */
  'stale-write': 412,
  /** Too many attempts in a short time. */
  'rate-limited': 429,
  /** A calendar that SLA policies use would never open, or a policy is pointed at such a calendar. */
  'calendar-never-opens': 422,
  /** A canned response names a {{variable}} that does not exist. */
  'unknown-variable': 422,
  /** No mailbox of any workspace has this address (SMTP answers 550). */
  'unknown-recipient': 404,
  /** The input is not an email message at all (empty, or no header section). */
  'unreadable-email': 422,
  /** A plain GET to an endpoint that speaks WebSocket only. */
  'upgrade-required': 426,
  /** The body is not valid JSON. */
  'malformed-json': 400,
  /** The request is not valid HTTP, or its Content-Length does not match the body. */
  'malformed-request': 400,
  /** A part of the URL path is not percent-encoded UTF-8. */
  'bad-url': 400,
  /** Any other client error Fastify reports (its own 4xx status is kept). */
  'bad-request': 400,
  /** The request did not arrive in time. */
  'request-timeout': 408,
  /** The request body is over the limit. */
  'too-large': 413,
  /** A part of the URL path is too long. */
  'uri-too-long': 414,
  /** A body that is not JSON. */
  'unsupported-media-type': 415,
  /** The request headers (the URL included) are too large. */
  'headers-too-large': 431,
  /** An unexpected error: logged, never shown. */
  internal: 500,
} as const satisfies Record<string, number>;

export type ProblemCode = keyof typeof problemStatus;

/**
 * The one error family services throw. The HTTP layer maps each to application/problem+json;
 * the CLI prints its message as one sentence.
 */
export class AppError extends Error {
  readonly status: number;

  constructor(
    readonly code: ProblemCode,
    message: string,
    readonly fields?: Record<string, string>,
  ) {
    super(message);
    this.status = problemStatus[code];
  }
}

/** `detail` says more than "<what> not found" where the reason is not obvious. */
export const notFound = (what: string, detail = `${what} not found`) => new AppError('not-found', detail);
export const invalid = (message: string, fields?: Record<string, string>) => new AppError('validation', message, fields);
export const unauthenticated = (message = 'Sign in or send a valid API token') => new AppError('unauthenticated', message);
export const forbidden = (message = 'Your role does not allow this action') => new AppError('forbidden', message);
export const conflict = (message: string, fields?: Record<string, string>) => new AppError('conflict', message, fields);
export const staleWrite = (what: string) => new AppError('stale-write', `${what} was changed by someone else; reload it and try again`);
export const wrongCurrentPassword = () =>
  new AppError('wrong-password', 'Your current password is not right', { currentPassword: 'is not right' });
export const tooManyRequests = (message: string) => new AppError('rate-limited', message);
export const csrfRejected = () => new AppError('csrf', 'Missing or wrong X-CSRF-Token header for this session');
/** `field` names the offending part of the calendar or policy. */
export const calendarNeverOpens = (field: string, sentence: string) =>
  new AppError('calendar-never-opens', sentence, { [field]: 'the calendar would never open' });
export const unknownRecipient = (address: string) => new AppError('unknown-recipient', `No mailbox here receives mail for ${address}`);
export const unreadableEmail = (sentence: string) => new AppError('unreadable-email', sentence);
export const upgradeRequired = (message: string) => new AppError('upgrade-required', message);
