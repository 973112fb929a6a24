export const ROLES = ['admin', 'supervisor', 'agent', 'read-only'] as const;
export type Role = (typeof ROLES)[number];

/** Who is acting: every service call is scoped to the actor's workspace. */
export interface Actor {
  userId: string;
  workspaceId: string;
  role: Role;
  via: 'session' | 'token' | 'system';
  ip?: string | null;
}

/** Which roles a route admits. Every API route must declare one of these (see server/access.ts). */
export const access = {
  /** Anyone, signed in or not (health, login, API docs). */
  public: 'public',
  /** Any signed-in staff user, read-only included. */
  read: ['admin', 'supervisor', 'agent', 'read-only'],
  /** Staff who work tickets and customers. */
  work: ['admin', 'supervisor', 'agent'],
  /** Team leads and above: teams, membership, reviews. */
  manage: ['admin', 'supervisor'],
  /** Workspace configuration, users, the audit log. */
  admin: ['admin'],
} as const satisfies Record<string, 'public' | readonly Role[]>;

export type Access = 'public' | readonly Role[];

/** The identity background jobs and the CLI act as. */
export const systemActor = (workspaceId: string): Actor => ({ userId: 'system', workspaceId, role: 'admin', via: 'system' });
