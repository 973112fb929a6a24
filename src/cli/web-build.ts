import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../lib/project-root.ts';

/**
 * Builds the agent web app when web/dist is missing or older than its sources, so a fresh clone or
 * a pulled change needs no manual step. A child process keeps Vite out of the server; the script
 * returns in a few milliseconds when the build is current and is safe against concurrent starts.
 */
export function ensureWebAppBuilt() {
  const script = join(projectRoot, 'scripts', 'build-web.js');
  if (!existsSync(script)) return;
  const result = spawnSync(process.execPath, [script, '--if-stale'], { stdio: 'inherit' });
  if (result.status !== 0) process.stderr.write('The agent web app could not be built; Rapport starts with the API only.\n');
}
