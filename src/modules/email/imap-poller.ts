import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../../db/types.ts';
import type { Clock } from '../../lib/clock.ts';
import { createPollingLoop } from '../../lib/polling-loop.ts';
import { unseal } from '../../lib/sealed.ts';
import type { EmailIntake } from './intake-service.ts';
import * as repo from './intake-repo.ts';
import type { StoredImapSettings } from './mailboxes.ts';

const UNREADABLE_PASSWORD = 'The stored IMAP password cannot be decrypted: was RAPPORT_SECRET or data/secret changed? Enter the password again.';

/**
 * Polls the mailboxes that have IMAP settings: each unseen message is fetched, stored through the
 * same intake as SMTP mail (committed), and only then marked seen or moved to the processed folder.
 * A crash in between means the message is fetched again next time, and the intake's deduplication
 * (Message-ID and content hash) keeps it to one.
 */
export function createImapPoller(options: {
  db: Db;
  clock: Clock;
  secret: string;
  intake: EmailIntake;
  logger?: Pick<FastifyBaseLogger, 'warn' | 'error'>;
  intervalMs?: number;
  onStored?: () => void;
}) {
  const { db, clock } = options;

  /** Logged in to the mailbox's server; the client is closed again when the login fails. */
  async function connect(settings: StoredImapSettings) {
    const password = unsealPassword(settings);
    // Loaded when a mailbox is polled: most installations receive mail over SMTP only.
    const { ImapFlow } = await import('imapflow');
    const client = new ImapFlow({
      host: settings.host,
      port: settings.port,
      secure: settings.secure,
      auth: { user: settings.user, pass: password },
      logger: false,
      tls: { rejectUnauthorized: process.env.NODE_TLS_REJECT_UNAUTHORIZED !== '0' },
    });
    try {
      await client.connect();
    } catch (error) {
      client.close();
      throw error;
    }
    return client;
  }

  function unsealPassword(settings: StoredImapSettings) {
    try {
      return unseal(options.secret, settings.sealedPassword);
    } catch {
      throw new Error(UNREADABLE_PASSWORD);
    }
  }

  /** Polls one mailbox; whatever goes wrong is recorded on the mailbox (imap_error), never thrown. */
  async function pollMailbox(mailbox: { id: string; address: string; imap_settings: string }) {
    let fetched = 0;
    let failure: string | null = null;
    try {
      const settings: StoredImapSettings = JSON.parse(mailbox.imap_settings);
      const client = await connect(settings);
      try {
        const lock = await client.getMailboxLock(settings.folder ?? 'INBOX');
        try {
          const uids = (await client.search({ seen: false }, { uid: true })) || [];
          for (const uid of uids) {
            const message = await client.fetchOne(String(uid), { source: true }, { uid: true });
            if (message === false || !message.source) continue;
            await options.intake.accept({ raw: message.source, recipients: [mailbox.address], envelopeFrom: null, source: 'imap' });
            // Only after the commit: the server may forget the message now.
            if (settings.processedFolder) await client.messageMove(String(uid), settings.processedFolder, { uid: true });
            else await client.messageFlagsAdd(String(uid), ['\\Seen'], { uid: true });
            fetched += 1;
          }
        } finally {
          lock.release();
        }
      } finally {
        await client.logout().catch(() => client.close());
      }
    } catch (error) {
      failure = (error as Error).message;
      options.logger?.warn({ mailbox: mailbox.address, err: failure }, 'IMAP polling failed');
    }
    await repo.recordImapPoll(db, mailbox.id, clock.now().getTime(), failure);
    if (fetched) options.onStored?.();
    return fetched;
  }

  /** Polls every IMAP mailbox once; returns how many messages were stored. One mailbox's failure never stops the others. */
  async function pollAll() {
    let total = 0;
    for (const mailbox of await repo.listImapMailboxes(db)) {
      total += await pollMailbox(mailbox as { id: string; address: string; imap_settings: string }).catch((error: Error) => {
        options.logger?.error({ mailbox: mailbox.address, err: error }, 'IMAP poll could not be recorded');
        return 0;
      });
    }
    return total;
  }

  // Polling again at once when mail came is harmless: the second pass finds nothing new.
  const loop = createPollingLoop({ name: 'IMAP poller', runOnce: pollAll, intervalMs: options.intervalMs ?? 60_000, logger: options.logger });
  return { pollAll, start: loop.start, stop: loop.stop };
}
