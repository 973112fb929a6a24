import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { projectRoot } from '../lib/project-root.ts';

/**
 * Builds the agent web app when web/dist is missing or older than its sources, so a fresh clone or
 * a pulled change needs no manual step. Whether it is stale is a quick look at file times in this
 * process; the build itself runs in a child process, which keeps Vite out of the server and is safe
 * against concurrent starts.
 */
export async function ensureWebAppBuilt() {
  const script = join(projectRoot, 'scripts', 'build-web.js');
  if (!existsSync(script)) return;
  const { isWebBuildStale } = (await import(pathToFileURL(script).href)) as { isWebBuildStale(): boolean };
  if (!isWebBuildStale()) return;
  const result = spawnSync(process.execPath, [script, '--if-stale'], { stdio: 'inherit' });
  if (result.status !== 0) process.stderr.write('The agent web app could not be built; Rapport starts with the API only.\n');
}
