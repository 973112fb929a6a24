import { describe, expect, it } from 'vitest';
import type { CalendarDefinition } from '../sla/calendar.ts';
import { buildCharter, describeHours, describeTarget } from './charter.ts';

const berlin: { name: string; definition: CalendarDefinition } = {
  name: 'Business hours',
  definition: {
    timezone: 'Europe/Berlin',
    hours: {
      mon: [['09:00', '17:00']],
      tue: [['09:00', '17:00']],
      wed: [['09:00', '17:00']],
      thu: [['09:00', '17:00']],
      fri: [['09:00', '13:00']],
      sat: [['10:00', '12:00']],
    },
  },
};

describe('charter wording', () => {
  it('groups days with the same hours', () => {
    expect(describeHours(berlin)).toBe('Mon–Thu 09:00–17:00; Fri 09:00–13:00; Sat 10:00–12:00 (Europe/Berlin)');
    expect(describeHours(null)).toBe('Around the clock, every day');
  });

  it('says business time when the calendar closes', () => {
    expect(describeTarget(15, berlin)).toBe('15 business minutes');
    expect(describeTarget(240, berlin)).toBe('4 business hours');
    expect(describeTarget(90, null)).toBe('90 minutes');
    expect(describeTarget(150, null)).toBe('2.5 hours');
  });
});

describe('buildCharter', () => {
  it('takes each promise from the first matching active policy and measures it', () => {
    const charter = buildCharter({
      workspaceName: 'Desk',
      offerings: [],
      policies: [
        { name: 'Urgent', conditions: { priorities: ['P1'] }, targets: { firstResponse: 60 }, calendar: null },
        { name: 'Email', conditions: { channels: ['email'] }, targets: { firstResponse: 240, resolution: null }, calendar: berlin },
      ],
      channels: ['email'],
      adherence: {
        last30: [
          {
            channel: 'email',
            priority: 'P2',
            clocks: {
              acknowledgement: { due: 0, met: 0 },
              firstResponse: { due: 4, met: 3 },
              nextResponse: { due: 0, met: 0 },
              resolution: { due: 0, met: 0 },
            },
          },
        ],
        last90: [],
      },
    });
    const [email] = charter.channels;
    expect(email.promises.map((promise) => [promise.priority, promise.policyName])).toEqual([
      ['P1', 'Urgent'],
      ['P2', 'Email'],
      ['P3', 'Email'],
      ['P4', 'Email'],
    ]);
    expect(email.promises[1].targets).toEqual([
      {
        clock: 'firstResponse',
        label: 'A person replies',
        minutes: 240,
        within: '4 business hours',
        last30: { due: 4, met: 3, percent: 75 },
        last90: { due: 0, met: 0, percent: null },
      },
    ]);
    expect(charter.complaints.map((step) => step.within)).toEqual([null, null, null, null, null]);
  });
});
