import type { Organisation } from '@server/modules/organisations/schema.ts';
import type { Team } from '@server/modules/teams/schema.ts';
import type { User } from '@server/modules/users/schema.ts';
import { api, type Page } from '../../lib/api-client.ts';

export type { Organisation, Team, User };

export const listUsers = () => api.get<{ items: User[] }>('/api/v1/users').then((page) => page.items);
export const listTeams = () => api.get<{ items: Team[] }>('/api/v1/teams').then((page) => page.items);
export const listOrganisationsByIds = (ids: string[]) =>
  api.get<Page<Organisation>>('/api/v1/organisations', { query: { ids: ids.join(','), limit: 200 } }).then((page) => page.items);
