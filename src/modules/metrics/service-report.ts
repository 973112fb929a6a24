import type { Actor } from '../../lib/actor.ts';
import type { ComplaintService } from '../complaints/service.ts';
import type { ServiceContext } from '../../lib/service-context.ts';
import { buildReportDocument, type ReportData, renderReportPdf } from './report-document.ts';
import type { ReportPreset } from './report-periods.ts';
import { isManager, type ReportFilter, type ReportService } from './reports.ts';
import { instantsOfLocalDays } from './rollup.ts';

// The whole service report of a period, as the PDF export and the scheduled e-mail carry it.

export interface ServiceReportDeps {
  reports: ReportService;
  settings(workspaceId: string): Promise<{ timezone: string; name: string }>;
  /** Complaints opened in [from, to) (the complaints module). */
  complaints: ComplaintService['summary'];
}

export function createServiceReport({ clock }: Pick<ServiceContext, 'clock'>, deps: ServiceReportDeps) {
  async function data(actor: Actor, filter: ReportFilter, preset?: ReportPreset): Promise<ReportData> {
    const settings = await deps.settings(actor.workspaceId);
    const [kpis, contactReasons] = await Promise.all([deps.reports.kpis(actor, filter), deps.reports.contactReasons(actor, { ...filter, limit: 10 })]);
    // Complaints are counted for the whole desk: only those who see the whole desk get them.
    const complaints = isManager(actor)
      ? await deps.complaints(actor, instantsOfLocalDays(settings.timezone, kpis.from, kpis.to))
      : null;
    return { workspaceName: settings.name, preset, kpis, contactReasons, complaints, generatedAt: clock.now() };
  }

  return {
    data,
    /** Complaints opened on the local days of a period: by category and root cause, the latest root causes. */
    async complaints(actor: Actor, period: { from: string; to: string }) {
      const { timezone } = await deps.settings(actor.workspaceId);
      return { ...period, ...(await deps.complaints(actor, instantsOfLocalDays(timezone, period.from, period.to))) };
    },
    /** The report as a PDF, with its file name. */
    async pdf(actor: Actor, filter: ReportFilter, preset?: ReportPreset) {
      const report = await data(actor, filter, preset);
      const document = buildReportDocument(report);
      return { fileName: `service-report-${report.kpis.from}-${report.kpis.to}.pdf`, content: await renderReportPdf(document), document };
    },
  };
}

export type ServiceReport = ReturnType<typeof createServiceReport>;
