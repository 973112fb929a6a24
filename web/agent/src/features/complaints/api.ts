import type {
  Complaint,
  ListComplaintsQuery,
  ROOT_CAUSE_CATEGORIES,
  ROOT_CAUSE_METHODS,
  UpdateComplaintBody,
} from '@server/modules/complaints/schema.ts';
import type { ComplaintStep } from '@server/modules/complaints/workflow.ts';
import { api, type Page } from '../../lib/api-client.ts';

export type { Complaint, ComplaintStep, ListComplaintsQuery, UpdateComplaintBody };

/** The procedure's steps in order (src/modules/complaints/workflow.ts). */
export const COMPLAINT_STEPS = ['acknowledge', 'investigate', 'resolve', 'record', 'improve'] as const satisfies readonly ComplaintStep[];
export const ROOT_CAUSE_METHOD_OPTIONS = ['5-whys', 'fishbone', 'other'] as const satisfies typeof ROOT_CAUSE_METHODS;
export const ROOT_CAUSE_CATEGORY_OPTIONS = [
  'people',
  'process',
  'policy',
  'technology',
  'materials',
  'measurement',
  'environment',
] as const satisfies typeof ROOT_CAUSE_CATEGORIES;

/** Complaints whose last completed step is one of these are still open ("none": not acknowledged yet). */
export const OPEN_STEPS = 'none,acknowledge,investigate,resolve,record';

const complaintPath = (ticketId: string) => `/api/v1/tickets/${encodeURIComponent(ticketId)}/complaint`;

export const listComplaints = (query: ListComplaintsQuery, signal?: AbortSignal) =>
  api.get<Page<Complaint>>('/api/v1/complaints', { query, signal });
export const fetchComplaint = (ticketId: string) => api.get<Complaint>(complaintPath(ticketId));
export const updateComplaint = (ticketId: string, body: UpdateComplaintBody) => api.patch<Complaint>(complaintPath(ticketId), body);
