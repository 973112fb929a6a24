import { beforeAll, expect, it } from 'vitest';
import { type AppContext, bearer, eachDialectApp } from './app.ts';
import { make, type Workspace } from './factories.ts';

eachDialectApp('formal complaints', (ctx: () => AppContext) => {
  let ws: Workspace;
  let agent: string;
  let agentId: string;
  let readOnly: string;

  beforeAll(async () => {
    const { services, clock } = ctx();
    clock.set('2026-03-02T09:00:00.000Z'); // Monday
    ws = await make.workspace(services);
    const made = await make.token(services, ws, 'agent');
    agent = made.token;
    agentId = made.user.id;
    readOnly = (await make.token(services, ws, 'read-only')).token;
  });

  const api = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object, token = agent) =>
    ctx().app.inject({ method, url, headers: bearer(token), ...(payload ? { payload } : {}) });
  const raise = async (type = 'complaint') => {
    const response = await api('POST', '/api/v1/tickets', { subject: 'Missed appointment', type, channel: 'email', requester: { email: 'angry@example.com' }, message: { text: 'Nobody came.' } });
    expect(response.statusCode, response.body).toBe(201);
    return response.json();
  };
  const complaintOf = (id: string, token = agent) => api('GET', `/api/v1/tickets/${id}/complaint`, undefined, token);
  const patch = (id: string, body: object, token = agent) => api('PATCH', `/api/v1/tickets/${id}/complaint`, body, token);

  it('gives a formal complaint its record; an informal comment has none', async () => {
    const complaint = await raise();
    const record = await complaintOf(complaint.id);
    expect(record.statusCode, record.body).toBe(200);
    expect(record.json()).toMatchObject({ ticketId: complaint.id, step: null, nextStep: 'acknowledge', steps: [], acknowledgedAt: null, rootCause: null, whys: [] });
    expect((await api('GET', `/api/v1/tickets/${complaint.id}/sla`)).json().policy.name).toBe('Formal complaints');

    const comment = await raise('question');
    expect((await complaintOf(comment.id)).statusCode).toBe(404);
    expect((await patch(comment.id, { category: 'Service' })).statusCode).toBe(404);
    // Made formal later: the record appears with the type.
    await api('PATCH', `/api/v1/tickets/${comment.id}`, { type: 'complaint' });
    expect((await complaintOf(comment.id)).json().step).toBeNull();
  });

  it('is acknowledged by the first public reply after it was raised, within its own SLA target', async () => {
    const { clock } = ctx();
    clock.set('2026-03-02T09:00:00.000Z');
    const complaint = await raise();
    await api('POST', `/api/v1/tickets/${complaint.id}/messages`, { text: 'Looking into it', internal: true });
    expect((await complaintOf(complaint.id)).json().step).toBeNull();
    clock.set('2026-03-02T13:00:00.000Z');
    await api('POST', `/api/v1/tickets/${complaint.id}/messages`, { text: 'We are sorry; we are investigating.' });
    const record = (await complaintOf(complaint.id)).json();
    expect(record).toMatchObject({ step: 'acknowledge', nextStep: 'investigate', acknowledgedAt: '2026-03-02T13:00:00.000Z' });
    expect(record.steps).toEqual([{ step: 'acknowledge', at: '2026-03-02T13:00:00.000Z', by: null, skipped: false, reason: null }]);
    const ticket = (await api('GET', `/api/v1/tickets/${complaint.id}`)).json();
    expect(ticket.sla.clocks.find((c: { clock: string }) => c.clock === 'acknowledgement')).toMatchObject({ targetMinutes: 480, status: 'met' });
  });

  it('moves through its steps in order, with root cause, remedy and corrective action', async () => {
    const { clock } = ctx();
    const complaint = await raise();
    clock.advance(3_600_000);
    expect((await patch(complaint.id, { step: 'acknowledge', category: 'Missed appointment' })).json()).toMatchObject({ step: 'acknowledge', category: 'Missed appointment' });
    const back = await patch(complaint.id, { step: 'acknowledge' });
    expect(back.statusCode).toBe(200); // done already: nothing changes
    expect(back.json().steps).toHaveLength(1);

    const skip = await patch(complaint.id, { step: 'resolve' });
    expect(skip.statusCode).toBe(400);
    expect(skip.json().fields).toHaveProperty('skipReason');
    expect((await patch(complaint.id, { step: 'investigate' })).json().nextStep).toBe('resolve');
    const resolved = await patch(complaint.id, { step: 'resolve', remedyOffered: 'Apology and a free express visit', followUpAt: '2026-03-09T09:00:00.000Z' });
    expect(resolved.json()).toMatchObject({ step: 'resolve', remedyOffered: 'Apology and a free express visit', followUpAt: '2026-03-09T09:00:00.000Z' });

    const noCause = await patch(complaint.id, { step: 'record' });
    expect(noCause.statusCode).toBe(400);
    expect(noCause.json().fields).toHaveProperty('rootCause');
    const recorded = await patch(complaint.id, {
      step: 'record',
      rootCause: 'The visit schedule had no owner after the planner left',
      rootCauseMethod: '5-whys',
      rootCauseCategory: 'process',
      whys: ['Nobody came', 'The visit was not dispatched', 'The schedule was not updated', 'Its owner left', 'No handover'],
    });
    expect(recorded.statusCode, recorded.body).toBe(200);
    expect(recorded.json()).toMatchObject({ step: 'record', rootCauseMethod: '5-whys', rootCauseCategory: 'process' });
    expect(recorded.json().whys).toHaveLength(5);
    expect((await patch(complaint.id, { rootCause: null })).json().fields).toHaveProperty('rootCause');
    expect((await patch(complaint.id, { rootCauseCategory: 'weather' })).statusCode).toBe(400);

    expect((await patch(complaint.id, { step: 'improve' })).json().fields).toHaveProperty('correctiveAction');
    const improved = await patch(complaint.id, { step: 'improve', correctiveAction: 'Every schedule has a named owner and a deputy', satisfactionConfirmed: true });
    expect(improved.json()).toMatchObject({ step: 'improve', nextStep: null, satisfactionConfirmedAt: clock.now().toISOString() });
    expect(improved.json().steps.map((s: { step: string; by: string }) => `${s.step}:${s.by === agentId}`)).toEqual([
      'acknowledge:true',
      'investigate:true',
      'resolve:true',
      'record:true',
      'improve:true',
    ]);
    expect((await patch(complaint.id, { step: 'record' })).json().fields).toHaveProperty('step');
  });

  it('records skipped steps with the reason', async () => {
    const complaint = await raise();
    const skipped = await patch(complaint.id, { step: 'resolve', skipReason: 'Resolved during the phone call that raised it' });
    expect(skipped.statusCode, skipped.body).toBe(200);
    expect(skipped.json().steps.map((s: { step: string; skipped: boolean; reason: string | null }) => `${s.step}:${s.skipped}:${s.reason ?? ''}`)).toEqual([
      'acknowledge:true:Resolved during the phone call that raised it',
      'investigate:true:Resolved during the phone call that raised it',
      'resolve:false:',
    ]);
    expect(skipped.json().acknowledgedAt).toBeNull();
  });

  it('lists the register by step and category', async () => {
    const register = (query: string) => api('GET', `/api/v1/complaints${query}`).then((r) => r.json());
    const all = await register('?limit=2');
    expect(all.items).toHaveLength(2);
    expect(all.nextCursor).not.toBeNull();
    const next = await register(`?limit=200&cursor=${all.nextCursor}`);
    expect(next.items.map((c: { ticketId: string }) => c.ticketId)).not.toContain(all.items[0].ticketId);
    expect((await register('?step=improve')).items.map((c: { step: string }) => c.step)).toEqual(['improve']);
    expect((await register('?step=none')).items.every((c: { step: string | null }) => c.step === null)).toBe(true);
    expect((await register('?category=Missed%20appointment')).items).toHaveLength(1);
  });

  it('lets read-only staff read but not change a complaint, and hides other workspaces', async () => {
    const { services } = ctx();
    const complaint = await raise();
    expect((await complaintOf(complaint.id, readOnly)).statusCode).toBe(200);
    expect((await api('GET', '/api/v1/complaints', undefined, readOnly)).statusCode).toBe(200);
    expect((await patch(complaint.id, { category: 'x' }, readOnly)).statusCode).toBe(403);

    const other = await make.workspace(services);
    const foreign = await make.ticket(services, other.admin, { type: 'complaint' });
    expect((await services.complaints.get(other.admin, foreign.id)).ticketId).toBe(foreign.id);
    expect((await complaintOf(foreign.id)).statusCode).toBe(404);
    expect((await patch(foreign.id, { category: 'Mine now' })).statusCode).toBe(404);
    expect((await api('GET', '/api/v1/complaints?limit=200')).json().items.map((c: { ticketId: string }) => c.ticketId)).not.toContain(foreign.id);
    expect((await services.complaints.get(other.admin, foreign.id)).category).toBeNull();
  });
});
