import type { RapportProcessTable } from '../../db/types.ts';

export interface LivenessRules {
  /** This process's host key (host name and PID namespace). */
  host: string;
  now: number;
  /** A heartbeat older than this means the process is gone (any host). */
  staleMs: number;
  /** Whether a PID runs on this host (only asked for processes of this host). */
  isPidRunning: (pid: number) => boolean;
}

/**
 * Which registered processes are gone. A process on this host whose PID no longer runs is gone at
 * once (a restart after a crash takes its work over immediately); elsewhere only a heartbeat that
 * stopped long enough ago tells.
 */
export function goneProcesses(processes: RapportProcessTable[], self: string, rules: LivenessRules) {
  return processes.filter(
    (process) =>
      process.id !== self &&
      (process.heartbeat_at < rules.now - rules.staleMs || (process.host === rules.host && !rules.isPidRunning(process.pid))),
  );
}
