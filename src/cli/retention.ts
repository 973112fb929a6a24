import type { Command } from 'commander';
import type { RunSummary } from '../modules/retention/service.ts';
import { requireWorkspace, withServices } from './context.ts';

const LINES: Array<[keyof RunSummary['totals'], string]> = [
  ['ticketsAnonymised', 'tickets anonymised'],
  ['ticketsDeleted', 'tickets deleted'],
  ['messages', 'message bodies'],
  ['attachments', 'attachments'],
  ['surveyComments', 'survey comments (CSAT and NPS)'],
  ['npsAnswers', 'NPS answers (past the summary horizon)'],
  ['contactsAnonymised', 'contacts anonymised'],
  ['contactsDeleted', 'contacts deleted'],
  ['storedEmails', 'stored emails'],
  ['events', 'delivered events'],
  ['summaryRows', 'summary rows (past the summary horizon)'],
];

const sizeOf = (bytes: number) =>
  bytes < 1024 ? `${bytes} bytes` : bytes < 1_048_576 ? `${(bytes / 1024).toFixed(1)} KB` : `${(bytes / 1_048_576).toFixed(1)} MB`;

/** The plain-text account of a run or a dry run. */
export function describeRun(run: RunSummary, dryRun: boolean) {
  const { totals, horizons } = run;
  const width = Math.max(...LINES.map(([, label]) => label.length));
  const lines = [
    `${dryRun ? 'Dry run, nothing was changed' : 'Retention run'} (${run.mode}): raw data last active before ${horizons.rawDay}, summaries of days before ${horizons.summaryDay}.`,
    dryRun ? 'A run now would remove:' : run.finished ? 'Removed:' : 'Removed so far (another Rapport process is working through this run; it goes on there):',
    ...LINES.map(([field, label]) => `  ${label.padEnd(width)}  ${totals[field].toLocaleString('en-US')}${field === 'attachments' && totals.attachmentBytes ? ` (${sizeOf(totals.attachmentBytes)})` : ''}`),
    `Kept under legal hold: ${totals.ticketsHeld} ticket${totals.ticketsHeld === 1 ? '' : 's'} and ${totals.contactsHeld} contact${totals.contactsHeld === 1 ? '' : 's'} past the raw horizon.`,
  ];
  return `${lines.join('\n')}\n`;
}

export function registerRetentionCommands(program: Command) {
  const retention = program.command('retention').description('Data retention: remove raw data past the retention horizon, keep the summaries');
  retention
    .command('run')
    .description("Run the workspace's retention now (the server runs it daily), or show what it would remove")
    .option('--dry-run', 'remove nothing: count what a run now would remove')
    .option('--json', 'print the summary as JSON')
    .addHelpText(
      'after',
      `
The policy is the workspace's settings.retention (default: raw data 24 months after its last
activity, summaries 60 months, mode anonymise). Tickets, contacts or organisations under legal hold
are left alone. A run interrupted midway goes on where it stopped the next time it runs.

Examples:
  $ rapport retention run --dry-run
  $ rapport retention run --json`,
    )
    .action(async (options: { dryRun?: boolean; json?: boolean }) => {
      await withServices(async (services) => {
        const workspace = await requireWorkspace(services);
        const dryRun = options.dryRun === true;
        const progress = (run: RunSummary) => {
          if (process.stderr.isTTY) process.stderr.write(`\rRemoved ${run.totals.ticketsDeleted + run.totals.ticketsAnonymised} tickets so far…`);
        };
        const run = dryRun ? await services.retention.preview(workspace.id) : await services.retention.runNow(workspace.id, { onBatch: progress });
        if (process.stderr.isTTY && !dryRun) process.stderr.write('\n');
        if (!options.json) return void process.stdout.write(describeRun(run, dryRun));
        const { horizons } = run;
        const json = {
          dryRun,
          workspaceId: run.workspaceId,
          mode: run.mode,
          rawBefore: new Date(horizons.rawBefore).toISOString(),
          rawDataRemovedBefore: horizons.rawDay,
          summaryBefore: new Date(horizons.summaryBefore).toISOString(),
          summariesRemovedBefore: horizons.summaryDay,
          finished: run.finished,
          totals: run.totals,
        };
        process.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
      });
    });
}
