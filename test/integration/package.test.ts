/**
 * The package as a user gets it: `npm pack` from a copy of the checkout as a clean clone has it
 * (no dist/: the prepack script builds it), installed with `npm install -g --prefix`, with and
 * without the optional keyring module, and the installed `glance` run against the test cloud.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { VERSION } from '../../src/version.js';
import { cleanEnv, ImageJanitor, inTerminal, listIds, REPO_ROOT, shellQuote } from './helpers.js';

const MAX_INSTALLED_BYTES = 5 * 1024 * 1024;
/** What a clean clone lacks: build output, installed modules, local clouds. */
const NOT_IN_A_CLONE = new Set(['node_modules', 'dist', '.git']);

let work: string;
let tarball: string;
const janitor = new ImageJanitor('package');

/** npm as a user runs it: none of the npm_* variables of an `npm test` around this run. */
function npm(args: string[], cwd: string): string {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)));
  const result = spawnSync('npm', args, { cwd, env, encoding: 'utf8', timeout: 180_000 });
  if (result.status !== 0) {
    throw new Error(`npm ${args.join(' ')} failed (${result.error?.message ?? `exit ${result.status}`}):\n${result.stderr}${result.stdout}`);
  }
  return result.stdout;
}

/** Installs the tarball into a new prefix; returns the prefix. */
function install(name: string): string {
  const prefix = join(work, name);
  npm(['install', '--global', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', tarball], work);
  return prefix;
}

/** Bytes of every file under a directory, as `du --apparent-size` counts them. */
function installedBytes(path: string): number {
  const info = lstatSync(path);
  return info.isDirectory() ? readdirSync(path).reduce((total, entry) => total + installedBytes(join(path, entry)), 0) : info.size;
}

/** The installed `glance`, run by the Node running these tests (the shebang says `env node`). */
function run(prefix: string, args: string[]): { stdout: string; stderr: string; code: number | null } {
  const env = { ...cleanEnv(), PATH: `${dirname(process.execPath)}:${process.env.PATH ?? '/usr/bin:/bin'}` };
  const result = spawnSync(join(prefix, 'bin', 'glance'), args, { cwd: work, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });
  return { stdout: result.stdout, stderr: result.stderr, code: result.status };
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'glance-it-package-'));
  const clone = join(work, 'clone');
  cpSync(REPO_ROOT, clone, {
    recursive: true,
    filter: (source) => dirname(source) !== REPO_ROOT || !(NOT_IN_A_CLONE.has(basename(source)) || basename(source).startsWith('.cloud')),
  });
  // The dependencies a clone gets from `npm ci`: the checkout's own, to stay offline and fast.
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(clone, 'node_modules'));
  npm(['pack', '--pack-destination', work], clone);
  const packed = readdirSync(work).filter((name) => name.endsWith('.tgz'));
  expect(packed).toEqual([`glance-cli-${VERSION}.tgz`]);
  tarball = join(work, packed[0]!);
}, 300_000);

afterEach(async () => {
  await janitor.cleanup();
});

afterAll(() => {
  if (work) {
    rmSync(work, { recursive: true, force: true });
  }
});

describe('npm pack and npm install -g', () => {
  it('ship the built CLI, its completions, README, CHANGELOG and LICENSE, and nothing else', () => {
    const listing = spawnSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean);
    const top = [...new Set(listing.map((path) => path.replace(/^package\//, '').split('/')[0]))].sort();
    expect(top).toEqual(['CHANGELOG.md', 'LICENSE', 'README.md', 'bin', 'completions', 'dist', 'package.json']);
    expect(listing).toContain('package/dist/main.js');
  });

  it('install a glance that runs: --version, help and image-list against the cloud, in at most 5 MiB', async () => {
    const prefix = install('prefix');
    const installed = join(prefix, 'lib', 'node_modules', 'glance-cli');
    expect(readdirSync(join(installed, 'node_modules', '@napi-rs'))).toContain('keyring');
    expect(installedBytes(installed)).toBeLessThanOrEqual(MAX_INSTALLED_BYTES);

    const version = run(prefix, ['--version']);
    expect(version).toEqual({ code: 0, stderr: '', stdout: `glance ${VERSION} (TypeScript client for the OpenStack Image service; Node ${process.version})\n` });
    const help = run(prefix, ['help']);
    expect([help.code, help.stderr]).toEqual([0, '']);
    expect(help.stdout).toMatch(/^usage: glance \[--version\]/);

    // A table and a progress bar (on a terminal only): both are in the bundle, loaded at run time.
    const file = join(work, 'data.bin');
    writeFileSync(file, Buffer.alloc(64 * 1024, 1));
    const name = janitor.name('installed');
    const glance = shellQuote(join(prefix, 'bin', 'glance'));
    const created = await inTerminal(`${glance} image-create --name ${name} --disk-format raw --container-format bare --file ${shellQuote(file)} --progress`, {
      env: { PATH: `${dirname(process.execPath)}:${process.env.PATH ?? ''}` },
    });
    expect(created.code).toBe(0);
    expect(created.output).toContain('100%');
    const id = janitor.trackShown(created.output.replace(/\r/g, ''));
    const list = run(prefix, ['image-list']);
    expect([list.code, list.stderr]).toEqual([0, '']);
    expect(list.stdout).toMatch(/^\+-+\+-+\+\n\| ID +\| Name +\|\n/);
    expect(listIds(list.stdout)).toContain(id);
  });

  it('install a glance that works without the optional keyring module', () => {
    const prefix = install('prefix-bare');
    // As on a platform it has no build for (npm 11's --omit=optional does not omit it from a global install).
    rmSync(join(prefix, 'lib', 'node_modules', 'glance-cli', 'node_modules', '@napi-rs'), { recursive: true });
    // The token cache on, with a session bus named: the keyring is tried, and its absence is no
    // error (the cache file, in a HOME of its own, takes over).
    const home = join(work, 'home');
    mkdirSync(home);
    const list = spawnSync(join(prefix, 'bin', 'glance'), ['image-list'], {
      cwd: work,
      env: {
        ...cleanEnv({ tokenCache: true }),
        HOME: home,
        PATH: `${dirname(process.execPath)}:${process.env.PATH ?? ''}`,
        DBUS_SESSION_BUS_ADDRESS: `unix:path=${join(home, 'no-bus')}`,
      },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect([list.status, list.stderr]).toEqual([0, '']);
    expect(list.stdout).toMatch(/^\+-+\+-+\+\n\| ID +\| Name +\|\n/);
  });
});
