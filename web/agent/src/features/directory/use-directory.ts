import { useQuery } from '@tanstack/react-query';
import { listOrganisationsByIds, listTeams, listUsers, type Organisation, type Team, type User } from './api.ts';

export const directoryKeys = {
  users: ['users'] as const,
  teams: ['teams'] as const,
  organisations: (ids: string[]) => ['organisations', 'by-ids', ids] as const,
};

const FIVE_MINUTES = 5 * 60_000;
const byId = <T extends { id: string }>(items: T[] | undefined) => new Map((items ?? []).map((item) => [item.id, item]));

/** Staff users by id (assignees, message authors). */
export function useUsers() {
  const query = useQuery({ queryKey: directoryKeys.users, queryFn: listUsers, staleTime: FIVE_MINUTES });
  return { users: query.data ?? [], usersById: byId<User>(query.data) };
}

export function useTeams() {
  const query = useQuery({ queryKey: directoryKeys.teams, queryFn: listTeams, staleTime: FIVE_MINUTES });
  return { teams: query.data ?? [], teamsById: byId<Team>(query.data) };
}

/** The organisations of the tickets on screen, fetched in one request. */
export function useOrganisations(ids: Array<string | null>) {
  const wanted = [...new Set(ids.filter((id): id is string => id !== null))].sort();
  const query = useQuery({
    queryKey: directoryKeys.organisations(wanted),
    queryFn: () => listOrganisationsByIds(wanted),
    enabled: wanted.length > 0,
    staleTime: FIVE_MINUTES,
  });
  return byId<Organisation>(query.data);
}
