import { afterAll, beforeAll } from 'vitest';
import { buildApp, type RapportApp } from '../src/server/app.ts';
import { type DialectContext, eachDialect, TEST_SECRET } from './harness.ts';

export interface AppContext extends DialectContext {
  app: RapportApp;
}

/** eachDialect plus a Fastify app over the same database and clock, for `app.inject` tests. */
export function eachDialectApp(name: string, body: (context: () => AppContext) => void) {
  eachDialect(name, (dialectContext) => {
    let app: RapportApp | undefined;
    beforeAll(async () => {
      const { database, clock } = dialectContext();
      app = await buildApp({ database: database.handle, clock, secret: TEST_SECRET });
    });
    afterAll(async () => {
      await app?.close();
    });
    body(() => {
      if (!app) throw new Error('The test app is not ready');
      return { ...dialectContext(), app };
    });
  });
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
