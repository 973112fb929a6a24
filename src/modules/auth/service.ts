import { randomBytes } from 'node:crypto';
import type { ApiTokenTable } from '../../db/types.ts';
import type { Actor, Role } from '../../lib/actor.ts';
import { invalid, notFound, tooManyRequests, unauthenticated, wrongCurrentPassword } from '../../lib/errors.ts';
import { hashToken, newId, newSecretToken } from '../../lib/ids.ts';
import { iso } from '../../lib/schema.ts';
import type { ServiceContext } from '../../lib/service-context.ts';
import { auditByActor, recordAudit } from '../audit/service.ts';
import { hashPassword, verifyPassword } from '../users/passwords.ts';
import type { UserService } from '../users/service.ts';
import * as repo from './repo.ts';
import type { ApiToken } from './schema.ts';

/**
 * Failed sign-ins allowed within the window: per email from one client address (someone guessing
 * from elsewhere cannot lock the real user out of their own machine), per email from everywhere
 * (a higher bound against guessing spread over many addresses), and per client address.
 */
export const SESSION_COOKIE = 'rapport_session';

export interface AuthSettings {
  sessionTtlMs: number;
  maxFailuresPerEmailAndIp: number;
  maxFailuresPerEmail: number;
  maxFailuresPerIp: number;
  failureWindowMs: number;
}

export const defaultAuthSettings: AuthSettings = {
  sessionTtlMs: 7 * 24 * 3600_000,
  maxFailuresPerEmailAndIp: 5,
  maxFailuresPerEmail: 50,
  maxFailuresPerIp: 30,
  failureWindowMs: 15 * 60_000,
};

/** The counters a failed sign-in adds to, each with its limit. */
const attemptKeys = (settings: AuthSettings, email: string, ip: string | null) => [
  { key: `email:${email}`, limit: settings.maxFailuresPerEmail },
  ...(ip
    ? [
        { key: `email-ip:${email} ${ip}`, limit: settings.maxFailuresPerEmailAndIp },
        { key: `ip:${ip}`, limit: settings.maxFailuresPerIp },
      ]
    : []),
];

/** Token last-used times are written at most this often, so reads stay reads. */
const TOKEN_TOUCH_INTERVAL_MS = 60_000;

const toApiToken = (row: ApiTokenTable): ApiToken => ({
  id: row.id,
  userId: row.user_id,
  name: row.name,
  prefix: row.prefix,
  createdAt: new Date(row.created_at).toISOString(),
  lastUsedAt: iso(row.last_used_at),
  revokedAt: iso(row.revoked_at),
});

export interface SessionActor extends Actor {
  csrfToken: string;
}

export function createAuthService(
  { db, clock, secret }: ServiceContext,
  users: UserService,
  settings: AuthSettings = defaultAuthSettings,
) {
  /** Refuses at once while a counter of failed password checks is at its limit. */
  async function refuseWhileLockedOut(counters: ReturnType<typeof attemptKeys>, now: Date) {
    const since = now.getTime() - settings.failureWindowMs;
    const counts = await Promise.all(counters.map(({ key }) => repo.countLoginAttempts(db, key, since)));
    if (counters.some(({ limit }, index) => counts[index] >= limit)) {
      throw tooManyRequests('Too many failed sign-ins; wait 15 minutes and try again');
    }
  }

  return {
    async login(input: { email: string; password: string; ip: string | null; userAgent: string | null }) {
      const email = input.email.trim().toLowerCase();
      const now = clock.now();
      const counters = attemptKeys(settings, email, input.ip);
      await refuseWhileLockedOut(counters, now);
      const user = await users.findCredentials(email);
      const passwordOk = await verifyPassword(user?.password_hash ?? null, input.password);
      if (!user || !passwordOk || user.is_active !== 1) {
        await db.transaction().execute(async (tx) => {
          await repo.insertLoginAttempts(tx, counters.map(({ key }) => key), now.getTime());
          if (user) {
            await recordAudit(tx, { workspaceId: user.workspace_id, actorId: user.id, action: 'auth.login_failed', ip: input.ip }, now);
          }
        });
        throw unauthenticated('Wrong email or password');
      }
      const sessionToken = randomBytes(32).toString('base64url');
      const csrfToken = randomBytes(24).toString('base64url');
      await db.transaction().execute(async (tx) => {
        await repo.insertSession(tx, {
          id_hash: hashToken(secret, sessionToken),
          workspace_id: user.workspace_id,
          user_id: user.id,
          csrf_token: csrfToken,
          created_at: now.getTime(),
          expires_at: now.getTime() + settings.sessionTtlMs,
          ip: input.ip,
          user_agent: input.userAgent?.slice(0, 300) ?? null,
        });
        // The right password from this address ends its own streak; guesses from elsewhere still count.
        if (input.ip) await repo.clearLoginAttempts(tx, `email-ip:${email} ${input.ip}`);
        await users.markSignedIn(tx, user.workspace_id, user.id, now);
        await recordAudit(tx, { workspaceId: user.workspace_id, actorId: user.id, action: 'auth.login', ip: input.ip }, now);
      });
      const actor: Actor = { userId: user.id, workspaceId: user.workspace_id, role: user.role as Role, via: 'session' };
      return { sessionToken, csrfToken, ttlMs: settings.sessionTtlMs, user: await users.get(actor, user.id) };
    },

    /**
     * A user changes their own password: the current one is checked like a sign-in (and a wrong one
     * counts against the same limits, so this cannot be used to guess); their other sessions end,
     * the one asking stays signed in, and their API tokens keep working.
     */
    async changeOwnPassword(actor: Actor, input: { currentPassword: string; newPassword: string; ip: string | null }, sessionToken: string | undefined) {
      const user = await users.findOwnCredentials(actor);
      if (!user) throw unauthenticated();
      const now = clock.now();
      const counters = attemptKeys(settings, user.email, input.ip);
      await refuseWhileLockedOut(counters, now);
      if (!(await verifyPassword(user.password_hash, input.currentPassword))) {
        await db.transaction().execute(async (tx) => {
          await repo.insertLoginAttempts(tx, counters.map(({ key }) => key), now.getTime());
          await auditByActor(tx, actor, { action: 'auth.password_change_failed' }, now);
        });
        throw wrongCurrentPassword();
      }
      if (input.newPassword === input.currentPassword) {
        throw invalid('The new password must differ from the current one', { newPassword: 'is the same as the current password' });
      }
      const passwordHash = await hashPassword(input.newPassword);
      const sessionsEnded = await db.transaction().execute(async (tx) => {
        const ended = await users.replaceOwnPassword(tx, actor, passwordHash, sessionToken ? hashToken(secret, sessionToken) : undefined);
        await auditByActor(tx, actor, { action: 'user.password_changed', targetType: 'user', targetId: actor.userId, details: { sessionsEnded: ended } }, now);
        return ended;
      });
      const signedOut = sessionsEnded ? `You were signed out of ${sessionsEnded} other ${sessionsEnded === 1 ? 'session' : 'sessions'}. ` : '';
      return { sessionsEnded, message: `Your password was changed. ${signedOut}Your API tokens keep working; revoke any that others may know.` };
    },

    async logout(actor: Actor, sessionToken: string | undefined) {
      if (!sessionToken) return;
      await db.transaction().execute(async (tx) => {
        await repo.deleteSession(tx, hashToken(secret, sessionToken));
        await auditByActor(tx, actor, { action: 'auth.logout' }, clock.now());
      });
    },

    async authenticateSession(sessionToken: string): Promise<SessionActor | undefined> {
      const row = await repo.findSessionWithUser(db, hashToken(secret, sessionToken));
      if (!row || row.expires_at <= clock.now().getTime() || row.is_active !== 1) return undefined;
      return { userId: row.user_id, workspaceId: row.workspace_id, role: row.role as Role, via: 'session', csrfToken: row.csrf_token };
    },

    async authenticateToken(token: string): Promise<Actor | undefined> {
      const row = await repo.findApiTokenWithUser(db, hashToken(secret, token));
      if (!row || row.revoked_at !== null || row.is_active !== 1) return undefined;
      const now = clock.now().getTime();
      if (row.last_used_at === null || now - row.last_used_at > TOKEN_TOUCH_INTERVAL_MS) await repo.touchApiToken(db, row.id, now);
      return { userId: row.user_id, workspaceId: row.workspace_id, role: row.role as Role, via: 'token' };
    },

    /** Creates a token for the actor, or for `userId` when an admin (or the CLI) asks. Returns the secret once. */
    async createToken(actor: Actor, name: string, userId = actor.userId) {
      if (userId !== actor.userId) await users.get(actor, userId);
      const token = newSecretToken('rpt');
      const now = clock.now();
      const row: ApiTokenTable = {
        id: newId(),
        workspace_id: actor.workspaceId,
        user_id: userId,
        name,
        token_hash: hashToken(secret, token),
        prefix: token.slice(0, 10),
        created_at: now.getTime(),
        last_used_at: null,
        revoked_at: null,
      };
      await db.transaction().execute(async (tx) => {
        await repo.insertApiToken(tx, row);
        await auditByActor(tx, actor, { action: 'token.created', targetType: 'user', targetId: userId, details: { tokenId: row.id, name } }, now);
      });
      return { ...toApiToken(row), token };
    },

    async listTokens(actor: Actor) {
      const rows = await repo.listApiTokens(db, actor.workspaceId, actor.role === 'admin' ? undefined : actor.userId);
      return rows.map(toApiToken);
    },

    async revokeToken(actor: Actor, id: string) {
      const row = await repo.findApiToken(db, actor.workspaceId, id);
      if (!row || (row.user_id !== actor.userId && actor.role !== 'admin')) throw notFound('API token');
      const now = clock.now();
      await db.transaction().execute(async (tx) => {
        if (row.revoked_at === null) await repo.revokeApiToken(tx, id, now.getTime());
        await auditByActor(tx, actor, { action: 'token.revoked', targetType: 'user', targetId: row.user_id, details: { tokenId: id } }, now);
      });
      return toApiToken({ ...row, revoked_at: row.revoked_at ?? now.getTime() });
    },

    /** Housekeeping: expired sessions and old sign-in failures. */
    async purgeExpired() {
      const now = clock.now().getTime();
      await repo.deleteExpiredSessions(db, now);
      await repo.deleteOldLoginAttempts(db, now - settings.failureWindowMs);
    },
  };
}

export type AuthService = ReturnType<typeof createAuthService>;
