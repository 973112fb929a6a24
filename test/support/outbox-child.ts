// A Rapport process that commits a ticket (and so its outbox events) and is killed before any
// dispatcher runs: the events exist only in the database. Used by test/outbox.test.ts.
import { openDatabase } from '../../src/db/connect.ts';
import { systemClock } from '../../src/lib/clock.ts';
import { createServices } from '../../src/server/services.ts';

const [dataDir, workspaceId, databaseUrl, schema] = process.argv.slice(2);
const handle = openDatabase({ dataDir, databaseUrl: databaseUrl || undefined, schema: schema || undefined });
const services = createServices(handle, { clock: systemClock, secret: 'outbox-child-secret-0123456789abcdef' });
const ticket = await services.tickets.create({ userId: 'system', workspaceId, role: 'admin', via: 'system' }, {
  subject: 'Written just before the crash',
  requester: { email: 'crash@example.com' },
  message: { text: 'Deliver me after the restart' },
});
process.stdout.write(`${ticket.id}\n`);
// Die the hard way, between commit and delivery: no shutdown hooks, no flush.
process.kill(process.pid, 'SIGKILL');
