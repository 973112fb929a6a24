import { randomBytes } from 'node:crypto';
import type { Executor, WorkspaceTable } from '../../db/types.ts';
import { type Actor, systemActor } from '../../lib/actor.ts';
import { invalid, notFound } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { isKnownTimeZone } from '../../lib/timezone.ts';
import type { ServiceContext } from '../../lib/service-context.ts';
import { auditByActor } from '../audit/service.ts';
import { settingsProblems } from '../escalations/settings.ts';
import { hashPassword } from '../users/passwords.ts';
import type { UserService } from '../users/service.ts';
import * as repo from './repo.ts';
import type { UpdateWorkspaceBody, Workspace, WorkspaceSettings } from './schema.ts';

const DEFAULT_PAUSING_STATUSES = ['pending', 'on-hold'];

const toWorkspace = (row: WorkspaceTable): Workspace => ({
  id: row.id,
  name: row.name,
  timezone: row.timezone,
  settings: JSON.parse(row.settings),
  createdAt: new Date(row.created_at).toISOString(),
  updatedAt: new Date(row.updated_at).toISOString(),
});

export interface Bootstrap {
  workspace: Workspace;
  /** Present only when this call created the workspace: the first admin's one-time credentials. */
  admin?: { email: string; password: string };
}

export interface NewWorkspace {
  name: string;
  adminEmail: string;
  adminName: string;
  timezone?: string;
}

export interface WorkspaceHooks {
  /** Runs in the creating transaction: other modules install their defaults (e.g. SLA policies). */
  created(tx: Executor, workspaceId: string, timezone: string): Promise<void>;
}

export function createWorkspaceService({ db, clock }: ServiceContext, users: UserService, hooks: WorkspaceHooks) {
  async function create(options: NewWorkspace): Promise<Bootstrap & { admin: { email: string; password: string } }> {
    const password = randomBytes(12).toString('base64url');
    const passwordHash = await hashPassword(password);
    const now = clock.now().getTime();
    const row: WorkspaceTable = {
      id: newId(),
      name: options.name,
      timezone: options.timezone ?? 'UTC',
      ticket_seq: 0,
      settings: '{}',
      created_at: now,
      updated_at: now,
    };
    await db.transaction().execute(async (tx) => {
      await repo.insertWorkspace(tx, row);
      await users.insert(tx, systemActor(row.id), { email: options.adminEmail, name: options.adminName, role: 'admin' }, passwordHash);
      await hooks.created(tx, row.id, row.timezone);
    });
    return { workspace: toWorkspace(row), admin: { email: options.adminEmail.toLowerCase(), password } };
  }

  return {
    async get(actor: Actor) {
      const row = await repo.findWorkspace(db, actor.workspaceId);
      if (!row) throw notFound('Workspace');
      return toWorkspace(row);
    },

    async findFirst() {
      const row = await repo.findFirstWorkspace(db);
      return row ? toWorkspace(row) : undefined;
    },

    /** Creates a workspace and its first admin, whose generated password is returned once and never stored in clear. */
    create,

    /** Creates the workspace and its first admin when the database has none; otherwise returns the existing one. */
    async ensureWorkspace(options: NewWorkspace): Promise<Bootstrap> {
      const existing = await repo.findFirstWorkspace(db);
      return existing ? { workspace: toWorkspace(existing) } : create(options);
    },

    /**
     * The workspace whose customer portal answers on `host` (the request's Host header): the one
     * listing it in portalHostnames, else — in an installation with a single workspace — that one.
     */
    async findByPortalHost(host: string | undefined) {
      const rows = await repo.listWorkspaceSettings(db);
      const wanted = (host ?? '').toLowerCase();
      const listed = rows.find((row) => ((JSON.parse(row.settings) as WorkspaceSettings).portalHostnames ?? []).includes(wanted));
      const found = listed ?? (rows.length === 1 ? rows[0] : undefined);
      return found ? { id: found.id, name: found.name, settings: JSON.parse(found.settings) as WorkspaceSettings } : undefined;
    },

    /** The workspace's settings, read inside the caller's transaction. */
    async readSettings(tx: Executor, workspaceId: string): Promise<WorkspaceSettings & { timezone: string; name: string }> {
      const row = await repo.findWorkspace(tx, workspaceId);
      if (!row) throw notFound('Workspace');
      return { ...JSON.parse(row.settings), timezone: row.timezone, name: row.name };
    },

    /** The statuses that stop SLA clocks (besides solved and closed). */
    async slaPausingStatuses(tx: Executor, workspaceId: string) {
      const row = await repo.findWorkspace(tx, workspaceId);
      const settings: WorkspaceSettings = row ? JSON.parse(row.settings) : {};
      return settings.slaPausingStatuses ?? DEFAULT_PAUSING_STATUSES;
    },

    update: (actor: Actor, body: UpdateWorkspaceBody) =>
      db.transaction().execute(async (tx) => {
        const row = await repo.findWorkspace(tx, actor.workspaceId);
        if (!row) throw notFound('Workspace');
        if (body.timezone !== undefined && !isKnownTimeZone(body.timezone)) {
          throw invalid(`Unknown time zone "${body.timezone}"`, { timezone: 'not an IANA time zone' });
        }
        const now = clock.now();
        const changes: Partial<WorkspaceTable> = { updated_at: now.getTime() };
        if (body.name !== undefined) changes.name = body.name.trim();
        if (body.timezone !== undefined) changes.timezone = body.timezone;
        if (body.settings !== undefined) {
          const problems = settingsProblems(body.settings);
          if (Object.keys(problems).length) throw invalid('The priority matrix ranks more impact or urgency lower', problems);
          changes.settings = JSON.stringify({ ...JSON.parse(row.settings), ...body.settings });
        }
        await repo.updateWorkspace(tx, actor.workspaceId, changes);
        await auditByActor(tx, actor, { action: 'workspace.settings_changed', targetType: 'workspace', targetId: row.id, details: { changed: Object.keys(body) } }, now);
        return toWorkspace({ ...row, ...changes });
      }),
  };
}

export type WorkspaceService = ReturnType<typeof createWorkspaceService>;

export { nextTicketNumber } from './repo.ts';
