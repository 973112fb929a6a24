import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

/**
 * A real Dovecot IMAP server on a loopback port, in a temporary folder, for the IMAP tests
 * (Debian's dovecot-imapd; npm test installs it). Users log in with plain passwords.
 */
export interface Dovecot {
  port: number;
  addUser(user: string, password: string): void;
  stop(): Promise<void>;
}

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

const accepts = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.end();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

function idOf(name: string) {
  return { uid: Number(execFileSync('id', ['-u', name]).toString()), gid: Number(execFileSync('id', ['-g', name]).toString()) };
}

export async function startDovecot(): Promise<Dovecot> {
  const dir = mkdtempSync(join(tmpdir(), 'rapport-dovecot-'));
  chmodSync(dir, 0o755); // Dovecot's unprivileged processes read the password file and config here
  const port = await freePort();
  const asRoot = process.getuid?.() === 0;
  // As root, Dovecot runs its processes as its own system users; otherwise as the current user.
  const mailUser = asRoot ? idOf('dovecot') : { uid: userInfo().uid, gid: userInfo().gid };
  const internalUser = asRoot ? 'dovecot' : userInfo().username;
  const loginUser = asRoot ? 'dovenull' : userInfo().username;
  for (const sub of ['run', 'state', 'home']) mkdirSync(join(dir, sub));
  if (asRoot) chownSync(join(dir, 'home'), mailUser.uid, mailUser.gid);
  const passwd = join(dir, 'passwd');
  writeFileSync(passwd, '');
  const config = join(dir, 'dovecot.conf');
  writeFileSync(
    config,
    `base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_internal_user = ${internalUser}
default_login_user = ${loginUser}
first_valid_uid = 1
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${passwd}
}
userdb {
  driver = static
  args = uid=${mailUser.uid} gid=${mailUser.gid} home=${dir}/home/%u
}
mail_location = maildir:~/Maildir
service imap-login {
  chroot =
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
service anvil {
  chroot =
}
`,
  );
  const child: ChildProcess = spawn('/usr/sbin/dovecot', ['-c', config, '-F'], { stdio: 'ignore' });
  for (let waited = 0; !(await accepts(port)); waited += 100) {
    if (waited > 10_000 || child.exitCode !== null) throw new Error(`Dovecot did not start (see ${dir}/dovecot.log)`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const users: string[] = [];
  return {
    port,
    addUser(user, password) {
      users.push(`${user}:{PLAIN}${password}`);
      writeFileSync(passwd, `${users.join('\n')}\n`);
    },
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
