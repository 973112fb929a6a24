#!/usr/bin/env node
// Builds the agent web app (web/agent → web/dist/agent) with Vite.
//
//   node scripts/build-web.js             build now
//   node scripts/build-web.js --if-stale  build only when web/dist is missing or older than its sources
//
// `npm ci` runs it (the `prepare` script), `rapport serve` and the test suite run it with --if-stale, so
// a fresh clone never needs a manual step. Safe to run concurrently: one process builds (a lock
// directory), the others wait for it; each build is written beside the old one and swapped in whole.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const web = join(root, 'web');
const dist = join(web, 'dist');
const target = join(dist, 'agent');
const stampFile = join(dist, '.agent-stamp');
const lockDir = join(dist, '.lock');
const STALE_LOCK_MS = 10 * 60_000;

/** The newest modification time of everything the build reads (sources, configs, installed packages). */
function newestInputTime() {
  let newest = 0;
  const visit = (path) => {
    const stat = statSync(path, { throwIfNoEntry: false });
    if (!stat) return;
    if (stat.isDirectory()) {
      for (const entry of readdirSync(path)) if (entry !== 'dist' && entry !== 'node_modules') visit(join(path, entry));
    } else newest = Math.max(newest, stat.mtimeMs);
  };
  visit(web);
  // Types come from the server's schema files, but types never change the output; dependencies do.
  visit(join(root, 'package-lock.json'));
  visit(join(root, 'scripts', 'build-web.js'));
  return String(Math.floor(newest));
}

const readStamp = () => (existsSync(join(target, 'index.html')) && existsSync(stampFile) ? readFileSync(stampFile, 'utf8') : null);

export function isWebBuildStale() {
  return readStamp() !== newestInputTime();
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function acquireLock() {
  mkdirSync(dist, { recursive: true });
  for (;;) {
    try {
      mkdirSync(lockDir);
      return;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      const age = Date.now() - (statSync(lockDir, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > STALE_LOCK_MS)
        rmSync(lockDir, { recursive: true, force: true }); // a build that died
      else await sleep(200);
    }
  }
}

/** Writes .br and .gz beside each text asset, so the server sends them without compressing per request. */
function precompress(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) precompress(path);
    else if (/\.(js|css|html|svg|json|txt)$/.test(entry.name)) {
      const content = readFileSync(path);
      if (content.length < 1024) continue;
      writeFileSync(`${path}.gz`, gzipSync(content, { level: 9 }));
      writeFileSync(`${path}.br`, brotliCompressSync(content, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
    }
  }
}

/** Gzipped size of the JavaScript index.html loads before the app can render (the budget is 250 KB). */
export function initialScriptBytes() {
  const html = readFileSync(join(target, 'index.html'), 'utf8');
  const scripts = [...html.matchAll(/<(?:script[^>]*\ssrc|link[^>]*rel="modulepreload"[^>]*\shref)="\/([^"]+\.js)"/g)].map(
    (match) => match[1],
  );
  return scripts.reduce((total, file) => total + gzipSync(readFileSync(join(target, file)), { level: 9 }).length, 0);
}

export async function buildWeb({ ifStale = false, quiet = false } = {}) {
  if (ifStale && !isWebBuildStale()) return false;
  let vite;
  try {
    vite = await import('vite');
  } catch {
    // Installed without devDependencies: serve what is there (or a page saying how to build).
    console.warn('Cannot build the web app: Vite is not installed (run `npm ci` with devDependencies).');
    return false;
  }
  await acquireLock();
  try {
    const stamp = newestInputTime();
    if (ifStale && readStamp() === stamp) return false; // another process built it while we waited
    const temporary = join(dist, `.agent-${process.pid}-${Date.now()}`);
    const started = Date.now();
    if (!quiet) console.log('Building the agent web app…');
    // A build started from the test runner inherits NODE_ENV=test, which makes Vite bundle React's
    // development build (jsxDEV, warnings: half again as large). Agents always get production.
    process.env.NODE_ENV = 'production';
    try {
      await vite.build({
        mode: 'production',
        configFile: join(web, 'agent', 'vite.config.ts'),
        build: { outDir: temporary, emptyOutDir: true },
        logLevel: quiet ? 'error' : 'warn',
      });
      precompress(temporary);
    } catch (error) {
      rmSync(temporary, { recursive: true, force: true });
      throw error;
    }
    // Swap in whole: a server reading files meanwhile sees the old build or the new one, never half.
    const old = join(dist, `.old-${process.pid}-${Date.now()}`);
    if (existsSync(target)) renameSync(target, old);
    renameSync(temporary, target);
    rmSync(old, { recursive: true, force: true });
    writeFileSync(stampFile, stamp);
    if (!quiet) {
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      console.log(
        `Built the agent web app into ${relative(root, target)} in ${seconds} s; initial JavaScript ${(initialScriptBytes() / 1024).toFixed(1)} KB gzipped.`,
      );
    }
    return true;
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  await buildWeb({ ifStale: args.includes('--if-stale'), quiet: args.includes('--quiet') }).catch((error) => {
    console.error(`The web app build failed: ${error.message}`);
    process.exit(1);
  });
}
