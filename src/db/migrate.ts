import { type Kysely, type Migration, Migrator, sql } from 'kysely';
import { isPostgres } from './dialect.ts';
import * as foundation from './migrations/0001-foundation.ts';
import * as sla from './migrations/0002-sla.ts';
import * as escalation from './migrations/0003-escalation.ts';
import * as routing from './migrations/0004-routing.ts';
import * as ticketStructure from './migrations/0005-ticket-structure.ts';
import * as email from './migrations/0006-email.ts';
import * as cannedResponses from './migrations/0007-canned-responses.ts';
import * as presence from './migrations/0008-presence.ts';
import * as customerContext from './migrations/0009-customer-context.ts';
import * as inboundDedupe from './migrations/0010-inbound-dedupe.ts';
import * as processLeases from './migrations/0011-process-leases.ts';
import * as ticketMetrics from './migrations/0012-ticket-metrics.ts';
import * as surveys from './migrations/0013-surveys.ts';
import * as followUps from './migrations/0014-follow-ups.ts';
import * as nps from './migrations/0015-nps.ts';
import * as shifts from './migrations/0016-shifts.ts';
import * as retention from './migrations/0017-retention.ts';
import * as reportSchedules from './migrations/0018-report-schedules.ts';
import * as knowledgeBase from './migrations/0019-knowledge-base.ts';
import * as serviceCatalogue from './migrations/0023-service-catalogue.ts';

// Listed explicitly (not read from disk) so the set is the same under tsx, vitest and the CLI bundle.
const migrations: Record<string, Migration> = {
  '0001-foundation': foundation,
  '0002-sla': sla,
  '0003-escalation': escalation,
  '0004-routing': routing,
  '0005-ticket-structure': ticketStructure,
  '0006-email': email,
  '0007-canned-responses': cannedResponses,
  '0008-presence': presence,
  '0009-customer-context': customerContext,
  '0010-inbound-dedupe': inboundDedupe,
  '0011-process-leases': processLeases,
  '0012-ticket-metrics': ticketMetrics,
  '0013-surveys': surveys,
  '0014-follow-ups': followUps,
  '0015-nps': nps,
  '0016-shifts': shifts,
  '0017-retention': retention,
  '0018-report-schedules': reportSchedules,
  '0019-knowledge-base': knowledgeBase,
  '0023-service-catalogue': serviceCatalogue,
};

// biome-ignore lint/suspicious/noExplicitAny: the migrator works on any schema.
export async function migrateToLatest(db: Kysely<any>) {
  // Kysely looks for its bookkeeping tables in every schema unless told which: name ours, so
  // another schema in the same database (another app, another test) is never mistaken for it.
  const migrationTableSchema = isPostgres(db)
    ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(db)).rows[0].schema
    : undefined;
  // Migrations written in parallel may land with numbers below ones a database already ran: they
  // are independent of each other, so each runs when it first arrives.
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations }, migrationTableSchema, allowUnorderedMigrations: true });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((result) => result.status === 'Error');
    throw new Error(`Migration ${failed?.migrationName ?? ''} failed: ${(error as Error).message}`);
  }
  return (results ?? []).filter((result) => result.status === 'Success').map((result) => result.migrationName);
}
