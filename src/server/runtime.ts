import { type DatabaseHandle, openDatabase } from '../db/connect.ts';
import { releaseInboundLeases } from '../modules/email/intake-repo.ts';
import { releaseOutboundLeases } from '../modules/email/outbound-repo.ts';
import { releaseOutboxLeases } from '../modules/outbox/repo.ts';
import type { Db } from '../db/types.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { type Clock, systemClock } from '../lib/clock.ts';
import type { Config } from '../lib/config.ts';
import { createDispatcher } from '../modules/outbox/dispatcher.ts';
import { createImapPoller } from '../modules/email/imap-poller.ts';
import { createOutboundSender } from '../modules/email/outbound.ts';
import { createInboundProcessor } from '../modules/email/processor.ts';
import { createSmtpReceiver } from '../modules/email/smtp-receiver.ts';
import { createLifecycleRunner } from '../modules/routing/lifecycle.ts';
import { createTimerRunner } from '../modules/sla/timers.ts';
import { createMetricsProjector } from '../modules/metrics/service.ts';
import { createRetentionJob } from '../modules/retention/service.ts';
import { createProcessRegistry } from '../modules/processes/registry.ts';
import { createReportScheduler } from '../modules/metrics/report-schedules.ts';
import { createSurveySender } from '../modules/surveys/sender.ts';
import { buildApp } from './app.ts';
import { trackRequestsInFlight } from './http-drain.ts';
import { createLogger, requestLogLevel } from './logger.ts';
import { createServices, inboundProcessorServices } from './services.ts';
import { registerSubscribers } from './subscribers.ts';

/** Opens the configured database and brings its schema up to date. */
export async function openMigratedDatabase(config: Pick<Config, 'dataDir' | 'databaseUrl'>) {
  const database = openDatabase({ dataDir: config.dataDir, databaseUrl: config.databaseUrl });
  try {
    await migrateToLatest(database.db);
  } catch (error) {
    await database.close();
    throw error;
  }
  return database;
}

/** Work that stopped processes had claimed goes back to the queue; resolves to how many items. */
const releaseLeasesOf = (db: Db) => (owners: string[]) =>
  db.transaction().execute(async (tx) => (await releaseOutboxLeases(tx, owners)) + (await releaseInboundLeases(tx, owners)) + (await releaseOutboundLeases(tx, owners)));

/** How long requests in flight may take to finish once the server stops, before their connections are cut. */
const REQUEST_DRAIN_MS = 10_000;

/** A running Rapport process: HTTP server plus the outbox dispatcher, stopped together. */
export async function startServer(config: Config, options: { database?: DatabaseHandle; clock?: Clock } = {}) {
  const database = options.database ?? (await openMigratedDatabase(config));
  const clock = options.clock ?? systemClock;
  const { logger, format } = createLogger(config);
  // Registered first: a crashed predecessor's leases are freed before any worker claims work.
  const registry = createProcessRegistry({ db: database.db, clock, logger, releaseLeases: releaseLeasesOf(database.db) });
  await registry.start();
  const owner = registry.id;
  const dispatcher = createDispatcher({ db: database.relaxedDb, clock, logger, owner });
  const app = await buildApp({ database, clock, secret: config.secret, dispatcher, logger, trustProxy: config.trustProxy, requestLogLevel: requestLogLevel(format), timeouts: config.http });
  // Event handlers write through relaxedDb: a crash before their commit is durable loses them together
  // with the delivery mark that follows them, and the event is delivered again (handlers are idempotent).
  const handlerServices = createServices({ ...database, db: database.relaxedDb }, { clock, secret: config.secret, afterCommit: () => dispatcher.nudge(), logger });
  registerSubscribers(dispatcher, handlerServices, { db: database.relaxedDb, clock });
  const outbound = createOutboundSender({ db: database.db, clock, relayUrl: config.smtpRelayUrl, logger, owner });
  const timers = createTimerRunner({ db: database.db, clock, logger });
  // Derived data only: a slice lost in a crash rolls back with its due marks and is measured again.
  // A re-measure (after an import or a calendar edit) rests 20 ms per slice: requests come first.
  const metrics = createMetricsProjector({ db: database.relaxedDb, clock, logger, rebuildPauseMs: 20 });
  // Removal a crash may repeat harmlessly (each batch commits its progress with its removals, and a
  // batch lost with its commit is done again): relaxed commits, a rest after each batch.
  const retention = createRetentionJob({ retention: handlerServices.retention, logger, pauseMs: 20 });
  const lifecycle = createLifecycleRunner({ lifecycle: app.services.lifecycle, routing: app.services.routing, logger });
  const surveys = createSurveySender({ surveys: app.services.surveys, nps: app.services.nps, logger });
  const reportScheduler = createReportScheduler({ schedules: app.services.reportSchedules, logger });
  const inbound = createInboundProcessor({ handle: database, clock, ...inboundProcessorServices(database, { clock, secret: config.secret, logger }), logger, owner, afterCommit: () => dispatcher.nudge() });
  dispatcher.start();
  // Every process tails the outbox for its own WebSocket clients (stopped by app.close()).
  app.realtime.start();
  timers.start();
  metrics.start();
  retention.start();
  lifecycle.start();
  surveys.start();
  reportScheduler.start();
  const imap = createImapPoller({ db: database.db, clock, secret: config.secret, intake: app.services.emailIntake, logger, intervalMs: config.imapPollMs, onStored: () => inbound.nudge() });
  inbound.start();
  outbound.start();
  imap.start();
  const workers = [imap, inbound, outbound, lifecycle, surveys, reportScheduler, timers, metrics, retention, dispatcher];
  /** Each worker finishes its current item; what it claimed and had not begun goes back to the queue. */
  const stopWorkers = async () => {
    await Promise.all(workers.map((worker) => worker.stop()));
    await registry.stop();
  };
  const requests = trackRequestsInFlight(app.server);
  const smtp =
    config.smtp.port === 0
      ? undefined
      : createSmtpReceiver({ ...config.smtp, intake: app.services.emailIntake, logger, onStored: () => inbound.nudge() });
  let smtpPort: number | undefined;
  try {
    await app.listen({ port: config.port, host: config.host });
    smtpPort = await smtp?.listen().catch((error: Error) => {
      throw Object.assign(new Error(`The SMTP receiver cannot listen on ${config.smtp.host}:${config.smtp.port}: ${error.message}`), { code: (error as NodeJS.ErrnoException).code, smtp: true });
    });
  } catch (error) {
    await app.close();
    await stopWorkers();
    throw error;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      // No new work is taken in; requests in flight are answered, then every connection is cut.
      const closing = Promise.all([smtp?.close(), app.close()]);
      await requests.settled(REQUEST_DRAIN_MS);
      app.server.closeAllConnections();
      for (const socket of app.websocketServer.clients) socket.terminate();
      await Promise.all([closing, stopWorkers()]);
      await database.close();
    })();
    return stopping;
  };
  return { app, port, smtpPort, database, dispatcher, inbound, stop };
}
