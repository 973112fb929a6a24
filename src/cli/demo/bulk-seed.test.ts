import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { eachDialect } from '../../../test/harness.ts';
import { type Actor, systemActor } from '../../lib/actor.ts';
import { seedBulkTickets } from './bulk-seed.ts';

eachDialect('bulk ticket seeding', (ctx) => {
  let admin: Actor;
  let teamId: string;

  beforeAll(async () => {
    const { services, database, clock } = ctx();
    const { workspace } = await services.workspace.ensureWorkspace({ name: 'Bulk', adminEmail: 'admin@bulk.test', adminName: 'Admin' });
    const system = systemActor(workspace.id);
    const agent = await services.users.create(system, { email: 'agent@bulk.test', name: 'Agent', role: 'agent' });
    teamId = (await services.teams.create(system, { name: 'Frontline', memberIds: [agent.id] })).id;
    await services.organisations.create(system, { name: 'Northwind', tier: 'premium', domains: ['northwind.example'] });
    const adminUser = await services.users.findByEmail('admin@bulk.test');
    admin = { userId: adminUser?.id ?? '', workspaceId: workspace.id, role: 'admin', via: 'token' };
    await seedBulkTickets(database.handle, workspace.id, 500, { progress: false, now: clock.now() });
  });

  describe('the generated rows', () => {
    it('numbers 500 tickets 1…500 and moves the workspace sequence past them', async () => {
      const { db } = ctx().database.handle;
      const numbers = await db
        .selectFrom('ticket')
        .select('number')
        .where('workspace_id', '=', admin.workspaceId)
        .orderBy('number')
        .execute();
      expect(numbers.map((row) => row.number)).toEqual(Array.from({ length: 500 }, (_, i) => i + 1));
      const workspace = await db.selectFrom('workspace').select('ticket_seq').where('id', '=', admin.workspaceId).executeTakeFirstOrThrow();
      expect(workspace.ticket_seq).toBe(500);
    });

    it('gives every ticket a requester, a created event, one or two messages and search entry', async () => {
      const { db } = ctx().database.handle;
      const total = async (table: 'ticket' | 'message' | 'ticket_event' | 'contact' | 'contact_email') =>
        Number(
          (
            await db
              .selectFrom(table)
              .select((eb) => eb.fn.countAll().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        );
      expect(await total('ticket_event')).toBe(500);
      expect(await total('message')).toBeGreaterThan(500);
      expect(await total('message')).toBeLessThanOrEqual(1000);
      expect(await total('contact')).toBeGreaterThanOrEqual(100);
      expect(await total('contact_email')).toBe(await total('contact'));
      const orphans = await db
        .selectFrom('ticket as t')
        .leftJoin('contact as c', 'c.id', 't.requester_id')
        .select('t.id')
        .where('c.id', 'is', null)
        .execute();
      expect(orphans).toEqual([]);
      const searchTable = ctx().dialect === 'postgres' ? 'ticket_search' : 'ticket_search_map';
      const indexed = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(searchTable)}`.execute(db);
      expect(Number(indexed.rows[0].n)).toBe(500);
    });

    it('spreads creation over the past two years, increasing with the number', async () => {
      const { db } = ctx().database.handle;
      const rows = await db.selectFrom('ticket').select(['created_at', 'updated_at']).orderBy('number').execute();
      const now = ctx().clock.now().getTime();
      expect(rows[0].created_at).toBeLessThan(now - 700 * 86_400_000);
      expect(rows[rows.length - 1].created_at).toBeGreaterThan(now - 3 * 86_400_000);
      expect(rows.every((row, i) => i === 0 || row.created_at >= rows[i - 1].created_at)).toBe(true);
      expect(rows.every((row) => row.updated_at >= row.created_at && row.updated_at <= now)).toBe(true);
    });

    it('uses the existing team, agents and organisations, and writes ticket_tag rows for the tags', async () => {
      const { db } = ctx().database.handle;
      const tickets = await db.selectFrom('ticket').select(['team_id', 'assignee_id', 'organisation_id', 'tags', 'id']).execute();
      expect(tickets.filter((t) => t.team_id === teamId).length).toBeGreaterThan(300);
      expect(tickets.filter((t) => t.assignee_id !== null).length).toBeGreaterThan(300);
      expect(tickets.some((t) => t.organisation_id !== null)).toBe(true);
      const tagCount = tickets.reduce((sum, t) => sum + JSON.parse(t.tags).length, 0);
      expect(tagCount).toBeGreaterThan(0);
      expect(
        Number(
          (
            await db
              .selectFrom('ticket_tag')
              .select((eb) => eb.fn.countAll().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        ),
      ).toBe(tagCount);
    });

    it('writes no outbox events: generated history has nothing to notify', async () => {
      const { db } = ctx().database.handle;
      expect(await db.selectFrom('outbox').select('id').where('workspace_id', '=', admin.workspaceId).execute()).toEqual([]);
    });
  });

  describe('through the services', () => {
    it('lists them newest first with their requesters', async () => {
      const { services } = ctx();
      const page = await services.tickets.list(admin, { limit: 50 });
      expect(page.items).toHaveLength(50);
      expect(page.items[0].number).toBe(500);
      expect(page.items.every((ticket) => ticket.requester.name && ticket.requester.email)).toBe(true);
      expect(page.nextCursor).not.toBeNull();
      const closed = await services.tickets.list(admin, { status: 'closed', teamId, limit: 10 });
      expect(closed.items.length).toBeGreaterThan(0);
      expect(closed.items.every((ticket) => ticket.status === 'closed' && ticket.teamId === teamId)).toBe(true);
      expect((await services.tickets.history(admin, page.items[0].id)).map((event) => event.newValue)).toContain('created');
    });

    it('finds a ticket by a word of its subject', async () => {
      const { services, database } = ctx();
      const ticket = await database.handle.db
        .selectFrom('ticket')
        .select(['id', 'subject'])
        .where('number', '=', 123)
        .executeTakeFirstOrThrow();
      const word = ticket.subject.split(/[^\p{L}\p{N}]+/u).sort((a, b) => b.length - a.length)[0];
      const found: string[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < 10 && !found.includes(ticket.id); page++) {
        const result = await services.search.findTicketIds(admin, word, 200, cursor);
        found.push(...result.ticketIds);
        if (!result.nextCursor) break;
        cursor = result.nextCursor;
      }
      expect(found).toContain(ticket.id);
    });

    it('continues the numbering and keeps contact emails unique when run again', async () => {
      const { database, clock } = ctx();
      await seedBulkTickets(database.handle, admin.workspaceId, 120, { progress: false, now: clock.now() });
      const numbers = await database.handle.db.selectFrom('ticket').select('number').where('number', '>', 500).orderBy('number').execute();
      expect(numbers.map((row) => row.number)).toEqual(Array.from({ length: 120 }, (_, i) => i + 501));
    });
  });
});
