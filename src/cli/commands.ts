import type { Command } from 'commander';
import { registerAdminCommands } from './admin.ts';
import { registerKpiCommands } from './kpi.ts';
import { registerMailCommands } from './mail.ts';
import { registerRetentionCommands } from './retention.ts';
import { registerSeedCommand } from './seed.ts';
import { registerServeCommand } from './serve.ts';
import { registerSlaCommands } from './sla.ts';
import { registerWfmCommands } from './wfm.ts';

export function registerCommands(program: Command) {
  registerServeCommand(program);
  registerAdminCommands(program);
  registerSeedCommand(program);
  registerSlaCommands(program);
  registerWfmCommands(program);
  registerMailCommands(program);
  registerKpiCommands(program);
  registerRetentionCommands(program);
}
