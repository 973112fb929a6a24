import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import type { DatabaseHandle } from '../db/connect.ts';
import { AppError } from '../lib/errors.ts';
import { badInput } from './cli-error.ts';
import { withServices } from './context.ts';

export function registerMailCommands(program: Command) {
  const mail = program.command('mail').description('Work with email messages');

  mail
    .command('parse')
    .description('Parse one RFC 5322 message from standard input (or a file) and print it as one JSON object')
    .argument('[file]', 'read the message from this file instead of standard input')
    .option('--pretty', 'indent the JSON for reading')
    .addHelpText(
      'after',
      `
Examples:
  $ rapport mail parse < message.eml
  $ rapport mail parse --pretty message.eml
  $ rapport mail parse < reply.eml | jq -r .visibleText

Prints {from, to, cc, replyTo, subject, date, messageId, inReplyTo, references, text, html,
visibleText, attachments, autoSubmitted, isBounce, bouncedMessageId}. Exits 2 when the input
is not an email message.`,
    )
    .action(async (file: string | undefined, options: { pretty?: boolean }) => {
      const raw = file === undefined ? await readStdin() : await readMessageFile(file);
      const { parseEmail } = await import('../modules/email/parse.ts');
      const email = await parseEmail(raw).catch((error: unknown) => {
        if (error instanceof AppError && error.code === 'unreadable-email') throw badInput(error.message);
        throw error;
      });
      process.stdout.write(`${JSON.stringify(email, null, options.pretty ? 2 : undefined)}\n`);
    });

  mail
    .command('ingest')
    .description('Store one message from standard input as received mail, then turn it into a ticket or reply')
    .option('--mailbox <address>', 'the mailbox it was sent to (default: the To, Cc and Delivered-To addresses)')
    .addHelpText(
      'after',
      `
Examples:
  $ rapport mail ingest --mailbox support@example.com < message.eml
  # from an MTA, e.g. a Postfix alias:  support: "|/opt/rapport/bin/rapport.js mail ingest --mailbox support@example.com"

The message takes the same path as mail received over SMTP: stored first, then processed.
Exit code 2 when the input is not a message or no mailbox receives it.`,
    )
    .action(async (options: { mailbox?: string }) => {
      const raw = await readStdin();
      const { parseEmail } = await import('../modules/email/parse.ts');
      const parsed = await parseEmail(raw).catch((error: unknown) => {
        if (error instanceof AppError && error.code === 'unreadable-email') throw badInput(error.message);
        throw error;
      });
      const { readHeaderBlock } = await import('../modules/email/auto-submitted.ts');
      const deliveredTo = readHeaderBlock(raw.subarray(0, 65_536).toString('latin1')).get('delivered-to');
      const recipients = options.mailbox
        ? [options.mailbox]
        : [...parsed.to, ...parsed.cc].map((a) => a.address).filter((a): a is string => !!a).concat(deliveredTo ? [deliveredTo] : []);
      await withServices(async (services, handle, config) => {
        const stored = await services.emailIntake
          .accept({ raw, recipients, envelopeFrom: parsed.from?.address ?? null, source: 'cli' })
          .catch((error: unknown) => {
            if (error instanceof AppError && error.code === 'unknown-recipient') throw badInput(`${error.message}.`);
            throw error;
          });
        await processStoredMail(handle, config.secret);
        for (const entry of stored) {
          const outcome = await services.mailboxes.inboundOutcome(entry.workspaceId, entry.id);
          const label = entry.requeued ? 'Already stored (had failed, processed again)' : entry.duplicate ? 'Already stored' : 'Stored';
          process.stdout.write(`${label} ${entry.id}: ${outcome ?? 'waiting to be processed'}\n`);
        }
      });
    });

  mail
    .command('retry')
    .description('Process failed stored messages once more: one by its id, or every failed one')
    .argument('[id]', 'the stored message (its id in the intake log, `GET /api/v1/inbound-emails?status=failed`)')
    .option('--all', 'every message that failed')
    .addHelpText(
      'after',
      `
Examples:
  $ rapport mail retry --all
  $ rapport mail retry 0193e4c2-7d1a-7b3e-9f00-2a6c1d5e8b41

Prints each message it sent back to the queue and what became of it this time.
A message that fails again is retried with backoff and listed as failed after 10 attempts.`,
    )
    .action(async (id: string | undefined, options: { all?: boolean }) => {
      if (!id === !options.all) throw badInput('Name one stored message id, or give --all to retry every failed message.');
      await withServices(async (services, handle, config) => {
        const { requireWorkspace } = await import('./context.ts');
        const { systemActor } = await import('../lib/actor.ts');
        const actor = systemActor((await requireWorkspace(services)).id);
        const retried = await (id ? services.mailboxes.retryInbound(actor, id) : services.mailboxes.retryFailedInbound(actor)).catch((error: unknown) => {
          if (error instanceof AppError && (error.code === 'not-found' || error.code === 'conflict')) {
            throw badInput(error.code === 'not-found' ? `No stored message has the id ${id}.` : `Cannot retry ${id}: ${error.message.toLowerCase()}.`);
          }
          throw error;
        });
        if (!retried.items.length) {
          process.stdout.write('No failed messages to retry.\n');
          return;
        }
        await processStoredMail(handle, config.secret);
        for (const entry of retried.items) {
          const outcome = await services.mailboxes.inboundOutcome(actor.workspaceId, entry.id);
          process.stdout.write(`Requeued ${entry.id}: ${outcome ?? 'waiting to be processed'}\n`);
        }
      });
    });
}

/** Processes what is due now, as a running server would; the CLI answers with the outcome. */
async function processStoredMail(handle: DatabaseHandle, secret: string) {
  const { createInboundProcessor } = await import('../modules/email/processor.ts');
  const { inboundProcessorServices } = await import('../server/services.ts');
  const { systemClock } = await import('../lib/clock.ts');
  await createInboundProcessor({ handle, clock: systemClock, ...inboundProcessorServices(handle, { clock: systemClock, secret }) }).drain();
}

async function readStdin(): Promise<Buffer> {
  if (process.stdin.isTTY) {
    throw badInput('No email message was given: pipe one into standard input, e.g. rapport mail parse < message.eml.');
  }
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function readMessageFile(file: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'it does not exist' : 'it is not readable';
    throw badInput(`Cannot read the message file ${file}: ${reason}.`);
  }
}
