import type { DatabaseHandle } from '../../db/connect.ts';
import { type Actor, type Role, systemActor } from '../../lib/actor.ts';
import { fixedClock } from '../../lib/clock.ts';
import { conflict } from '../../lib/errors.ts';
import { seededRandom } from '../../lib/random.ts';
import { settleGeneratedHistory } from '../../modules/outbox/service.ts';
import type { User } from '../../modules/users/schema.ts';
import { addDays, weekOf } from '../../modules/wfm/local-time.ts';
import { createServices } from '../../server/services.ts';
import {
  channelMix,
  demoCannedResponses,
  demoOrganisations,
  demoShifts,
  demoStaff,
  demoTeams,
  firstNames,
  lastNames,
  priorityMix,
  ticketScripts,
} from './demo-data.ts';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/**
 * Builds the demo desk through the real services, moving a clock through the last 60 days so every
 * ticket has a believable history (replies, notes, status changes) and the outbox holds its events.
 */
export async function seedDemo(handle: DatabaseHandle, workspaceId: string, now: Date, secret: string, options: { tickets?: number } = {}) {
  const clock = fixedClock(new Date(now.getTime() - 61 * DAY).toISOString());
  const services = createServices(handle, { clock, secret });
  const random = seededRandom(20261124);
  // Separate, so the variety of conversations does not change which tickets the main sequence makes.
  const variety = seededRandom(20261207);
  const system = systemActor(workspaceId);

  if (await services.users.findByEmail(demoStaff[0].email)) {
    throw conflict('The demo desk is already in this database (its staff exist); nothing was added');
  }
  const staff: User[] = [];
  for (const person of demoStaff) {
    staff.push(await services.users.create(system, { email: person.email, name: person.name, role: person.role as Role, isSenior: 'senior' in person }));
  }
  const teams = [];
  for (const [index, team] of demoTeams.entries()) {
    const memberIds = demoStaff.flatMap((person, i) => ((person.teams as readonly number[]).includes(index) ? [staff[i].id] : []));
    teams.push(await services.teams.create(system, { ...team, memberIds }));
  }
  // Mail to this address (SMTP on RAPPORT_SMTP_PORT, default 2525) becomes Frontline tickets.
  await services.mailboxes.create(system, { address: 'support@demo.rapport.test', name: 'Demo Desk Support', teamId: teams[0].id });
  for (const response of demoCannedResponses) {
    const { team, ...fields } = response;
    await services.cannedResponses.create(
      system,
      team === undefined ? { ...fields, scope: 'shared' } : { ...fields, scope: 'team', teamId: teams[team].id },
    );
  }
  const accountManagers = staff.filter((person) => person.role !== 'read-only');
  const organisations = [];
  for (const organisation of demoOrganisations) {
    organisations.push(
      await services.organisations.create(system, {
        name: organisation.name,
        tier: organisation.tier,
        domains: [organisation.domain],
        accountManagerId: organisation.tier === 'enterprise' ? random.pick(accountManagers).id : null,
      }),
    );
  }
  const contacts = [];
  for (let i = 0; i < 50; i++) {
    const name = `${firstNames[i % firstNames.length]} ${lastNames[(i * 7) % lastNames.length]}`;
    const organisation = i < 42 ? demoOrganisations[i % demoOrganisations.length] : undefined;
    const local = name
      .toLowerCase()
      .normalize('NFD')
      .replace(/[^a-z ]/g, '')
      .replace(' ', '.');
    contacts.push(
      await services.contacts.create(system, {
        name,
        emails: [`${local}@${organisation?.domain ?? 'mail.example'}`],
        phones: random.chance(0.6) ? [`+49 30 ${random.int(1000000, 9999999)}`] : [],
        language: random.pick(['en', 'en', 'de', 'fr', 'es', 'nl']),
        consent: { email: true, surveys: random.chance(0.8), marketing: random.chance(0.3) },
      }),
    );
  }

  const ticketCount = options.tickets ?? 300;
  const start = now.getTime() - 60 * DAY;
  const agentsOf = (team: number) =>
    staff.filter((_, i) => (demoStaff[i].teams as readonly number[]).includes(team) && demoStaff[i].role !== 'read-only');
  const at = (time: number) => clock.set(new Date(Math.min(time, now.getTime() - MINUTE)));
  for (let i = 0; i < ticketCount; i++) {
    const script = random.pick(ticketScripts);
    const requester = random.pick(contacts);
    const createdAt = start + Math.floor(((i + random.next()) / ticketCount) * 60 * DAY);
    const ageDays = (now.getTime() - createdAt) / DAY;
    const agent = random.pick(agentsOf(script.team));
    const actor: Actor = { userId: agent.id, workspaceId, role: agent.role as Role, via: 'token' };
    at(createdAt);
    const ticket = await services.tickets.create(system, {
      subject: script.subject,
      channel: random.weighted(channelMix).channel,
      requesterId: requester.id,
      message: { text: script.opening },
      priority: script.type === 'incident' && random.chance(0.3) ? 'P2' : random.weighted(priorityMix).priority,
      type: script.type,
      tags: script.tags,
      teamId: teams[script.team].id,
    });
    // Recent tickets are still being worked; older ones are solved or closed.
    const stage = ageDays < 2 ? random.pick([0, 1, 1, 2]) : ageDays < 7 ? random.pick([1, 2, 3, 3]) : random.pick([3, 3, 4, 4, 4]);
    if (stage === 0) continue;
    let time = createdAt;
    const later = (minMinutes: number, maxMinutes: number) => {
      time += random.int(minMinutes, maxMinutes) * MINUTE;
      at(time);
    };
    later(2, 30);
    await services.tickets.update(actor, ticket.id, { assigneeId: agent.id, status: 'open' });
    if (script.note && random.chance(0.6)) {
      later(5, 90);
      await services.messages.add(actor, ticket.id, { text: script.note, internal: true });
    }
    if (stage === 1) continue;
    later(10, 8 * 60);
    await services.messages.add(actor, ticket.id, {
      text: `Hello ${requester.name.split(' ')[0]},\n\n${script.reply}\n\nBest regards,\n${agent.name}`,
      status: 'pending',
      // Handle time for the staffing view: 3 to 12 minutes, from the ticket's place (not the random sequence).
      timeSpentSeconds: (3 + (i % 10)) * 60,
    });
    if (stage === 2) continue;
    if (script.followUp) {
      later(30, 24 * 60);
      await services.messages.add(actor, ticket.id, { text: script.followUp, author: 'requester' });
      // Half the follow-ups need a second answer: the desk's first contact resolution is not 100 %.
      if (variety.chance(0.5)) {
        later(5, 3 * 60);
        await services.messages.add(actor, ticket.id, { text: `Thanks, ${requester.name.split(' ')[0]}. I have checked again and sorted the rest.\n\n${agent.name}` });
      }
    }
    later(10, 6 * 60);
    await services.tickets.update(actor, ticket.id, { status: 'solved' });
    // Now and then a solved problem comes back, and the ticket is reopened and solved again.
    if (variety.chance(0.08) && time + 3 * DAY < now.getTime()) {
      later(12 * 60, 36 * 60);
      await services.messages.add(system, ticket.id, { text: 'It has happened again, sorry.', author: 'requester' });
      await services.tickets.update(actor, ticket.id, { status: 'open' });
      later(15, 4 * 60);
      await services.messages.add(actor, ticket.id, { text: `Hello again ${requester.name.split(' ')[0]}, this time it is fixed for good.\n\n${agent.name}`, status: 'solved' });
    }
    if (stage === 4 && time + 4 * DAY < now.getTime()) {
      at(time + 4 * DAY);
      await services.tickets.update(system, ticket.id, { status: 'closed' });
    }
  }
  // Shifts for this week and the next three.
  clock.set(now);
  const firstWeek = weekOf(await services.staffing.today(workspaceId));
  for (const { staff: members, ...shift } of demoShifts) {
    const created = await services.schedules.createShift(system, { ...shift, days: [...shift.days], channels: [...shift.channels] });
    for (let week = 0; week < 4; week++) {
      await services.schedules.assignAgents(system, created.id, addDays(firstWeek, 7 * week), { userIds: members.map((index) => staff[index].id) });
    }
  }
  await settleGeneratedHistory(handle.db, workspaceId, now);
  return {
    teams: teams.length,
    agents: staff.length,
    organisations: organisations.length,
    contacts: contacts.length,
    tickets: ticketCount,
  };
}
