import { readFileSync } from 'node:fs';
import type { FastifyBaseLogger } from 'fastify';
import { type SMTPServerDataStream, type SMTPServerSession, SMTPServer } from 'smtp-server';
import { SMTP_LIMITS } from '../../lib/config.ts';
import type { EmailIntake } from './intake-service.ts';

export interface SmtpReceiverOptions extends Partial<typeof SMTP_LIMITS> {
  host: string;
  port: number;
  /** Largest message accepted, in bytes (larger ones get 552). */
  maxBytes: number;
  /** PEM files: when both are given, STARTTLS is offered. */
  tlsKeyFile?: string;
  tlsCertFile?: string;
  /** How long close() lets a message already in DATA finish before cutting it off with 421. */
  shutdownGraceSeconds?: number;
  intake: EmailIntake;
  /** Called after a message was stored (wakes the processor). */
  onStored?: () => void;
  logger?: Pick<FastifyBaseLogger, 'warn' | 'error' | 'info'>;
}

const SHUTDOWN_GRACE_SECONDS = 5;
const SHUTTING_DOWN = '4.3.2 Rapport is shutting down, try again later';

type SmtpError = Error & { responseCode?: number };
const smtpError = (code: number, message: string): SmtpError => Object.assign(new Error(message), { responseCode: code });

function readLimited(stream: SMTPServerDataStream, maxBytes: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) chunks.push(chunk);
    });
    stream.on('end', () => resolve(stream.sizeExceeded || size > maxBytes ? undefined : Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

/**
 * The built-in SMTP receiver. It answers 250 only after the message is durably stored (blob and
 * inbound row committed); unknown recipients get 550, oversized messages 552, storage trouble 451
 * so the sending server retries later. Connections beyond the limits, clients that stay silent,
 * messages that do not arrive in time, and sessions open at shutdown get 421 and are closed.
 */
export function createSmtpReceiver(options: SmtpReceiverOptions) {
  const limits = { ...SMTP_LIMITS, ...options };
  const tls = options.tlsKeyFile && options.tlsCertFile ? { key: readFileSync(options.tlsKeyFile), cert: readFileSync(options.tlsCertFile) } : undefined;
  /** Messages being received or stored, by session: shutdown lets them finish first. */
  const inData = new Map<string, Promise<unknown>>();
  /** Sessions already answered 421 mid-message: what they still send is never stored. */
  const cutOff = new Set<string>();
  let closing = false;

  const connectionOf = (session: SMTPServerSession) => [...server.connections].find((connection) => connection.id === session.id);
  const endSession = (session: SMTPServerSession, reply: string) => connectionOf(session)?.send(421, reply);

  async function receive(stream: SMTPServerDataStream, session: SMTPServerSession): Promise<string> {
    // The idle timeout alone lets a client trickle one byte at a time for ever.
    const deadline = setTimeout(() => {
      cutOff.add(session.id);
      endSession(session, `4.4.2 The message did not arrive within ${limits.dataTimeoutSeconds} seconds`);
    }, limits.dataTimeoutSeconds * 1000);
    let raw: Buffer | undefined;
    try {
      raw = await readLimited(stream, options.maxBytes);
    } finally {
      clearTimeout(deadline);
    }
    if (cutOff.has(session.id)) throw smtpError(421, 'The session was closed before the message arrived');
    if (!raw) throw smtpError(552, `5.3.4 Message too big: the limit is ${options.maxBytes} bytes`);
    try {
      await options.intake.accept({
        raw,
        recipients: session.envelope.rcptTo.map((r) => r.address),
        envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : null,
        source: 'smtp',
      });
    } catch (error) {
      options.logger?.error({ err: error }, 'SMTP message could not be stored');
      throw smtpError(451, '4.3.0 Could not store the message, try again later');
    }
    options.onStored?.();
    return '2.0.0 Stored';
  }

  const server = new SMTPServer({
    name: 'rapport',
    banner: 'Rapport mail intake',
    authOptional: true,
    disabledCommands: tls ? ['AUTH'] : ['AUTH', 'STARTTLS'],
    ...(tls ?? {}),
    size: options.maxBytes,
    maxClients: limits.maxConnections,
    socketTimeout: limits.idleTimeoutSeconds * 1000,
    // After the grace smtp-server itself answers 421 to whatever is still open and closes it.
    closeTimeout: (options.shutdownGraceSeconds ?? SHUTDOWN_GRACE_SECONDS) * 1000,
    logger: false,
    onConnect(session, callback) {
      // The connection being opened is already in the set.
      const fromSameAddress = [...server.connections].filter((connection) => connection.remoteAddress === session.remoteAddress).length;
      if (fromSameAddress > limits.maxConnectionsPerIp) return callback(smtpError(421, `4.7.0 Too many connections from ${session.remoteAddress}, try again later`));
      callback();
    },
    onRcptTo(address, _session, callback) {
      options.intake
        .findMailbox(address.address)
        .then((mailbox) => callback(mailbox ? undefined : smtpError(550, `5.1.1 <${address.address}>: no such mailbox here`)))
        .catch((error) => {
          options.logger?.error({ err: error }, 'SMTP recipient lookup failed');
          callback(smtpError(451, '4.3.0 Temporary failure, try again later'));
        });
    },
    onData(stream, session, callback) {
      const received = receive(stream, session)
        .then((reply) => callback(null, reply), (error: Error) => callback(error))
        .finally(() => {
          inData.delete(session.id);
          cutOff.delete(session.id);
          if (closing) endSession(session, SHUTTING_DOWN);
        });
      inData.set(session.id, received);
    },
  });
  server.on('error', (error) => options.logger?.warn({ err: error }, 'SMTP connection error'));

  return {
    listen: () =>
      new Promise<number>((resolve, reject) => {
        server.once('error', reject);
        server.listen(options.port, options.host, () => {
          server.off('error', reject);
          const address = server.server.address();
          resolve(typeof address === 'object' && address ? address.port : options.port);
        });
      }),
    /**
     * Stops listening; idle sessions get 421 now, a message in DATA may finish within the grace.
     * Resolves once no store is under way, so the database can be closed next.
     */
    close: async () => {
      closing = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const connection of server.connections) if (!inData.has(connection.id)) connection.send(421, SHUTTING_DOWN);
      await closed;
      // A store the grace cut off still runs to its end (the client got 421 and sends again; intake dedupes).
      await Promise.allSettled(inData.values());
    },
  };
}
