// A Rapport process receiving mail: for each line `{"round":n,"to":"address"}` on standard input it
// stores message n as relayed through this process (its own Received line, so its own bytes),
// processes what is due, and answers `done n`. Used by test/email-dedupe-race.test.ts.
import { createInterface } from 'node:readline';
import { openDatabase } from '../../src/db/connect.ts';
import { systemClock } from '../../src/lib/clock.ts';
import { createInboundProcessor } from '../../src/modules/email/processor.ts';
import { createServices, inboundProcessorServices } from '../../src/server/services.ts';

const SECRET = 'intake-child-secret-0123456789abcdefgh';
const [dataDir, databaseUrl, schema, relay] = process.argv.slice(2);
const handle = openDatabase({ dataDir, databaseUrl: databaseUrl || undefined, schema: schema || undefined, poolSize: 4 });
const { emailIntake } = createServices(handle, { clock: systemClock, secret: SECRET });
// One message per claim: each process works on its own copy while the other works on its.
const processor = createInboundProcessor({ handle, clock: systemClock, ...inboundProcessorServices(handle, { clock: systemClock, secret: SECRET }), batchSize: 1 });

const raceMessage = (round: number, to: string, via: string) =>
  [
    `Received: from ${via}.relay.test by mx.desk.test; ${new Date().toUTCString()}`,
    'From: Racer <racer@customer.test>',
    `To: ${to}`,
    `Subject: Race ${round}`,
    `Message-ID: <race-${round}@customer.test>`,
    '',
    `Sent once, relayed twice (round ${round}).`,
    '',
  ].join('\r\n');

for await (const line of createInterface({ input: process.stdin })) {
  const { round, to } = JSON.parse(line) as { round: number; to: string };
  await emailIntake.accept({ raw: Buffer.from(raceMessage(round, to, relay)), recipients: [to], envelopeFrom: 'racer@customer.test', source: 'smtp' });
  await processor.drain();
  process.stdout.write(`done ${round}\n`);
}
await handle.close();
