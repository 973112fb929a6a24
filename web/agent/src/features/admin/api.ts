import type { CalendarDefinition } from '@server/modules/sla/calendar.ts';
import type { Calendar, CreateCalendarBody, SlaPolicy, UpdateCalendarBody, UpdatePolicyBody } from '@server/modules/sla/schema.ts';
import type { Role } from '@server/lib/actor.ts';
import { api } from '../../lib/api-client.ts';
import type { User } from '../directory/api.ts';

export type { Calendar, CalendarDefinition, Role, SlaPolicy, User };

const calendars = '/api/v1/sla/calendars';
const policies = '/api/v1/sla/policies';

export const listCalendars = () => api.get<{ items: Calendar[] }>(calendars).then((page) => page.items);
export const createCalendar = (body: CreateCalendarBody) => api.post<Calendar>(calendars, body);
export const updateCalendar = (id: string, body: UpdateCalendarBody) => api.patch<Calendar>(`${calendars}/${encodeURIComponent(id)}`, body);

export const listPolicies = () => api.get<{ items: SlaPolicy[] }>(policies).then((page) => page.items);
export const updatePolicy = (id: string, body: UpdatePolicyBody) => api.patch<SlaPolicy>(`${policies}/${encodeURIComponent(id)}`, body);

export const updateUserRole = (id: string, role: Role) => api.patch<User>(`/api/v1/users/${encodeURIComponent(id)}`, { role });
