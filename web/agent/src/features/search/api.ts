import type { Ticket } from '@server/modules/tickets/schema.ts';
import { api, type Page } from '../../lib/api-client.ts';

export const searchTickets = (q: string, signal?: AbortSignal) =>
  api.get<Page<Ticket>>('/api/v1/search', { query: { q, limit: 8 }, signal });
