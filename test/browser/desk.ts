import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { DatabaseHandle } from '../../src/db/connect.ts';
import type { Clock } from '../../src/lib/clock.ts';
import type { Dispatcher } from '../../src/modules/outbox/dispatcher.ts';
import { buildApp, type RapportApp } from '../../src/server/app.ts';
import { make, type Workspace } from '../factories.ts';
import { createTestDatabase, TEST_SECRET, type TestDatabase } from '../harness.ts';
import { launchBrowser, signIn } from './browser.ts';

type Viewport = { width: number; height: number };

interface PageOptions {
  viewport?: Viewport;
  /** The browser's time zone; `null` leaves Chromium's own. */
  timezoneId?: string | null;
}

export interface BrowserDeskOptions extends PageOptions {
  clock: Clock;
  /** The outbox dispatcher the server runs, as `rapport serve` does; stopped on close. */
  dispatcher?: (db: DatabaseHandle['db']) => Dispatcher;
}

/** A server on a fresh SQLite database with one workspace, listening on loopback, and a Chromium to drive it. */
export interface BrowserDesk {
  database: TestDatabase;
  app: RapportApp;
  ws: Workspace;
  url: string;
  browser: Browser;
  /** The dispatcher, when the options asked for one. */
  dispatcher: Dispatcher | undefined;
  /**
   * A page in a context of its own whose clock stands at the server clock's time (so relative
   * times match the server's), signed in as `user` when one is given.
   */
  newPage(options?: PageOptions & { user?: { email: string; password: string } }): Promise<Page>;
  /** Closes every page's context, Chromium, the dispatcher, the server and the database. */
  close(): Promise<void>;
}

const defaults = { viewport: { width: 1280, height: 900 }, timezoneId: 'UTC' };

export async function startBrowserDesk({ clock, dispatcher: createDispatcher, ...pageDefaults }: BrowserDeskOptions): Promise<BrowserDesk> {
  const database = await createTestDatabase('sqlite');
  const dispatcher = createDispatcher?.(database.handle.db);
  const app = await buildApp({ database: database.handle, clock, secret: TEST_SECRET, dispatcher });
  const ws = await make.workspace(app.services);
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  const browser = await launchBrowser();
  const contexts: BrowserContext[] = [];
  return {
    database,
    app,
    ws,
    url,
    browser,
    dispatcher,
    async newPage({ user, ...options } = {}) {
      const { viewport, timezoneId } = { ...defaults, ...pageDefaults, ...options };
      const context = await browser.newContext({ viewport, ...(timezoneId === null ? {} : { timezoneId }) });
      contexts.push(context);
      await context.clock.setFixedTime(clock.now());
      const page = await context.newPage();
      if (user) await signIn(page, url, user);
      return page;
    },
    async close() {
      for (const context of contexts.splice(0)) await context.close();
      await browser.close();
      await dispatcher?.stop();
      await app.close();
      await database.close();
    },
  };
}
