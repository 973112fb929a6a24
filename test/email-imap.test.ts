import { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { seal } from '../src/lib/sealed.ts';
import { createImapPoller } from '../src/modules/email/imap-poller.ts';
import { createInboundProcessor } from '../src/modules/email/processor.ts';
import { inboundProcessorServices } from '../src/server/services.ts';
import { type AppContext, bearer, eachDialectApp } from './app.ts';
import { make, type Workspace } from './factories.ts';
import { TEST_SECRET } from './harness.ts';
import { type Dovecot, startDovecot } from './support/dovecot.ts';

eachDialectApp('IMAP polling against Dovecot', (ctx: () => AppContext) => {
  let dovecot: Dovecot;
  let ws: Workspace;
  let admin: string;
  const user = 'support@imap.test';

  beforeAll(async () => {
    dovecot = await startDovecot();
    dovecot.addUser(user, 'imap-password-1');
    // All users up front: Dovecot may not notice a password file rewritten within the same second.
    dovecot.addUser('restored@imap.test', 'imap-password-2');
    dovecot.addUser('healthy@imap.test', 'imap-password-3');
    const { services } = ctx();
    ws = await make.workspace(services);
    admin = (await services.auth.createToken(ws.system, 'admin', ws.admin.userId)).token;
  });
  afterAll(async () => {
    await dovecot?.stop();
  });

  const imapClient = () => new ImapFlow({ host: '127.0.0.1', port: dovecot.port, secure: false, auth: { user, pass: 'imap-password-1' }, logger: false });
  const deliver = async (raws: string[]) => {
    const client = imapClient();
    await client.connect();
    for (const raw of raws) await client.append('INBOX', raw);
    await client.logout();
  };
  const flagsAndFolders = async () => {
    const client = imapClient();
    await client.connect();
    const lock = await client.getMailboxLock('INBOX');
    const unseen = ((await client.search({ seen: false }, { uid: true })) || []).length;
    const total = client.mailbox ? client.mailbox.exists : 0;
    lock.release();
    const folders = (await client.list()).map((f) => f.path);
    await client.logout();
    return { unseen, total, folders };
  };
  const message = (id: number) => `From: Carol <carol@customer.test>\r\nTo: ${user}\r\nSubject: IMAP ${id}\r\nMessage-ID: <imap-${id}@customer.test>\r\n\r\nBody ${id}\r\n`;

  it('fetches unseen mail, stores it, then marks it seen; a second poll adds nothing', async () => {
    const { services, database, clock } = ctx();
    const created = await ctx().app.inject({
      method: 'POST',
      url: '/api/v1/mailboxes',
      headers: bearer(admin),
      payload: { address: user, name: 'Support', imap: { host: '127.0.0.1', port: dovecot.port, secure: false, user, password: 'imap-password-1' } },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json().imap).toMatchObject({ host: '127.0.0.1', user, folder: 'INBOX' });
    expect(JSON.stringify(created.json())).not.toContain('imap-password-1');
    await deliver([message(1), message(2), message(2)]);
    const poller = createImapPoller({ db: database.handle.db, clock, secret: TEST_SECRET, intake: services.emailIntake });
    expect(await poller.pollAll()).toBe(3);
    expect((await flagsAndFolders()).unseen).toBe(0);
    expect(await poller.pollAll()).toBe(0);
    await createInboundProcessor({ handle: database.handle, clock, ...inboundProcessorServices(database.handle, { clock, secret: TEST_SECRET }) }).drain();
    const subjects = (await services.tickets.list(ws.admin, {})).items.map((t) => t.subject).sort();
    expect(subjects).toEqual(['IMAP 1', 'IMAP 2']);
  });

  it('moves fetched mail to the processed folder when one is set', async () => {
    const { services, database, clock } = ctx();
    const client = imapClient();
    await client.connect();
    await client.mailboxCreate('Processed');
    await client.logout();
    const [mailbox] = await services.mailboxes.list(ws.admin);
    await services.mailboxes.update(ws.admin, mailbox.id, { imap: { host: '127.0.0.1', port: dovecot.port, secure: false, user, password: 'imap-password-1', processedFolder: 'Processed' } });
    await deliver([message(3)]);
    const before = (await flagsAndFolders()).total;
    await createImapPoller({ db: database.handle.db, clock, secret: TEST_SECRET, intake: services.emailIntake }).pollAll();
    expect((await flagsAndFolders()).total).toBe(before - 1);
  });

  it('records a login failure on the mailbox and loses nothing', async () => {
    const { services, database, clock } = ctx();
    const [mailbox] = await services.mailboxes.list(ws.admin);
    await services.mailboxes.update(ws.admin, mailbox.id, { imap: { host: '127.0.0.1', port: dovecot.port, secure: false, user, password: 'wrong-password' } });
    await deliver([message(4)]);
    expect(await createImapPoller({ db: database.handle.db, clock, secret: TEST_SECRET, intake: services.emailIntake }).pollAll()).toBe(0);
    const [after] = await services.mailboxes.list(ws.admin);
    expect(after.imap?.error).toBeTruthy();
    expect((await flagsAndFolders()).unseen).toBe(1);
  });
  it('keeps the stored password when a change leaves it out, but never for another server', async () => {
    const { services, app, database } = ctx();
    const [mailbox] = await services.mailboxes.list(ws.admin);
    const stored = async () =>
      JSON.parse(
        (await database.handle.db.selectFrom('mailbox').select('imap_settings').where('id', '=', mailbox.id).executeTakeFirstOrThrow())
          .imap_settings as string,
      );
    const patch = (imap: Record<string, unknown>) =>
      app.inject({ method: 'PATCH', url: `/api/v1/mailboxes/${mailbox.id}`, headers: bearer(admin), payload: { imap } });
    const before = await stored();

    const kept = await patch({ host: '127.0.0.1', port: dovecot.port, secure: false, user, processedFolder: 'Kept' });
    expect(kept.statusCode).toBe(200);
    expect(kept.json().imap).toMatchObject({ processedFolder: 'Kept' });
    expect((await stored()).sealedPassword).toBe(before.sealedPassword);

    const elsewhere = await patch({ host: 'imap.elsewhere.test', port: 993, secure: true, user });
    expect(elsewhere.statusCode).toBe(400);
    expect(elsewhere.json().fields).toEqual({ 'imap.password': 'required for a new server or user' });
    expect(await stored()).toMatchObject({ host: '127.0.0.1', processedFolder: 'Kept', sealedPassword: before.sealedPassword });
  });

  it('records an undecryptable password on its mailbox and still polls the mailboxes after it', async () => {
    const { services, database, clock, app } = ctx();
    const createMailbox = async (address: string, password: string) => {
      const created = await app.inject({
        method: 'POST',
        url: '/api/v1/mailboxes',
        headers: bearer(admin),
        payload: { address, name: address, imap: { host: '127.0.0.1', port: dovecot.port, secure: false, user: address, password } },
      });
      expect(created.statusCode).toBe(201);
      return created.json().id as string;
    };
    // As after a restore without data/secret: the password was sealed under another secret.
    const restored = await createMailbox('restored@imap.test', 'imap-password-2');
    const settings = JSON.parse((await database.handle.db.selectFrom('mailbox').select('imap_settings').where('id', '=', restored).executeTakeFirstOrThrow()).imap_settings as string);
    settings.sealedPassword = seal('a-secret-this-installation-no-longer-has', 'imap-password-2');
    await database.handle.db.updateTable('mailbox').set({ imap_settings: JSON.stringify(settings) }).where('id', '=', restored).execute();
    await createMailbox('healthy@imap.test', 'imap-password-3');
    const client = new ImapFlow({ host: '127.0.0.1', port: dovecot.port, secure: false, auth: { user: 'healthy@imap.test', pass: 'imap-password-3' }, logger: false });
    await client.connect();
    await client.append('INBOX', message(5).replace(`To: ${user}`, 'To: healthy@imap.test'));
    await client.logout();

    expect(await createImapPoller({ db: database.handle.db, clock, secret: TEST_SECRET, intake: services.emailIntake }).pollAll()).toBe(1);
    const listed = await app.inject({ method: 'GET', url: '/api/v1/mailboxes', headers: bearer(admin) });
    const byAddress = new Map(listed.json().items.map((m: { address: string; imap: unknown }) => [m.address, m.imap]));
    expect(byAddress.get('restored@imap.test')).toMatchObject({
      error: 'The stored IMAP password cannot be decrypted: was RAPPORT_SECRET or data/secret changed? Enter the password again.',
    });
    expect(byAddress.get('healthy@imap.test')).toMatchObject({ error: null, polledAt: expect.any(String) });
  });
});
