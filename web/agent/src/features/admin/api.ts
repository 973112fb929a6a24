import type { CalendarDefinition } from '@server/modules/sla/calendar.ts';
import type { Calendar, CreateCalendarBody, SlaPolicy, UpdateCalendarBody, UpdatePolicyBody } from '@server/modules/sla/schema.ts';
import type { Role } from '@server/lib/actor.ts';
import type { CreateCustomFieldBody, CustomField, CustomFieldType, UpdateCustomFieldBody } from '@server/modules/custom-fields/schema.ts';
import type {
  CreateMailboxBody,
  ImapSettingsBody,
  InboundEmail,
  InboundEmailStatus,
  Mailbox,
  RetriedInboundEmails,
  UpdateMailboxBody,
} from '@server/modules/email/schema.ts';
import type { PriorityMatrix } from '@server/modules/escalations/schema.ts';
import type { Workspace } from '@server/modules/workspace/schema.ts';

export type { Workspace };
import { api, type Page } from '../../lib/api-client.ts';
import type { User } from '../directory/api.ts';

export type { Calendar, CalendarDefinition, Role, SlaPolicy, User };
export type { CreateCustomFieldBody, CreateMailboxBody, CustomField, CustomFieldType, ImapSettingsBody, InboundEmail, InboundEmailStatus, Mailbox, PriorityMatrix, UpdateCustomFieldBody, UpdateMailboxBody };

const calendars = '/api/v1/sla/calendars';
const policies = '/api/v1/sla/policies';

export const listCalendars = () => api.get<{ items: Calendar[] }>(calendars).then((page) => page.items);
export const createCalendar = (body: CreateCalendarBody) => api.post<Calendar>(calendars, body);
export const updateCalendar = (id: string, body: UpdateCalendarBody) => api.patch<Calendar>(`${calendars}/${encodeURIComponent(id)}`, body);

export const listPolicies = () => api.get<{ items: SlaPolicy[] }>(policies).then((page) => page.items);
export const updatePolicy = (id: string, body: UpdatePolicyBody) => api.patch<SlaPolicy>(`${policies}/${encodeURIComponent(id)}`, body);

export const updateUserRole = (id: string, role: Role) => api.patch<User>(`/api/v1/users/${encodeURIComponent(id)}`, { role });

// Priority matrix: read with the other escalation settings in force, saved in the workspace's settings.
export const updatePriorityMatrix = (priorityMatrix: PriorityMatrix) => api.patch<Workspace>('/api/v1/workspace', { settings: { priorityMatrix } });

const mailboxes = '/api/v1/mailboxes';
export const listMailboxes = () => api.get<{ items: Mailbox[] }>(mailboxes).then((page) => page.items);
export const createMailbox = (body: CreateMailboxBody) => api.post<Mailbox>(mailboxes, body);
export const updateMailbox = (id: string, body: UpdateMailboxBody) => api.patch<Mailbox>(`${mailboxes}/${encodeURIComponent(id)}`, body);

// Mail that failed processing (given up, or being retried), and sending it back to the queue.
const inboundEmails = '/api/v1/inbound-emails';
export const listInboundEmails = (status: InboundEmailStatus, cursor?: string) => api.get<Page<InboundEmail>>(inboundEmails, { query: { status, cursor } });
export const retryInbound = (id: string) => api.post<RetriedInboundEmails>(`${inboundEmails}/${encodeURIComponent(id)}/retry`);
export const retryFailedInbound = () => api.post<RetriedInboundEmails>(`${inboundEmails}/retry`);

const customFields = '/api/v1/custom-fields';
export const createCustomField = (body: CreateCustomFieldBody) => api.post<CustomField>(customFields, body);
export const updateCustomField = (id: string, body: UpdateCustomFieldBody) => api.patch<CustomField>(`${customFields}/${encodeURIComponent(id)}`, body);
export const deleteCustomField = (id: string) => api.delete<null>(`${customFields}/${encodeURIComponent(id)}`);
