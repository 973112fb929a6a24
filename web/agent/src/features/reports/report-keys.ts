// The report queries' cache keys, apart so the realtime feed (first bundle) can refresh them without loading the reports.
export const reportKeys = {
  all: ['reports'] as const,
  kpis: (filter: object) => [...reportKeys.all, 'kpis', filter] as const,
  tickets: (filter: object) => [...reportKeys.all, 'tickets', filter] as const,
  backlog: (filter: object) => [...reportKeys.all, 'backlog', filter] as const,
  volume: (filter: object) => [...reportKeys.all, 'volume', filter] as const,
  contactReasons: (filter: object) => [...reportKeys.all, 'contact-reasons', filter] as const,
  complaints: (period: object) => [...reportKeys.all, 'complaints', period] as const,
  dashboard: (filter: object) => [...reportKeys.all, 'dashboard', filter] as const,
  openTickets: (filter: object) => [...reportKeys.all, 'open-tickets', filter] as const,
  schedules: ['report-schedules'] as const,
};
