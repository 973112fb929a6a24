import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/** Vitest global setup: the browser tests drive the built agent app, so build it once if stale. */
export default function buildWebAppIfStale() {
  execFileSync(process.execPath, [join(import.meta.dirname, '..', '..', 'scripts', 'build-web.js'), '--if-stale', '--quiet'], {
    stdio: 'inherit',
  });
}
