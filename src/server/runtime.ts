import { type DatabaseHandle, openDatabase } from '../db/connect.ts';
import { isSingleProcess } from '../db/dialect.ts';
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
import { buildApp } from './app.ts';
import { createLogger, requestLogLevel } from './logger.ts';
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

/** Work a killed process had claimed goes back to the queue (only safe when no other process runs). */
const releaseStaleLeases = (db: Db) =>
  db.transaction().execute(async (tx) => {
    await releaseOutboxLeases(tx);
    await releaseInboundLeases(tx);
    await releaseOutboundLeases(tx);
  });

/** A running Rapport process: HTTP server plus the outbox dispatcher, stopped together. */
export async function startServer(config: Config, options: { database?: DatabaseHandle; clock?: Clock } = {}) {
  const database = options.database ?? (await openMigratedDatabase(config));
  const clock = options.clock ?? systemClock;
  const { logger, format } = createLogger(config);
  if (isSingleProcess(database.db)) await releaseStaleLeases(database.db);
  const dispatcher = createDispatcher({ db: database.db, clock, logger });
  const app = await buildApp({ database, clock, secret: config.secret, dispatcher, logger, trustProxy: config.trustProxy, requestLogLevel: requestLogLevel(format) });
  registerSubscribers(dispatcher, app.services, { db: database.db, clock });
  const outbound = createOutboundSender({ db: database.db, clock, relayUrl: config.smtpRelayUrl, logger });
  const timers = createTimerRunner({ db: database.db, clock, logger });
  const lifecycle = createLifecycleRunner({ lifecycle: app.services.lifecycle, routing: app.services.routing, logger });
  const inbound = createInboundProcessor({ handle: database, clock, secret: config.secret, logger, afterCommit: () => dispatcher.nudge() });
  dispatcher.start();
  // Every process tails the outbox for its own WebSocket clients (stopped by app.close()).
  app.realtime.start();
  timers.start();
  lifecycle.start();
  const imap = createImapPoller({ db: database.db, clock, secret: config.secret, intake: app.services.emailIntake, logger, intervalMs: config.imapPollMs, onStored: () => inbound.nudge() });
  inbound.start();
  outbound.start();
  imap.start();
  await app.listen({ port: config.port, host: config.host });
  const smtp =
    config.smtp.port === 0
      ? undefined
      : createSmtpReceiver({ ...config.smtp, intake: app.services.emailIntake, logger, onStored: () => inbound.nudge() });
  const smtpPort = await smtp?.listen().catch(async (error: Error) => {
    await app.close();
    throw Object.assign(new Error(`The SMTP receiver cannot listen on ${config.smtp.host}:${config.smtp.port}: ${error.message}`), { code: (error as NodeJS.ErrnoException).code, smtp: true });
  });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      await smtp?.close();
      await app.close();
      await imap.stop();
      await inbound.stop();
      await outbound.stop();
      await lifecycle.stop();
      await timers.stop();
      await dispatcher.stop();
      await database.close();
    })();
    return stopping;
  };
  return { app, port, smtpPort, database, dispatcher, inbound, stop };
}
