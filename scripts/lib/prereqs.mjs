// Installs what a fresh machine lacks, using only Node built-ins (this runs before node_modules exists).
// npm packages: `npm ci` when node_modules is missing or older than the lockfile.
// apt packages: installed when running as root on Debian/Ubuntu; elsewhere the exact command is named.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '..', '..');

export function log(message) {
  process.stderr.write(`[prodlens] ${message}\n`);
}

export function ensureNpmDependencies() {
  const marker = join(ROOT, 'node_modules', '.package-lock.json');
  const lock = join(ROOT, 'package-lock.json');
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) return;
  log('installing npm dependencies (npm ci)…');
  const result = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('npm ci failed; see the output above.');
}

function isDebianLike() {
  try {
    return /^(ID|ID_LIKE)=.*\b(debian|ubuntu)\b/m.test(readFileSync('/etc/os-release', 'utf8'));
  } catch {
    return false;
  }
}

function isInstalled(pkg) {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.includes('install ok installed');
}

let aptUpdated = false;

/**
 * Makes sure the Debian packages are present. Returns the list still missing (empty when all are there).
 * Only installs when root on Debian/Ubuntu; never prompts.
 */
export function ensureAptPackages(packages, { install = true } = {}) {
  if (!isDebianLike()) return packages.filter((p) => !commandFor(p));
  const missing = packages.filter((p) => !isInstalled(p));
  if (missing.length === 0 || !install) return missing;
  if (process.getuid?.() !== 0) return missing;
  log(`installing apt packages: ${missing.join(' ')}…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  if (!aptUpdated) {
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    aptUpdated = true;
  }
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { stdio: 'inherit', env });
  return missing.filter((p) => !isInstalled(p));
}

const onPath = (binary) => spawnSync('sh', ['-c', 'command -v "$0"', binary]).status === 0;

/** Off Debian, whether what a package provides is there: its binary on PATH, or its files. */
const PROVIDES = {
  ripgrep: () => onPath('rg'),
  'libkrb5-dev': () => existsSync('/usr/include/gssapi/gssapi.h') && onPath('krb5-config'),
  chromium: () => existsSync('/usr/bin/chromium') || onPath('chromium'),
};

function commandFor(pkg) {
  return (PROVIDES[pkg] ?? (() => onPath(pkg)))();
}

export function installCommand(packages) {
  return `sudo apt-get update && sudo apt-get install -y --no-install-recommends ${packages.join(' ')}`;
}
