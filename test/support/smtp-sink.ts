import { SMTPServer } from 'smtp-server';
import { type ParsedEmail, parseEmail } from '../../src/modules/email/parse.ts';

/** A real SMTP server standing in for the relay: it keeps what it receives and can refuse on demand. */
export function startSmtpSink() {
  const received: Array<{ raw: Buffer; parsed: ParsedEmail; headers: string }> = [];
  let refuseWith: number | undefined;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(_address, _session, callback) {
      if (refuseWith) return callback(Object.assign(new Error('refused'), { responseCode: refuseWith }));
      callback();
    },
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk) => chunks.push(chunk));
      stream.on('end', async () => {
        const raw = Buffer.concat(chunks);
        received.push({ raw, parsed: await parseEmail(raw), headers: raw.toString('utf8').split('\r\n\r\n')[0] });
        callback();
      });
    },
  });
  return {
    received,
    refuse(code: number | undefined) {
      refuseWith = code;
    },
    /** Starts listening; answers the relay URL Rapport's outbound sender takes. */
    listen: () =>
      new Promise<string>((resolve) =>
        server.listen(0, '127.0.0.1', () => resolve(`smtp://127.0.0.1:${(server.server.address() as { port: number }).port}?ignoreTLS=true`)),
      ),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type SmtpSink = ReturnType<typeof startSmtpSink>;
