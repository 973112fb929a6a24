// Types of test-env.js, for the TypeScript that imports it (test/test-runner.test.ts).
export type PostgresState = 'reachable' | 'no-database' | 'stopped' | 'absent' | 'unreachable';
export interface Facts {
  isCI: boolean;
  privilege: 'root' | 'sudo' | null;
  hasChromium: boolean;
  hasDovecot: boolean;
  postgres: PostgresState;
  postgresCluster: { version: string; name: string } | undefined;
  databaseUrl: string;
}
export interface Plan {
  install: string[];
  startPostgres: boolean;
  note: string | undefined;
  stop: string | undefined;
}
export function planTestEnvironment(facts: Facts): Plan;
export function prepareTestEnvironment(): Promise<boolean>;
