/// <reference types="pdfkit" />
import type PDFDocument from 'pdfkit';
import { lazyRequire } from '../../lib/lazy-require.ts';
import type { HistogramMeasure, Percentiles } from './histogram.ts';
import type { ReportPreset } from './report-periods.ts';
import type { ReportService } from './reports.ts';

// A service report as a document: the KPIs against their targets, times on both clocks with
// medians and p90s, SLA met per target, top contact reasons and complaints' root causes. One
// model, drawn as a PDF (pdfkit, no browser) and written as the plain text of the report e-mail.

type Kpis = Awaited<ReturnType<ReportService['kpis']>>;
type ContactReasons = Awaited<ReturnType<ReportService['contactReasons']>>;

export interface ComplaintSummary {
  total: number;
  byRootCause: Array<{ name: string | null; complaints: number }>;
  latestRootCauses: Array<{ ticketId: string; number: number; subject: string; rootCause: string; rootCauseCategory: string | null }>;
}

export interface ReportData {
  workspaceName: string;
  preset?: ReportPreset;
  kpis: Kpis;
  contactReasons: ContactReasons;
  /** Null when the reader may not see complaints (agents). */
  complaints: ComplaintSummary | null;
  generatedAt: Date;
}

export interface ReportSection {
  title: string;
  columns: string[];
  rows: string[][];
}

export interface ReportDocument {
  title: string;
  subtitle: string;
  sections: ReportSection[];
}

const NONE = '–';
const percent = (value: number | null) => (value === null ? NONE : `${value.toFixed(1)} %`);

/** Minutes as "45 min", "3 h 05 min" or "2 d 4 h". */
export function formatMinutes(minutes: number | null): string {
  if (minutes === null) return NONE;
  if (minutes < 1) return `${Math.round(minutes * 60)} s`;
  if (minutes < 60) return `${Math.round(minutes)} min`;
  if (minutes < 24 * 60) {
    const hours = Math.floor(minutes / 60);
    return `${hours} h ${String(Math.round(minutes - hours * 60)).padStart(2, '0')} min`;
  }
  const days = Math.floor(minutes / (24 * 60));
  return `${days} d ${Math.round((minutes - days * 24 * 60) / 60)} h`;
}

const within = (value: number | null, min: number, max: number) => (value === null ? NONE : value >= min && value <= max ? 'on target' : 'off target');
const atLeast = (value: number | null, min: number) => (value === null ? NONE : value >= min ? 'on target' : 'below target');

const PRESET_NAMES: Record<ReportPreset, string> = { weekly: 'Weekly', monthly: 'Monthly', quarterly: 'Quarterly' };
const TIMES: Array<[HistogramMeasure, 'firstReply' | 'firstResolution' | 'fullResolution' | 'requesterWait' | 'agentWait', string]> = [
  ['first_reply', 'firstReply', 'First reply'],
  ['first_resolution', 'firstResolution', 'First resolution'],
  ['full_resolution', 'fullResolution', 'Full resolution'],
  ['requester_wait', 'requesterWait', 'Requester wait'],
  ['agent_wait', 'agentWait', 'Agent wait'],
];
const SLA_NAMES = { acknowledgement: 'Acknowledgement', firstResponse: 'First response', nextResponse: 'Next response', resolution: 'Resolution' } as const;

export function buildReportDocument(data: ReportData): ReportDocument {
  const { kpis } = data;
  const { totals, targets, percentiles } = kpis;
  const slice = [kpis.channel && `channel ${kpis.channel}`, kpis.teamId !== undefined && `team ${kpis.teamId || 'none'}`, kpis.agentId !== undefined && `agent ${kpis.agentId || 'unassigned'}`]
    .filter(Boolean)
    .join(', ');
  const handleRows = kpis.byChannel
    .filter((row) => row.handleTime.tickets > 0 || targets.ahtMinutes[row.channel])
    .map((row) => {
      const target = targets.ahtMinutes[row.channel];
      return [
        `Average handle time, ${row.channel}`,
        formatMinutes(row.handleTime.averageMinutes),
        target ? `${target.min}–${target.max} min` : NONE,
        target ? within(row.handleTime.averageMinutes, target.min, target.max) : NONE,
      ];
    });
  const timeRow = (measure: HistogramMeasure, key: (typeof TIMES)[number][1], name: string, clock: 'business' | 'calendar') => {
    const average = totals[key];
    const shares: Percentiles = percentiles[measure][clock];
    return [
      `${name} (${clock})`,
      String(average.count),
      formatMinutes(clock === 'business' ? average.averageBusinessMinutes : average.averageCalendarMinutes),
      formatMinutes(shares.medianMinutes),
      formatMinutes(shares.p90Minutes),
    ];
  };
  const sections: ReportSection[] = [
    {
      title: 'Key figures against targets',
      columns: ['Figure', 'Value', 'Target', 'Status'],
      rows: [
        ['New tickets', String(totals.created), NONE, NONE],
        ['Solved', String(totals.solved), NONE, NONE],
        ['First contact resolution', percent(totals.fcrPercent), `${targets.fcrPercent.min}–${targets.fcrPercent.max} %`, within(totals.fcrPercent, targets.fcrPercent.min, targets.fcrPercent.max)],
        ['CSAT', percent(totals.csat.percent), `${targets.csatPercent} %, premium ${targets.csatPercentPremium} %`, atLeast(totals.csat.percent, targets.csatPercent)],
        ['CSAT answers', String(totals.csat.answers), NONE, NONE],
        ['CES (1–7)', totals.ces.averageScore === null ? NONE : totals.ces.averageScore.toFixed(1), NONE, NONE],
        ['Reopened', percent(totals.reopenedPercent), NONE, NONE],
        ['Escalation rate', percent(totals.escalationRatePercent), NONE, NONE],
        ...handleRows,
        [
          'Cost per contact',
          kpis.cost.perContact === null ? NONE : `${kpis.cost.perContact.toFixed(2)} ${kpis.cost.currency}`,
          NONE,
          NONE,
        ],
      ],
    },
    {
      title: 'Times: business and calendar hours',
      columns: ['Measure', 'Tickets', 'Average', 'Median', 'p90'],
      rows: TIMES.flatMap(([measure, key, name]) => [timeRow(measure, key, name, 'business'), timeRow(measure, key, name, 'calendar')]),
    },
    {
      title: 'SLA met per target',
      columns: ['Target', 'Due', 'Met', 'Met %'],
      rows: Object.entries(totals.slaAdherence).map(([clock, { due, met, percent: share }]) => [SLA_NAMES[clock as keyof typeof SLA_NAMES], String(due), String(met), percent(share)]),
    },
    {
      title: 'Top contact reasons (tags of new tickets)',
      columns: ['Tag', 'Tickets', 'Share of new tickets'],
      rows: data.contactReasons.tags.length
        ? data.contactReasons.tags.map(({ tag, created }) => [tag, String(created), percent(totals.created ? (100 * created) / totals.created : null)])
        : [['No tagged tickets', NONE, NONE]],
    },
  ];
  if (data.complaints) {
    sections.push({
      title: `Complaints: ${data.complaints.total}, by root cause`,
      columns: ['Root cause', 'Complaints'],
      rows: data.complaints.byRootCause.length
        ? data.complaints.byRootCause.map(({ name, complaints }) => [name ?? 'not yet found', String(complaints)])
        : [['No complaints', NONE]],
    });
    if (data.complaints.latestRootCauses.length) {
      sections.push({
        title: 'Latest root causes found',
        columns: ['Ticket', 'Root cause'],
        rows: data.complaints.latestRootCauses.map((c) => [`#${c.number} ${c.subject}`, `${c.rootCauseCategory ? `${c.rootCauseCategory}: ` : ''}${c.rootCause}`]),
      });
    }
  }
  return {
    title: `${data.preset ? `${PRESET_NAMES[data.preset]} service report` : 'Service report'} — ${data.workspaceName}`,
    subtitle: `${kpis.from} to ${kpis.to}${slice ? ` · ${slice}` : ''} · generated ${data.generatedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    sections,
  };
}

/** The report as plain text: the body of the report e-mail. */
export function renderReportText(document: ReportDocument): string {
  const lines = [document.title, document.subtitle, ''];
  for (const section of document.sections) {
    lines.push(section.title, '-'.repeat(section.title.length));
    const widths = section.columns.map((column, index) => Math.max(column.length, ...section.rows.map((row) => row[index]?.length ?? 0)));
    const line = (cells: string[]) => cells.map((cell, index) => cell.padEnd(widths[index])).join('  ').trimEnd();
    lines.push(line(section.columns), ...section.rows.map(line), '');
  }
  return lines.join('\n');
}

const loadPdfKit = lazyRequire<typeof PDFDocument>('pdfkit');

/** The report as a PDF (A4, Helvetica: text a reader can search and copy). */
export function renderReportPdf(document: ReportDocument): Promise<Buffer> {
  const Pdf = loadPdfKit();
  const pdf = new Pdf({ size: 'A4', margin: 48, info: { Title: document.title, Producer: 'Rapport' } });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });
  const left = pdf.page.margins.left;
  const width = pdf.page.width - left - pdf.page.margins.right;
  pdf.font('Helvetica-Bold').fontSize(16).fillColor('#1e3a5f').text(document.title, { width });
  pdf.font('Helvetica').fontSize(9).fillColor('#475569').text(document.subtitle, { width }).moveDown(1);
  for (const section of document.sections) {
    const rowHeight = 15;
    if (pdf.y + rowHeight * (section.rows.length + 2) > pdf.page.height - pdf.page.margins.bottom && section.rows.length < 30) pdf.addPage();
    pdf.font('Helvetica-Bold').fontSize(11).fillColor('#0f172a').text(section.title, left, pdf.y, { width }).moveDown(0.3);
    // The first column takes what the others leave; the others share the rest evenly.
    const first = section.columns.length > 2 ? width * 0.4 : width * 0.6;
    const others = (width - first) / Math.max(1, section.columns.length - 1);
    const x = (index: number) => left + (index === 0 ? 0 : first + (index - 1) * others);
    const drawRow = (cells: string[], bold: boolean) => {
      if (pdf.y + rowHeight > pdf.page.height - pdf.page.margins.bottom) pdf.addPage();
      const y = pdf.y;
      pdf.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(9).fillColor(bold ? '#334155' : '#0f172a');
      // One line a cell: a longer text ends in an ellipsis rather than running into the next row.
      for (const [index, cell] of cells.entries()) pdf.text(cell, x(index), y + 3, { width: (index === 0 ? first : others) - 6, height: rowHeight - 4, ellipsis: true });
      pdf.moveTo(left, y + rowHeight).lineTo(left + width, y + rowHeight).lineWidth(0.5).strokeColor('#e2e8f0').stroke();
      pdf.x = left;
      pdf.y = y + rowHeight;
    };
    drawRow(section.columns, true);
    for (const row of section.rows) drawRow(row, false);
    pdf.moveDown(1);
  }
  pdf.end();
  return done;
}
