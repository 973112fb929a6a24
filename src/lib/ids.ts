import { createHash, createHmac, randomBytes } from 'node:crypto';
import { v7 } from 'uuid';

/** Time-ordered UUIDs (v7): index-friendly and unguessable enough for record ids. */
export const newId = () => v7();

/** A random token with a readable prefix, e.g. `rpt_…` for API tokens. */
export const newSecretToken = (prefix: string) => `${prefix}_${randomBytes(32).toString('base64url')}`;

/**
 * Tokens (API tokens, session ids) are stored as an HMAC keyed with the installation's secret:
 * a leaked table reveals no usable token, and guesses cannot be checked without the secret.
 */
export const hashToken = (secret: string, token: string) => createHmac('sha256', secret).update(token).digest('hex');

export const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');
