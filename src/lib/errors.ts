/**
 * The one error family services throw. The HTTP layer maps each to application/problem+json
 * (`type: /problems/<code>`); the CLI prints its message as one sentence.
 * Codes are stable once published.
 */
export class AppError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    readonly fields?: Record<string, string>,
  ) {
    super(message);
  }
}

/** The record does not exist in the caller's workspace (also used for other workspaces' records: no existence leak). */
export const notFound = (what: string) => new AppError('not-found', 404, `${what} not found`);
/** The request is well-formed JSON but breaks a rule; `fields` names the offending fields. */
export const invalid = (message: string, fields?: Record<string, string>) =>
  new AppError('validation', 400, message, fields);
/** No valid session or token. */
export const unauthenticated = (message = 'Sign in or send a valid API token') =>
  new AppError('unauthenticated', 401, message);
/** Authenticated, but the role does not admit this action. */
export const forbidden = (message = 'Your role does not allow this action') => new AppError('forbidden', 403, message);
/** A unique value is already taken (e.g. an email address). */
export const conflict = (message: string, fields?: Record<string, string>) =>
  new AppError('conflict', 409, message, fields);
/** If-Match did not match the current version: someone else changed the record first. */
export const staleWrite = (what: string) =>
  new AppError('stale-write', 412, `${what} was changed by someone else; reload it and try again`);
/** A password change whose current password is wrong (counted like a failed sign-in). */
export const wrongCurrentPassword = () =>
  new AppError('wrong-password', 403, 'Your current password is not right', { currentPassword: 'is not right' });
/** Too many attempts in a short time. */
export const tooManyRequests = (message: string) => new AppError('rate-limited', 429, message);
/** A cookie-authenticated unsafe request without the session's CSRF token. */
export const csrfRejected = () =>
  new AppError('csrf', 403, 'Missing or wrong X-CSRF-Token header for this session');
