import type { Executor } from '../../db/types.ts';
import type { Actor, Role } from '../../lib/actor.ts';
import { conflict, invalid, notFound } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { iso } from '../../lib/schema.ts';
import type { ServiceContext } from '../../lib/service-context.ts';
import { auditByActor } from '../audit/service.ts';
import { hashPassword } from './passwords.ts';
import * as repo from './repo.ts';
import type { CreateUserBody, UpdatedUser, UpdateUserBody, User } from './schema.ts';

const toUser = (row: repo.UserRow, teamIds: string[]): User => ({
  id: row.id,
  email: row.email,
  name: row.name,
  role: row.role as Role,
  isActive: row.is_active === 1,
  isSenior: row.is_senior === 1,
  teamIds,
  createdAt: new Date(row.created_at).toISOString(),
  lastLoginAt: iso(row.last_login_at),
});

export function createUserService({ db, clock }: ServiceContext) {
  async function withTeams(rows: repo.UserRow[], executor: Executor = db) {
    const teams = await repo.teamIdsByUser(executor, rows.map((row) => row.id));
    return rows.map((row) => toUser(row, teams.get(row.id) ?? []));
  }

  /** Inserts a user in an open transaction (also used when a workspace is first set up). */
  async function insert(tx: Executor, actor: Actor, body: Omit<CreateUserBody, 'password'>, passwordHash: string | null) {
    const email = body.email.trim().toLowerCase();
    if (await repo.findUserByEmail(tx, email)) throw conflict(`A staff user with email ${email} already exists`, { email: 'already in use' });
    const now = clock.now();
    const row: repo.UserRow = {
      id: newId(),
      workspace_id: actor.workspaceId,
      email,
      name: body.name.trim(),
      role: body.role,
      password_hash: passwordHash,
      is_active: 1,
      is_senior: body.isSenior ? 1 : 0,
      created_at: now.getTime(),
      updated_at: now.getTime(),
      last_login_at: null,
    };
    await repo.insertUser(tx, row);
    await auditByActor(tx, actor, { action: 'user.created', targetType: 'user', targetId: row.id, details: { email, role: body.role, isSenior: row.is_senior === 1 } }, now);
    return toUser(row, []);
  }

  return {
    insert,
    async create(actor: Actor, body: CreateUserBody) {
      // Hash before the transaction: argon2 is deliberately slow and must not hold the write lock.
      const passwordHash = body.password ? await hashPassword(body.password) : null;
      return db.transaction().execute((tx) => insert(tx, actor, body, passwordHash));
    },

    list: async (actor: Actor) => withTeams(await repo.listUsers(db, actor.workspaceId)),

    async get(actor: Actor, id: string) {
      const row = await repo.findUserById(db, actor.workspaceId, id);
      if (!row) throw notFound('User');
      return (await withTeams([row]))[0];
    },

    /** The stored credentials for sign-in: internal to the auth module, never sent to a client. */
    findCredentials: (email: string) => repo.findUserByEmail(db, email),

    markSignedIn: (tx: Executor, workspaceId: string, id: string, now: Date) =>
      repo.updateUser(tx, workspaceId, id, { last_login_at: now.getTime() }),

    async findByEmail(email: string) {
      const row = await repo.findUserByEmail(db, email);
      return row ? toUser(row, []) : undefined;
    },

    async update(actor: Actor, id: string, body: UpdateUserBody): Promise<UpdatedUser> {
      if (body.password !== undefined && id === actor.userId) {
        throw invalid('Change your own password with your current password (POST /api/v1/me/password)', { password: 'use Change password for your own' });
      }
      const passwordHash = body.password !== undefined ? await hashPassword(body.password) : undefined;
      return db.transaction().execute(async (tx) => {
        const row = await repo.findUserById(tx, actor.workspaceId, id);
        if (!row) throw notFound('User');
        const warnings: string[] = [];
        if (id === actor.userId && ((body.role && body.role !== 'admin') || body.isActive === false) && row.role === 'admin') {
          throw invalid('You cannot demote or deactivate yourself; ask another admin', { role: 'cannot demote yourself' });
        }
        const now = clock.now();
        const changes: Partial<repo.UserRow> = { updated_at: now.getTime() };
        if (body.name !== undefined) changes.name = body.name.trim();
        if (body.role !== undefined && body.role !== row.role) {
          changes.role = body.role;
          await auditByActor(tx, actor, { action: 'user.role_changed', targetType: 'user', targetId: id, details: { from: row.role, to: body.role } }, now);
        }
        if (body.isActive !== undefined && (body.isActive ? 1 : 0) !== row.is_active) {
          changes.is_active = body.isActive ? 1 : 0;
          await auditByActor(tx, actor, { action: body.isActive ? 'user.activated' : 'user.deactivated', targetType: 'user', targetId: id }, now);
          // A deactivated user is signed out everywhere; reactivation needs a new sign-in.
          if (!body.isActive) await repo.deleteSessionsOfUser(tx, id);
        }
        if (body.isSenior !== undefined && (body.isSenior ? 1 : 0) !== row.is_senior) {
          changes.is_senior = body.isSenior ? 1 : 0;
          await auditByActor(tx, actor, { action: 'user.seniority_changed', targetType: 'user', targetId: id, details: { isSenior: body.isSenior } }, now);
        }
        if (passwordHash !== undefined) {
          // A reset is for a password someone else may know: every session and token of it ends.
          changes.password_hash = passwordHash;
          const sessions = await repo.deleteSessionsOfUser(tx, id);
          const tokens = await repo.revokeTokensOfUser(tx, id, now.getTime());
          await auditByActor(tx, actor, { action: 'user.password_set', targetType: 'user', targetId: id, details: { sessionsEnded: sessions, tokensRevoked: tokens } }, now);
          warnings.push(`${row.name} was signed out everywhere (${sessions} ${sessions === 1 ? 'session' : 'sessions'}) and ${tokens} API ${tokens === 1 ? 'token was' : 'tokens were'} revoked; they sign in with the new password and create new tokens.`);
        }
        await repo.updateUser(tx, actor.workspaceId, id, changes);
        return { ...(await withTeams([{ ...row, ...changes }], tx))[0], warnings };
      });
    },

    /** The actor's own credentials, for a password change (internal to the auth module). */
    findOwnCredentials: (actor: Actor) => repo.findUserById(db, actor.workspaceId, actor.userId),

    /** Stores the actor's new password and signs out their other sessions; resolves to how many ended. */
    async replaceOwnPassword(tx: Executor, actor: Actor, passwordHash: string, keepSessionHash: string | undefined) {
      await repo.updateUser(tx, actor.workspaceId, actor.userId, { password_hash: passwordHash, updated_at: clock.now().getTime() });
      return repo.deleteSessionsOfUser(tx, actor.userId, keepSessionHash);
    },

    /** How many of `ids` are staff users of the actor's workspace (validates assignees). */
    countInWorkspace: (actor: Actor, ids: string[]) => repo.countUsersInWorkspace(db, actor.workspaceId, { ids }),
  };
}

export type UserService = ReturnType<typeof createUserService>;
