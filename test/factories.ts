import { randomBytes } from 'node:crypto';
import type { Actor, Role } from '../src/lib/actor.ts';
import { systemActor } from '../src/lib/actor.ts';
import type { CreateTicketBody } from '../src/modules/tickets/schema.ts';
import type { Services } from '../src/server/services.ts';

const unique = () => randomBytes(4).toString('hex');

export interface Workspace {
  id: string;
  system: Actor;
  admin: Actor & { email: string; password: string };
}

/** Test data with unique defaults: tests set only what they check. */
export const make = {
  /** A new workspace with its admin (several per database: tests check isolation between them). */
  async workspace(services: Services): Promise<Workspace> {
    const email = `admin-${unique()}@example.test`;
    const created = await services.workspace.create({ name: `Desk ${unique()}`, adminEmail: email, adminName: 'Admin' });
    const admin = await services.users.findByEmail(email);
    if (!admin) throw new Error('workspace setup failed');
    const id = created.workspace.id;
    return {
      id,
      system: systemActor(id),
      admin: { userId: admin.id, workspaceId: id, role: 'admin', via: 'token', email, password: created.admin.password },
    };
  },

  async user(services: Services, ws: Workspace, role: Role = 'agent', password = 'correct horse battery') {
    const email = `${role}-${unique()}@example.test`;
    const user = await services.users.create(ws.system, { email, name: `${role} ${unique()}`, role, password });
    const actor: Actor = { userId: user.id, workspaceId: ws.id, role, via: 'token' };
    return { user, actor, email, password };
  },

  async token(services: Services, ws: Workspace, role: Role = 'agent') {
    const { user, actor } = await make.user(services, ws, role);
    const created = await services.auth.createToken(ws.system, 'test', user.id);
    return { user, actor, token: created.token };
  },

  ticket(services: Services, actor: Actor, overrides: Partial<CreateTicketBody> = {}) {
    return services.tickets.create(actor, {
      subject: `Ticket ${unique()}`,
      channel: 'email',
      requester: { email: `customer-${unique()}@example.test`, name: 'Casey Customer' },
      message: { text: 'Something is broken.' },
      ...overrides,
    });
  },

  contact(services: Services, actor: Actor, overrides: Partial<Parameters<Services['contacts']['create']>[1]> = {}) {
    return services.contacts.create(actor, { name: `Contact ${unique()}`, emails: [`c-${unique()}@example.test`], ...overrides });
  },
};
