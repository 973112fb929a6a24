import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';

export interface Machine {
  nproc: number;
  cpuModel: string;
  totalMemoryGiB: number;
  node: string;
  platform: string;
  kernel: string;
}

/** What a figure was measured on: results without the machine are not comparable. */
export function describeMachine(): Machine {
  let cpuModel = os.cpus()[0]?.model ?? 'unknown';
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('model name'));
    if (line) cpuModel = line.split(':')[1].trim();
  } catch {
    // not Linux: keep what os.cpus() says
  }
  return {
    nproc: os.availableParallelism(),
    cpuModel,
    totalMemoryGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    platform: `${os.platform()} ${os.arch()}`,
    kernel: os.release(),
  };
}

/** 1-minute load average: on a shared machine it says how much the figures were disturbed. */
export const loadAverage = () => Math.round(os.loadavg()[0] * 100) / 100;

/** Resident memory of a process in MiB, from /proc/<pid>/status (Linux only; null elsewhere). */
export function residentMiB(pid: number): number | null {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Math.round((Number(match[1]) / 1024) * 10) / 10 : null;
  } catch {
    return null;
  }
}

/**
 * CPU time (user + system, all threads) a process has used so far, in ms: a figure a busy machine
 * disturbs far less than throughput, for comparing runs measured at different loads.
 */
export function processCpuMillis(pid: number): number {
  // Fields 14 and 15 of /proc/PID/stat, counted after the parenthesised command name; 100 ticks per second on Linux.
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** The code measured: the commit, and whether the working tree had changes on top of it. */
export function describeSource(root: string) {
  const git = (...args: string[]) =>
    execFileSync('git', ['-C', root, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  try {
    return { commit: git('rev-parse', '--short', 'HEAD'), uncommittedChanges: git('status', '--porcelain', '--untracked-files=no') !== '' };
  } catch {
    return { commit: 'unknown', uncommittedChanges: true };
  }
}

/** What every benchmark's result file begins with: which run, on what machine and source, how busy the machine was. */
export interface RunHeader {
  date: string;
  database: 'sqlite' | 'postgres';
  machine: Machine;
  source: ReturnType<typeof describeSource>;
  loadAverage: { start: number; end: number };
}
