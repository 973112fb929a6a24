import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import type { Command } from 'commander';
import { ROLES, type Role, systemActor } from '../lib/actor.ts';
import { badInput, CliError } from './cli-error.ts';
import { readConfig, readStdin, requireWorkspace, withServices } from './context.ts';

async function readPassword(fromStdin: boolean) {
  if (fromStdin) return (await readStdin()).toString('utf8').replace(/\r?\n$/, '');
  if (!process.stdin.isTTY) throw badInput('No terminal to ask for a password: pipe it in with --password-stdin.');
  const prompt = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  // Hide what is typed: readline echoes through _writeToOutput.
  const rl = prompt as unknown as { _writeToOutput: (text: string) => void; output: NodeJS.WritableStream };
  let asked = false;
  rl._writeToOutput = (text: string) => {
    if (!asked) {
      rl.output.write(text);
      asked = true;
    }
  };
  const password = await prompt.question('Password: ');
  prompt.close();
  process.stderr.write('\n');
  return password;
}

export function registerAdminCommands(program: Command) {
  program
    .command('migrate')
    .description('Apply database migrations (serve does this too)')
    .addHelpText('after', '\nExamples:\n  $ rapport migrate\n  $ DATABASE_URL=postgres://rapport@db/rapport rapport migrate')
    .action(async () => {
      const config = readConfig();
      const { openDatabase } = await import('../db/connect.ts');
      const { migrateToLatest } = await import('../db/migrate.ts');
      const handle = openDatabase({ dataDir: config.dataDir, databaseUrl: config.databaseUrl });
      try {
        const applied = await migrateToLatest(handle.db);
        process.stdout.write(applied.length ? `Applied ${applied.join(', ')}\n` : 'The database is up to date.\n');
      } catch (error) {
        throw new CliError((error as Error).message);
      } finally {
        await handle.close();
      }
    });

  const user = program
    .command('user')
    .description('Manage staff users')
    .addHelpText('after', '\nExamples:\n  $ rapport user create --email lee@example.com --role agent\n  $ rapport user password --email lee@example.com\n  $ rapport user create --help');
  user
    .command('create')
    .description('Create a staff user in the workspace')
    .requiredOption('--email <email>', 'sign-in email')
    .requiredOption('--role <role>', `one of ${ROLES.join(', ')}`)
    .option('--name <name>', 'display name (default: the part of the email before @)')
    .option('--password-stdin', 'read the password from standard input instead of a prompt')
    .addHelpText(
      'after',
      `
Examples:
  $ rapport user create --email lee@example.com --role agent
  $ printf '%s' "$PASSWORD" | rapport user create --email ops@example.com --role admin --password-stdin`,
    )
    .action(async (options: { email: string; role: string; name?: string; passwordStdin?: boolean }) => {
      if (!ROLES.includes(options.role as Role)) throw badInput(`Unknown role "${options.role}": use one of ${ROLES.join(', ')}.`);
      if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(options.email)) throw badInput(`"${options.email}" is not an email address.`);
      const password = await readPassword(options.passwordStdin ?? false);
      if (password.length < 10) throw badInput('The password must be at least 10 characters long.');
      await withServices(async (services) => {
        const workspace = await requireWorkspace(services);
        const created = await services.users.create(systemActor(workspace.id), {
          email: options.email,
          name: options.name ?? options.email.split('@')[0],
          role: options.role as Role,
          password,
        });
        process.stdout.write(`Created ${created.role} ${created.email} (${created.id})\n`);
      });
    });

  user
    .command('password')
    .description('Set a new password for a staff user (a reset: they are signed out everywhere and their API tokens are revoked)')
    .requiredOption('--email <email>', 'the staff user')
    .option('--password-stdin', 'read the password from standard input instead of a prompt')
    .addHelpText(
      'after',
      `
Examples:
  $ rapport user password --email admin@rapport.local          # an admin who forgot theirs
  $ printf '%s' "$PASSWORD" | rapport user password --email lee@example.com --password-stdin`,
    )
    .action(async (options: { email: string; passwordStdin?: boolean }) => {
      const password = await readPassword(options.passwordStdin ?? false);
      if (password.length < 10) throw badInput('The password must be at least 10 characters long.');
      await withServices(async (services) => {
        const staff = await services.users.findByEmail(options.email);
        if (!staff) throw badInput(`No staff user has the email ${options.email}.`);
        const workspace = await requireWorkspace(services);
        const updated = await services.users.update(systemActor(workspace.id), staff.id, { password });
        process.stdout.write(`Set a new password for ${updated.email}. ${updated.warnings.join(' ')}\n`);
      });
    });

  const token = program
    .command('token')
    .description('Manage API tokens')
    .addHelpText('after', '\nExamples:\n  $ rapport token create --email admin@rapport.local\n  $ rapport token create --help');
  token
    .command('create')
    .description('Create an API token for a staff user; prints it once on its own line')
    .requiredOption('--email <email>', 'the staff user the token acts as')
    .option('--name <name>', 'a label to recognise the token by', 'CLI token')
    .addHelpText(
      'after',
      `
Examples:
  $ rapport token create --email admin@rapport.local
  $ TOKEN=$(rapport token create --email ops@example.com --name "CRM sync")
  $ curl -H "Authorization: Bearer $TOKEN" http://127.0.0.1:3000/api/v1/tickets`,
    )
    .action(async (options: { email: string; name: string }) => {
      await withServices(async (services) => {
        const staff = await services.users.findByEmail(options.email);
        if (!staff) throw badInput(`No staff user has the email ${options.email}.`);
        const workspace = await requireWorkspace(services);
        const created = await services.auth.createToken(systemActor(workspace.id), options.name, staff.id);
        process.stdout.write(`${created.token}\n`);
      });
    });

  program
    .command('backup')
    .argument('<file>', 'where to write the backup')
    .description('Write a consistent copy of the SQLite database while Rapport runs (PostgreSQL: use pg_dump)')
    .addHelpText(
      'after',
      '\nExamples:\n  $ rapport backup /var/backups/rapport-$(date +%F).db\n  $ cp -r data/blobs /var/backups/   # attachments live beside the database\n  $ cp -p data/secret /root/rapport-secret   # or keep RAPPORT_SECRET: tokens and IMAP passwords need it',
    )
    .action(async (file: string) => {
      const config = readConfig();
      if (config.databaseUrl) {
        throw new CliError('Rapport runs on PostgreSQL here: back it up with pg_dump (e.g. pg_dump --format=custom "$DATABASE_URL" > rapport.dump).');
      }
      const source = join(config.dataDir, 'rapport.db');
      if (!existsSync(source)) throw new CliError(`There is no database at ${source} yet.`);
      const target = resolve(file);
      if (existsSync(target)) throw badInput(`${target} already exists; choose a new file name.`);
      const { default: SqliteDatabase } = await import('better-sqlite3');
      const database = new SqliteDatabase(source, { readonly: true });
      try {
        // SQLite's online backup copies a consistent snapshot while writers carry on.
        await database.backup(target);
      } finally {
        database.close();
      }
      process.stdout.write(`Backed up the database to ${target}\nAttachments are files under ${join(config.dataDir, 'blobs')}: copy that folder too.\n`);
      // Not copied beside the backup: a database copy alone must not reveal the sealed IMAP passwords.
      process.stderr.write(
        `Keep the secret with this backup (${join(config.dataDir, 'secret')}, or RAPPORT_SECRET when set): restored without it, API tokens and sessions answer 401 and IMAP passwords cannot be decrypted.\n`,
      );
    });
}
