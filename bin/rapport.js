#!/usr/bin/env node
// The `rapport` command. The TypeScript sources are bundled with esbuild into a cache folder on the
// first run and whenever a source file changes (about 100 ms). Dependencies stay external and load
// natively, and commands load their code on demand, so start-up pays no transpiling cost.
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const source = join(root, 'src');
const cache = join(root, 'node_modules', '.cache', 'rapport');

function newestSourceTime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSourceTime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

// One folder per state of the sources: a run never sees a bundle of other sources, or a half-written one.
const stamp = String(Math.floor(newestSourceTime(source)));
const bundle = join(cache, stamp);
if (!existsSync(bundle)) {
  const { build } = await import('esbuild');
  const temporary = `${bundle}.${process.pid}.tmp`;
  mkdirSync(temporary, { recursive: true });
  await build({
    // The email parser's worker thread is an entry of its own (src/modules/email/parse-off-thread.ts).
    entryPoints: { main: join(source, 'cli', 'main.ts'), 'parse-worker': join(source, 'modules', 'email', 'parse-worker.ts') },
    outdir: temporary,
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    // Separate .map files: Node reads them only under --enable-source-maps, so a start does not parse them.
    sourcemap: 'linked',
    logLevel: 'error',
  });
  try {
    renameSync(temporary, bundle);
  } catch {
    rmSync(temporary, { recursive: true, force: true }); // another run finished the same bundle first
  }
  // Old bundles go after a day: a process started from one may still load commands from it.
  for (const old of readdirSync(cache)) {
    const path = join(cache, old);
    if (old !== stamp && Date.now() - statSync(path).mtimeMs > 24 * 3600_000) rmSync(path, { recursive: true, force: true });
  }
}

await import(pathToFileURL(join(bundle, 'main.js')).href);
