// The report queries' cache keys, apart so the realtime feed (first bundle) can refresh them without loading the reports.
export const reportKeys = {
  all: ['reports'] as const,
  kpis: (filter: object) => [...reportKeys.all, 'kpis', filter] as const,
  tickets: (filter: object) => [...reportKeys.all, 'tickets', filter] as const,
  backlog: (filter: object) => [...reportKeys.all, 'backlog', filter] as const,
  volume: (filter: object) => [...reportKeys.all, 'volume', filter] as const,
};
