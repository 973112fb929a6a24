import { connect, type Socket } from 'node:net';

/**
 * A raw SMTP client over a TCP socket, for tests that need to misbehave (stall, trickle, never
 * finish DATA): `reply()` waits for the server's next complete reply, `closed` for the socket's end.
 */
export function openSmtpSession(port: number, options: { localAddress?: string } = {}) {
  const socket: Socket = connect({ port, host: '127.0.0.1', localAddress: options.localAddress });
  const replies: string[] = [];
  const waiting: Array<(reply: string) => void> = [];
  let buffered = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    buffered += chunk;
    // A reply ends with a line "NNN text" (continuation lines are "NNN-text").
    for (let match = /^(?:\d{3}-.*\r\n)*\d{3}(?: .*)?\r\n/.exec(buffered); match; match = /^(?:\d{3}-.*\r\n)*\d{3}(?: .*)?\r\n/.exec(buffered)) {
      buffered = buffered.slice(match[0].length);
      const reply = match[0].trimEnd();
      const next = waiting.shift();
      if (next) next(reply);
      else replies.push(reply);
    }
  });
  socket.on('error', () => {}); // a server that closes first may reset the connection
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  const reply = () =>
    new Promise<string>((resolve, reject) => {
      const queued = replies.shift();
      if (queued !== undefined) return resolve(queued);
      waiting.push(resolve);
      closed.then(() => reject(new Error('The connection closed without a reply')));
    });
  return {
    reply,
    closed,
    /** Sends raw text (add CRLF yourself). */
    write: (text: string) => socket.write(text),
    /** Sends one command and waits for its reply. */
    command: (line: string) => {
      socket.write(`${line}\r\n`);
      return reply();
    },
    end: () => socket.end(),
  };
}
