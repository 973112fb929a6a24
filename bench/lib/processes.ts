import { type ChildProcess, spawn } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const rapportBin = join(projectRoot, 'bin', 'rapport.js');

/** Where a Rapport instance keeps its data: a data directory, plus a PostgreSQL database when given. */
export interface Target {
  dataDir: string;
  databaseUrl?: string;
}

/** Every process the benchmark started and has not seen exit: killed if the benchmark itself ends first. */
const children = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of children) child.kill('SIGTERM');
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));

function track(child: ChildProcess) {
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

const environment = (target: Target, extra: Record<string, string> = {}) => ({
  ...process.env,
  RAPPORT_DATA_DIR: target.dataDir,
  DATABASE_URL: target.databaseUrl ?? '',
  LOG_LEVEL: 'warn',
  // The SMTP receiver stays off unless a scenario asks for it: no clash on its default port.
  RAPPORT_SMTP_PORT: '0',
  ...extra,
});

/** A port that was free a moment ago on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function waitForExit(child: ChildProcess, millis: number) {
  return new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolve();
    }, millis);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** Runs `rapport <args>`, resolving to its standard output; its standard error (progress bars) passes through. */
export function runRapport(target: Target, args: string[], timeoutMillis: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [rapportBin, ...args], {
      cwd: projectRoot,
      env: environment(target),
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMillis);
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(stdout);
      else reject(new Error(`rapport ${args.join(' ')} failed (${signal ?? `exit ${code}`}): ${stdout.slice(-500)}`));
    });
  });
}

function isHealthy(port: number) {
  return new Promise<boolean>((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/api/health', agent: false, timeout: 1000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode === 200));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
  });
}

export interface RunningServer {
  pid: number;
  port: number;
  /** From spawn to the first 200 of /api/health. */
  startMillis: number;
  stdout(): string;
  stop(): Promise<void>;
}

/** Spawns a server process and polls /api/health every 10 ms until it answers 200 (at most `timeoutMillis`). */
async function startProcess(args: string[], env: NodeJS.ProcessEnv, port: number, timeoutMillis: number): Promise<RunningServer> {
  const started = performance.now();
  // BENCH_SERVER_NODE_ARGS (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`) is passed to the server's node: profiling a run.
  const nodeArgs = process.env.BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const child = track(spawn(process.execPath, [...nodeArgs, ...args], { cwd: projectRoot, env, stdio: ['ignore', 'pipe', 'inherit'] }));
  let stdout = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
  });
  const stop = async () => {
    child.kill('SIGTERM');
    await waitForExit(child, 15_000);
  };
  while (!(await isHealthy(port))) {
    if (child.exitCode !== null) throw new Error(`${args.join(' ')} exited with ${child.exitCode}: ${stdout.slice(-500)}`);
    if (performance.now() - started > timeoutMillis) {
      await stop();
      throw new Error(`${args.join(' ')} was not healthy after ${timeoutMillis} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return { pid: child.pid ?? 0, port, startMillis: Math.round(performance.now() - started), stdout: () => stdout, stop };
}

export async function startRapport(target: Target, timeoutMillis = 120_000, extraEnv: Record<string, string> = {}) {
  const port = await freePort();
  return startProcess([rapportBin, 'serve'], environment(target, { PORT: String(port), ...extraEnv }), port, timeoutMillis);
}

export async function startBaseline() {
  const port = await freePort();
  const script = join(projectRoot, 'bench', 'lib', 'hello-server.ts');
  return startProcess(['--import', 'tsx', script], { ...process.env, PORT: String(port) }, port, 30_000);
}

/** Waits until the server's standard output matches (e.g. the first-start banner, printed after it listens). */
export async function waitForOutput(server: RunningServer, pattern: RegExp, timeoutMillis = 30_000) {
  const started = performance.now();
  while (!pattern.test(server.stdout())) {
    if (performance.now() - started > timeoutMillis) throw new Error(`No ${pattern} in the server output`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return pattern.exec(server.stdout());
}
