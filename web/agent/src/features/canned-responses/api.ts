import type {
  CannedResponse,
  CannedResponseScope,
  CreateCannedResponseBody,
  ListCannedResponsesQuery,
  RenderedCannedResponse,
  UpdateCannedResponseBody,
} from '@server/modules/canned-responses/schema.ts';
import { api, type Page } from '../../lib/api-client.ts';

export type { CannedResponse, CannedResponseScope, CreateCannedResponseBody, UpdateCannedResponseBody };

const base = '/api/v1/canned-responses';

/** One page is enough for a picker or the admin list: the API's maximum (200) saved replies. */
export const listCannedResponses = (query: ListCannedResponsesQuery, signal?: AbortSignal) =>
  api.get<Page<CannedResponse>>(base, { query: { limit: 200, ...query }, signal });

export const createCannedResponse = (body: CreateCannedResponseBody) => api.post<CannedResponse>(base, body);
export const updateCannedResponse = (id: string, body: UpdateCannedResponseBody) =>
  api.patch<CannedResponse>(`${base}/${encodeURIComponent(id)}`, body);
export const archiveCannedResponse = (id: string) => api.delete<null>(`${base}/${encodeURIComponent(id)}`);

export const renderCannedResponse = (ticketId: string, id: string) =>
  api.post<RenderedCannedResponse>(`/api/v1/tickets/${encodeURIComponent(ticketId)}/canned-responses/${encodeURIComponent(id)}/render`);
