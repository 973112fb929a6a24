import { readFileSync } from 'node:fs';
import type { FastifyBaseLogger } from 'fastify';
import { SMTPServer, type SMTPServerDataStream } from 'smtp-server';
import type { EmailIntake } from './intake-service.ts';

export interface SmtpReceiverOptions {
  host: string;
  port: number;
  /** Largest message accepted, in bytes (larger ones get 552). */
  maxBytes: number;
  /** PEM files: when both are given, STARTTLS is offered. */
  tlsKeyFile?: string;
  tlsCertFile?: string;
  intake: EmailIntake;
  /** Called after a message was stored (wakes the processor). */
  onStored?: () => void;
  logger?: Pick<FastifyBaseLogger, 'warn' | 'error' | 'info'>;
}

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
 * so the sending server retries later.
 */
export function createSmtpReceiver(options: SmtpReceiverOptions) {
  const tls = options.tlsKeyFile && options.tlsCertFile ? { key: readFileSync(options.tlsKeyFile), cert: readFileSync(options.tlsCertFile) } : undefined;
  const server = new SMTPServer({
    name: 'rapport',
    banner: 'Rapport mail intake',
    authOptional: true,
    disabledCommands: tls ? ['AUTH'] : ['AUTH', 'STARTTLS'],
    ...(tls ?? {}),
    size: options.maxBytes,
    logger: false,
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
      readLimited(stream, options.maxBytes)
        .then(async (raw) => {
          if (!raw) return callback(smtpError(552, `5.3.4 Message too big: the limit is ${options.maxBytes} bytes`));
          await options.intake.accept({
            raw,
            recipients: session.envelope.rcptTo.map((r) => r.address),
            envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : null,
            source: 'smtp',
          });
          callback(null, '2.0.0 Stored');
          options.onStored?.();
        })
        .catch((error) => {
          options.logger?.error({ err: error }, 'SMTP message could not be stored');
          callback(smtpError(451, '4.3.0 Could not store the message, try again later'));
        });
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
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
