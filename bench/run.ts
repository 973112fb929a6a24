/**
 * `npm run bench -- <scenario> [options]`: runs one benchmark scenario. Each scenario module exports
 * `run(argv)`; add one with a line below.
 */
const scenarios: Record<string, () => Promise<{ run(argv: string[]): Promise<void> }>> = {
  api: () => import('./api.ts'),
  'bulk-load': () => import('./bulk-load.ts'),
  email: () => import('./email.ts'),
  'email-parse': () => import('./email-parse.ts'),
  forecast: () => import('./forecast.ts'),
  kb: () => import('./kb.ts'),
  kpi: () => import('./kpi.ts'),
  sla: () => import('./sla.ts'),
  web: () => import('./web.ts'),
};

const [name, ...argv] = process.argv.slice(2);
const load = name ? scenarios[name] : undefined;
if (!load) {
  process.stderr.write(`Usage: npm run bench -- <scenario> [options]\nScenarios: ${Object.keys(scenarios).join(', ')}\n`);
  process.exit(2);
}
try {
  await (await load()).run(argv);
} catch (error) {
  process.stderr.write(`bench ${name} failed: ${(error as Error).stack ?? error}\n`);
  process.exit(1);
}
