import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { initialScriptBytes } from '../scripts/build-web.js';
import { agentAppDir } from '../src/server/web-app.ts';

// The suite's global setup builds the agent app when stale, as `npm ci` and `rapport serve` do.

it('builds the agent app for production, whoever starts the build', () => {
  const scripts = readdirSync(join(agentAppDir, 'assets')).filter((file) => file.endsWith('.js'));
  expect(scripts.length).toBeGreaterThan(0);
  for (const file of scripts) expect(readFileSync(join(agentAppDir, 'assets', file), 'utf8')).not.toContain('jsxDEV');
});

it('keeps the JavaScript an agent loads before the first screen within 250 KB gzipped', () => {
  expect(initialScriptBytes()).toBeLessThanOrEqual(250 * 1024);
});
