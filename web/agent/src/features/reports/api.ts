import type { HistogramMeasure, Percentiles } from '@server/modules/metrics/histogram.ts';
import type { CountedOn, ReportFilter } from '@server/modules/metrics/reports.ts';
import type { CreateReportScheduleBody, ReportSchedule, UpdateReportScheduleBody } from '@server/modules/metrics/schedule-schema.ts';
import { api, type Page } from '../../lib/api-client.ts';

export type { CountedOn, HistogramMeasure, ReportFilter, ReportSchedule };

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

/** What data retention left of the period (src/modules/metrics/reports.ts, retentionOf). */
export interface ReportRetention {
  rawDataRemovedBefore: string | null;
  summariesRemovedBefore: string | null;
  fromSummaries: boolean;
  partlyRemoved: boolean;
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
  retention: ReportRetention;
  cost: ContactCost;
  totals: Kpis;
  /** Median and p90 of each duration on both clocks (from the rollups' histograms). */
  percentiles: Record<HistogramMeasure, { calendar: Percentiles; business: Percentiles }>;
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
  tag?: string;
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

export interface ContactReasons extends ReportFilter {
  tags: Array<{ tag: string; created: number }>;
}

export const fetchContactReasons = (filter: ReportFilter, signal?: AbortSignal) =>
  api.get<ContactReasons>('/api/v1/reports/contact-reasons', { query: { ...filter, limit: 10 }, signal });

export interface ComplaintSummary {
  from: string;
  to: string;
  total: number;
  byCategory: Array<{ name: string | null; complaints: number }>;
  byRootCause: Array<{ name: string | null; complaints: number }>;
  latestRootCauses: Array<{ ticketId: string; number: number; subject: string; category: string | null; rootCause: string; rootCauseCategory: string | null; correctiveAction: string | null; openedAt: string }>;
}

export const fetchComplaints = (period: { from: string; to: string }, signal?: AbortSignal) =>
  api.get<ComplaintSummary>('/api/v1/reports/complaints', { query: period, signal });

export const listSchedules = (signal?: AbortSignal) => api.get<{ items: ReportSchedule[] }>('/api/v1/report-schedules', { signal });
export const createSchedule = (body: CreateReportScheduleBody) => api.post<ReportSchedule>('/api/v1/report-schedules', body);
export const updateSchedule = (id: string, body: UpdateReportScheduleBody) => api.patch<ReportSchedule>(`/api/v1/report-schedules/${encodeURIComponent(id)}`, body);
export const deleteSchedule = (id: string) => api.delete<void>(`/api/v1/report-schedules/${encodeURIComponent(id)}`);
