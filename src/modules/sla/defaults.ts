import type { CalendarDefinition } from './calendar.ts';
import type { CreatePolicyBody } from './schema.ts';

/** The name of the calendar every workspace starts with: the desk's own opening hours (forecast holidays, backlog staffing). */
export const BUSINESS_HOURS_CALENDAR = 'Business hours';

/** Mon–Fri 09:00–17:00 in the workspace's zone: the seeds' "business hours". */
export const defaultCalendar = (timezone: string): CalendarDefinition => ({
  timezone,
  hours: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((day) => [day, [['09:00', '17:00']]])),
  holidays: [],
});

const BUSINESS_DAY = 8 * 60;

/**
 * The service levels the domain texts name, as configurable starting policies (first match wins):
 * every inquiry acknowledged within 15 minutes and resolved within two business days; email first
 * response within 4 business hours; chat within 60 seconds; social within 60 minutes; P1 tighter;
 * formal complaints acknowledged within one business day.
 */
export const defaultPolicies = (calendarId: string, alwaysOpenId: string): CreatePolicyBody[] => [
  {
    name: 'P1 — critical',
    conditions: { priorities: ['P1'] },
    calendarId: alwaysOpenId,
    targets: { acknowledgement: 15, firstResponse: 60, nextResponse: 60, resolution: 240 },
  },
  {
    name: 'Formal complaints',
    conditions: { types: ['complaint'] },
    calendarId,
    targets: { acknowledgement: BUSINESS_DAY, firstResponse: BUSINESS_DAY, nextResponse: BUSINESS_DAY, resolution: 2 * BUSINESS_DAY },
  },
  {
    name: 'Chat',
    conditions: { channels: ['chat'] },
    calendarId,
    targets: { acknowledgement: 1, firstResponse: 1, nextResponse: 1, resolution: 2 * BUSINESS_DAY },
  },
  {
    name: 'Social and messaging',
    conditions: { channels: ['social', 'whatsapp', 'sms'] },
    calendarId,
    targets: { acknowledgement: 15, firstResponse: 60, nextResponse: 60, resolution: 2 * BUSINESS_DAY },
  },
  {
    name: 'Standard (email, portal, phone, API)',
    conditions: {},
    calendarId,
    targets: { acknowledgement: 15, firstResponse: 4 * 60, nextResponse: 4 * 60, resolution: 2 * BUSINESS_DAY },
  },
];
