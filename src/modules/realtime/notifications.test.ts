import { describe, expect, it } from 'vitest';
import { planBatch, toNotifications } from './notifications.ts';

describe('realtime notices', () => {
  it('names what changed, and nothing more', () => {
    expect(toNotifications({ type: 'ticket.created', payload: { ticketId: 't1', number: 4, channel: 'email' } })).toEqual([
      { type: 'ticket.created', ticketId: 't1' },
    ]);
    expect(
      toNotifications({
        type: 'message.created',
        payload: { ticketId: 't1', messageId: 'm1', internal: true, authorId: 'u1', direction: 'outbound' },
      }),
    ).toEqual([{ type: 'message.added', ticketId: 't1', messageId: 'm1' }]);
    expect(toNotifications({ type: 'ticket.updated', payload: { ticketId: 't1', changes: { subject: { from: 'a', to: 'b' } } } })).toEqual([
      { type: 'ticket.updated', ticketId: 't1' },
    ]);
    expect(toNotifications({ type: 'ticket.escalated', payload: { ticketId: 't1', reason: 'angry' } })).toEqual([
      { type: 'ticket.updated', ticketId: 't1' },
    ]);
  });

  it('tells both tickets of a merge', () => {
    expect(toNotifications({ type: 'ticket.merged', payload: { ticketId: 'a', intoId: 'b' } })).toEqual([
      { type: 'ticket.updated', ticketId: 'a' },
      { type: 'ticket.updated', ticketId: 'b' },
    ]);
  });

  it("tells of a ticket's survey answers and follow-ups as changes to the ticket", () => {
    expect(toNotifications({ type: 'survey.answered', payload: { ticketId: 't1', surveyId: 's1', score: 2 } })).toEqual([{ type: 'ticket.updated', ticketId: 't1' }]);
    expect(toNotifications({ type: 'follow_up.opened', payload: { ticketId: 't1', followUpId: 'f1' } })).toEqual([{ type: 'ticket.updated', ticketId: 't1' }]);
  });

  it('ignores events the agent app does not show and events without a ticket', () => {
    expect(toNotifications({ type: 'sla.config_changed', payload: { ticketId: 't1' } })).toEqual([]);
    expect(toNotifications({ type: 'agent.state_changed', payload: { userId: 'u1' } })).toEqual([]);
    expect(toNotifications({ type: 'ticket.updated', payload: {} })).toEqual([]);
  });

  it('coalesces a poll and falls back to one resync past the limit', () => {
    const updated = (ticketId: string) => ({ type: 'ticket.updated' as const, ticketId });
    expect(planBatch([updated('a'), updated('a'), updated('b')], 10)).toEqual([updated('a'), updated('b')]);
    expect(
      planBatch(
        [
          { type: 'message.added', ticketId: 'a', messageId: '1' },
          { type: 'message.added', ticketId: 'a', messageId: '2' },
        ],
        10,
      ),
    ).toHaveLength(2);
    expect(planBatch([updated('a'), updated('b'), updated('c')], 2)).toEqual([{ type: 'resync' }]);
  });
});
