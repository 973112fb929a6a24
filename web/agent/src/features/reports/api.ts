import type { CountedOn, ReportFilter } from '@server/modules/metrics/reports.ts';
import { api, type Page } from '../../lib/api-client.ts';

export type { CountedOn, ReportFilter };

export interface Average {
  count: number;
  averageCalendarMinutes: number | null;
  averageBusinessMinutes: number | null;
}

/** The figures of one slice of a report (src/modules/metrics/reports.ts, kpisOf). */
export interface Kpis {
  created: number;
  solved: number;
  firstResolved: number;
  oneTouch: number;
  reopened: number;
  fcrPercent: number | null;
  reopenedPercent: number | null;
  firstReply: Average;
  firstResolution: Average;
  fullResolution: Average;
  requesterWait: Average;
  agentWait: Average;
  agentRepliesPerSolved: number | null;
  slaAdherence: Record<SlaClock, { due: number; met: number; percent: number | null }>;
  handleTime: { tickets: number; averageMinutes: number | null };
  escalated: number;
  escalationRatePercent: number | null;
  csat: { answers: number; satisfied: number; percent: number | null; averageScore: number | null };
  ces: { answers: number; averageScore: number | null };
}

export type SlaClock = 'acknowledgement' | 'firstResponse' | 'nextResponse' | 'resolution';

export interface ContactCost {
  currency: string;
  contacts: number;
  total: number;
  perContact: number | null;
  byChannel: Array<{ channel: string; contacts: number; unitCost: number; total: number }>;
}

export interface ReportTargets {
  fcrPercent: { min: number; max: number };
  csatPercent: number;
  csatPercentPremium: number;
  nps: number;
  ahtMinutes: Record<string, { min: number; max: number }>;
}

/** The period's NPS answers, whole workspace (src/modules/metrics/reports.ts, npsFigureOf). */
export interface NpsFigure {
  answers: number;
  promoters: number;
  passives: number;
  detractors: number;
  score: number | null;
}

export interface KpiReport extends ReportFilter {
  targets: ReportTargets;
  cost: ContactCost;
  totals: Kpis;
  nps: NpsFigure;
  byDay: Array<Kpis & { day: string }>;
  byChannel: Array<Kpis & { channel: string }>;
}

export interface DrillDown extends ReportFilter {
  on: CountedOn;
  slaClock?: SlaClock;
  slaResult?: 'met' | 'breached';
  oneTouch?: boolean;
  reopened?: boolean;
  replied?: boolean;
  satisfied?: boolean;
  escalated?: boolean;
}

export interface ReportTicket {
  id: string;
  number: number;
  subject: string;
  status: string;
  channel: string;
  createdAt: string;
}

export const fetchKpis = (filter: ReportFilter, signal?: AbortSignal) => api.get<KpiReport>('/api/v1/reports/kpis', { query: { ...filter }, signal });

export const fetchReportTickets = (filter: DrillDown & { cursor?: string; limit?: number }, signal?: AbortSignal) =>
  api.get<Page<ReportTicket>>('/api/v1/reports/tickets', { query: { ...filter }, signal });

export const BACKLOG_AGE_KEYS = ['under1d', '1to3d', '3to7d', '7to30d', 'over30d'] as const;

export interface Backlog {
  asOf: string;
  total: number;
  byStatus: Array<{ status: string; total: number; byAge: Record<(typeof BACKLOG_AGE_KEYS)[number], number> }>;
}

export const fetchBacklog = (filter: { agentId?: string }, signal?: AbortSignal) => api.get<Backlog>('/api/v1/reports/backlog', { query: { ...filter }, signal });

export interface Volume {
  from: string;
  to: string;
  total: number;
  byHour: Array<{ hour: number; created: number }>;
  byWeekday: Array<{ weekday: string; created: number; days: number }>;
}

export const fetchVolume = (filter: { from: string; to: string; channel?: string }, signal?: AbortSignal) =>
  api.get<Volume>('/api/v1/reports/volume', { query: { ...filter }, signal });

export interface CostTrend {
  currency: string;
  months: Array<{ month: string; contacts: number; total: number; perContact: number | null }>;
}

export const fetchCostTrend = (months: number, signal?: AbortSignal) => api.get<CostTrend>('/api/v1/reports/cost-trend', { query: { months }, signal });
