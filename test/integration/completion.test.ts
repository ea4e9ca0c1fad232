/**
 * Completion against the real cloud: the built CLI's image-list leaves the ids it showed for
 * completion, and bash, zsh and fish, with the scripts of completions/ and the built CLI as
 * `glance` on PATH, offer them for `glance image-show <TAB>` without logging in again.
 */
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHELLS } from '../../src/cli/completion.js';
import { COMPLETION_FILES, COMPLETIONS, completeLines, shellInstalled } from '../helpers/shell-completion.js';
import { cleanEnv, createImage, ImageJanitor, listIds, OUR_CLI, ours } from './helpers.js';

const janitor = new ImageJanitor('completion');
const TEMP = mkdtempSync(join(tmpdir(), 'glance-it-completion-'));
const CACHE = join(TEMP, 'cache');
let alpha: string;
let beta: string;
let betaName: string;

beforeAll(async () => {
  alpha = janitor.trackImage(await createImage({ name: janitor.name('alpha'), disk_format: 'raw', container_format: 'bare' })).id;
  betaName = janitor.name('beta');
  beta = janitor.trackImage(await createImage({ name: betaName, disk_format: 'raw', container_format: 'bare' })).id;
  const bin = join(TEMP, 'bin');
  mkdirSync(bin);
  writeFileSync(join(bin, 'glance'), `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(OUR_CLI)} "$@"\n`);
  chmodSync(join(bin, 'glance'), 0o755);
});

afterAll(async () => {
  rmSync(TEMP, { recursive: true, force: true });
  await janitor.cleanup();
});

/** The admin's openrc, the built CLI first on PATH, the completion list under CACHE. */
function shellEnv(): Record<string, string> {
  const env = cleanEnv({ as: 'admin' });
  return { ...env, PATH: `${join(TEMP, 'bin')}:${env.PATH}`, XDG_CACHE_HOME: CACHE, TERM: 'dumb', ZCOMPDUMP: join(TEMP, 'zcompdump') };
}

async function choices(options: { as?: 'admin' | 'demo'; env?: Record<string, string> } = {}): Promise<{ lines: string[]; code: number | null; stderr: string }> {
  const run = await ours(['__complete', 'images'], { as: options.as, env: { XDG_CACHE_HOME: CACHE, ...options.env } });
  return { lines: run.stdout.split('\n').filter(Boolean), code: run.code, stderr: run.stderr };
}

describe('image ids for completion', () => {
  it('are there only after an image-list', async () => {
    expect(await choices()).toEqual({ lines: [], code: 0, stderr: '' });
  });

  it('are the ids image-list showed, with their names', async () => {
    const list = await ours(['image-list'], { env: { XDG_CACHE_HOME: CACHE } });
    expect(list.code).toBe(0);
    const shown = listIds(list.stdout);
    expect(shown).toEqual(expect.arrayContaining([alpha, beta]));
    const { lines } = await choices();
    expect(lines.map((line) => line.split('\t')[0])).toEqual(shown);
    expect(lines).toContain(`${beta}\t${betaName}`);
  });

  it('are read without logging in: a wrong password changes nothing', async () => {
    const withPassword = await choices();
    expect(await choices({ env: { OS_PASSWORD: 'not-the-password' } })).toEqual(withPassword);
  });

  it("are the user's and project's own: the demo user gets none of admin's", async () => {
    expect(await choices({ as: 'demo' })).toEqual({ lines: [], code: 0, stderr: '' });
  });
});

describe.each(SHELLS)('%s completes them', (shell) => {
  const test = shellInstalled(shell) || process.env.CI !== undefined ? it : it.skip;

  test('after image-list, for image-show, image-delete, and the start of a name', async () => {
    expect((await ours(['image-list'], { env: { XDG_CACHE_HOME: CACHE } })).code).toBe(0);
    const ids = (await choices()).lines.map((line) => line.split('\t')[0]!);
    const [show, remove, byName, formats] = completeLines(
      shell,
      ['glance image-show ', `glance image-delete ${alpha} `, `glance image-show ${betaName}`, 'glance image-create --disk-format q'],
      { env: shellEnv(), scratch: TEMP },
    );
    expect(show).toEqual([...ids].sort());
    expect(remove).toEqual([...ids].sort());
    expect(byName).toEqual([beta]);
    expect(formats).toEqual(['qcow2']);
  });
});

describe('the built CLI', () => {
  it.each(SHELLS)('prints the completions/ script for %s', async (shell) => {
    const run = await ours(['completion', shell], { as: 'none' });
    expect([run.code, run.stderr]).toEqual([0, '']);
    expect(run.stdout).toBe(readFileSync(join(COMPLETIONS, COMPLETION_FILES[shell]), 'utf8'));
  });
});
