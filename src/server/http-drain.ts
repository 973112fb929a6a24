import type { Server } from 'node:http';

/**
 * Shutdown for the HTTP server: requests in flight are answered, then every connection left —
 * idle keep-alive sockets, sockets that never sent a request, WebSockets — is cut, so a stop never
 * waits on a client. Node's own close() waits for all of them, which one silent socket makes forever.
 */
export function trackRequestsInFlight(server: Server) {
  let inFlight = 0;
  const waiting = new Set<() => void>();
  server.on('request', (_request, response) => {
    inFlight += 1;
    response.once('close', () => {
      inFlight -= 1;
      if (inFlight === 0) for (const resolve of waiting) resolve();
    });
  });
  return {
    /** Resolves once no request is in flight, or after `graceMs` whatever remains. */
    settled(graceMs: number) {
      if (inFlight === 0) return Promise.resolve();
      return new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          waiting.delete(done);
          resolve();
        };
        const timer = setTimeout(done, graceMs);
        waiting.add(done);
      });
    },
  };
}
