#!/usr/bin/env node
// Runs before `npm test`: the end-to-end tests drive Debian's Chromium through playwright-core
// (playwright's own browser download cannot work on these machines). Finds it, or installs it from
// Debian packages when running as root, or says exactly what to do.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean);
const found = candidates.find((p) => existsSync(p));
if (found) {
  console.log(`Chromium for browser tests: ${found}`);
  process.exit(0);
}
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const hasApt = spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
if (!isRoot || !hasApt) {
  console.error(`Chromium is needed for the browser tests and was not found.
Install it with:  sudo apt-get update && sudo apt-get install -y --no-install-recommends chromium
or set CHROMIUM_PATH to a Chromium or Chrome binary.`);
  process.exit(1);
}
console.log('Installing Chromium from Debian packages for the browser tests (about 10 s)…');
const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'chromium'], { stdio: 'inherit', env });
if (!existsSync('/usr/bin/chromium')) {
  console.error('apt-get finished but /usr/bin/chromium is missing.');
  process.exit(1);
}
