/**
 * The image list kept for completion: written by image-list, read by `glance __complete images`
 * without a request or a prompt, private to the user, per identity, and only for 10 minutes.
 */
import { chmodSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IMAGE_COMPLETION_TTL_MS, imageCompletionFile, loadImageChoices, saveImageChoices } from '../../src/cli/image-completions.js';
import { resolveSettings } from '../../src/config/settings.js';
import { runCli } from '../helpers/cli.js';
import { fakeCloudPerTest, image } from '../helpers/fake-openstack.js';

const cloud = fakeCloudPerTest();
const A = image({ id: 'aaaaaaaa-0000-0000-0000-000000000001', name: 'alpha' });
const B = image({ id: 'bbbbbbbb-0000-0000-0000-000000000002', name: 'beta\u001b[31m red\ttabbed' });

let cacheHome: string;
beforeEach(() => {
  cacheHome = mkdtempSync(join(tmpdir(), 'glance-unit-completion-cache-'));
});
afterEach(() => rmSync(cacheHome, { recursive: true, force: true }));

const env = (extra: Record<string, string> = {}): Record<string, string> => ({ ...cloud.env, XDG_CACHE_HOME: cacheHome, ...extra });

async function listImages(images: unknown[], extra: Record<string, string> = {}): Promise<void> {
  cloud.keystoneIssuesToken().on('GET', /^\/v2\/images\?/, 200, { images });
  const run = await runCli(['image-list'], { env: env(extra) });
  expect([run.exitCode, run.stderr]).toEqual([0, '']);
}

describe('image-list keeps the images it showed for completion', () => {
  it('and __complete images prints them, id<TAB>name, without a request', async () => {
    await listImages([A, B]);
    const before = cloud.requests.length;
    const run = await runCli(['__complete', 'images'], { env: env() });
    expect([run.exitCode, run.stderr]).toEqual([0, '']);
    // Escape sequences from the cloud are shown escaped; a tab would split the line.
    expect(run.stdout).toBe('aaaaaaaa-0000-0000-0000-000000000001\talpha\nbbbbbbbb-0000-0000-0000-000000000002\tbeta\\x1b[31m red tabbed\n');
    expect(cloud.requests.length).toBe(before);
  });

  it('in a file only the user can read, in a directory only the user can enter', async () => {
    await listImages([A]);
    const directory = join(cacheHome, 'glance');
    const files = readdirSync(directory);
    expect(files).toEqual([expect.stringMatching(/^images-[0-9a-f]{64}\.json$/)]);
    expect(statSync(directory).mode & 0o777).toBe(0o700);
    expect(statSync(join(directory, files[0]!)).mode & 0o777).toBe(0o600);
    // No password, no token in it.
    expect(readFileSync(join(directory, files[0]!), 'utf8')).not.toMatch(/p4ssw0rd|gAAAAAB/);
  });

  it('per identity: another project or region sees nothing, and needs no password to be told so', async () => {
    await listImages([A]);
    const others: Record<string, string>[] = [{ OS_PROJECT_NAME: 'demo' }, { OS_REGION_NAME: 'elsewhere' }, { OS_USERNAME: 'someone' }];
    for (const other of others) {
      const run = await runCli(['__complete', 'images'], { env: env({ ...other, OS_PASSWORD: '' }) });
      expect([run.exitCode, run.stdout, run.stderr]).toEqual([0, '', '']);
    }
    const same = await runCli(['__complete', 'images'], { env: env({ OS_PASSWORD: '' }) });
    expect(same.stdout).toBe('aaaaaaaa-0000-0000-0000-000000000001\talpha\n');
  });

  it('the global options typed before the command choose the identity, as for any command', async () => {
    await listImages([A], { OS_PROJECT_NAME: 'demo' });
    expect((await runCli(['__complete', 'images'], { env: env() })).stdout).toBe('');
    expect((await runCli(['--os-project-name', 'demo', '__complete', 'images'], { env: env() })).stdout).toBe('aaaaaaaa-0000-0000-0000-000000000001\talpha\n');
  });

  it('the next image-list replaces the list', async () => {
    await listImages([A, B]);
    await listImages([B]);
    expect((await runCli(['__complete', 'images'], { env: env() })).stdout).toMatch(/^bbbbbbbb-[^\n]*\n$/);
  });

  it('a list that cannot be written does not fail image-list', async () => {
    writeFileSync(join(cacheHome, 'glance'), 'a file where the directory should be');
    await listImages([A]);
    expect((await runCli(['__complete', 'images'], { env: env() })).stdout).toBe('');
  });

  it('prints nothing, and exits 0, with no list, no cache directory or no identity', async () => {
    const cases: Record<string, string>[] = [{}, { XDG_CACHE_HOME: '', HOME: '' }, { OS_PROJECT_NAME: '' }];
    for (const extra of cases) {
      const run = await runCli(['__complete', 'images'], { env: env(extra) });
      expect([run.exitCode, run.stdout, run.stderr]).toEqual([0, '', '']);
    }
  });

  it('is not listed by help or completion', async () => {
    expect((await runCli(['help'], { env: env() })).stdout).not.toContain('__complete');
    expect((await runCli(['bash-completion'], { env: env() })).stdout).not.toContain('__complete');
  });
});

describe('the list file', () => {
  const settings = (): ReturnType<typeof resolveSettings> =>
    resolveSettings({}, { OS_AUTH_URL: 'http://keystone/v3', OS_USERNAME: 'u', OS_PROJECT_NAME: 'p', XDG_CACHE_HOME: cacheHome });
  const owner = process.geteuid?.();
  const mine = { owner };

  it('is offered for 10 minutes, then no more', async () => {
    const saved = 1_000_000;
    await saveImageChoices(settings(), [{ id: 'x1', name: 'one' }], { owner, now: saved });
    expect(await loadImageChoices(settings(), { owner, now: saved + IMAGE_COMPLETION_TTL_MS })).toEqual([{ id: 'x1', name: 'one' }]);
    expect(await loadImageChoices(settings(), { owner, now: saved + IMAGE_COMPLETION_TTL_MS + 1 })).toEqual([]);
    // A clock set back does not make a list last forever.
    expect(await loadImageChoices(settings(), { owner, now: saved - 1 })).toEqual([]);
  });

  it('keeps only ids a shell can take as they are', async () => {
    await saveImageChoices(settings(), [{ id: '$(rm -rf ~)', name: 'x' }, { id: 'a b', name: 'y' }, { id: 7, name: 'z' }, { id: 'ok-1.2_3', name: null }], mine);
    expect(await loadImageChoices(settings(), mine)).toEqual([{ id: 'ok-1.2_3', name: '' }]);
    // Nor does it trust the file: one edited by hand gets the same check.
    writeFileSync(imageCompletionFile(settings())!, JSON.stringify({ version: 1, savedAt: Date.now(), images: [{ id: '`id`', name: 'n' }, { id: 'b', name: 'm' }] }));
    expect(await loadImageChoices(settings(), mine)).toEqual([{ id: 'b', name: 'm' }]);
  });

  describe.skipIf(owner === undefined)('is not read when someone else could have written it', () => {
    beforeEach(async () => {
      await saveImageChoices(settings(), [{ id: 'planted', name: 'x' }], mine);
      expect(await loadImageChoices(settings(), mine)).toEqual([{ id: 'planted', name: 'x' }]);
    });

    it("another user's file", async () => {
      expect(await loadImageChoices(settings(), { owner: owner! + 1 })).toEqual([]);
    });

    it('a file or a directory others can write', async () => {
      chmodSync(imageCompletionFile(settings())!, 0o620);
      expect(await loadImageChoices(settings(), mine)).toEqual([]);
      chmodSync(imageCompletionFile(settings())!, 0o600);
      chmodSync(join(cacheHome, 'glance'), 0o777);
      expect(await loadImageChoices(settings(), mine)).toEqual([]);
      // The next write tightens the directory again.
      await saveImageChoices(settings(), [{ id: 'again', name: 'y' }], mine);
      expect(statSync(join(cacheHome, 'glance')).mode & 0o777).toBe(0o700);
      expect(await loadImageChoices(settings(), mine)).toEqual([{ id: 'again', name: 'y' }]);
    });

    it('a symbolic link', async () => {
      const file = imageCompletionFile(settings())!;
      renameSync(file, `${file}.real`);
      symlinkSync(`${file}.real`, file);
      expect(await loadImageChoices(settings(), mine)).toEqual([]);
    });

    it('a directory that is a symbolic link is neither read nor written through', async () => {
      const elsewhere = mkdtempSync(join(tmpdir(), 'glance-unit-completion-elsewhere-'));
      try {
        renameSync(join(cacheHome, 'glance'), join(elsewhere, 'glance'));
        symlinkSync(join(elsewhere, 'glance'), join(cacheHome, 'glance'));
        expect(await loadImageChoices(settings(), mine)).toEqual([]);
        chmodSync(join(elsewhere, 'glance'), 0o755);
        await expect(saveImageChoices(settings(), [{ id: 'b', name: 'n' }], mine)).rejects.toThrow();
        expect(statSync(join(elsewhere, 'glance')).mode & 0o777).toBe(0o755);
      } finally {
        rmSync(elsewhere, { recursive: true, force: true });
      }
    });
  });

  it('has no place without an identity that names no secret (token auth)', () => {
    const token = resolveSettings({}, { OS_AUTH_URL: 'http://keystone/v3', OS_AUTH_TYPE: 'token', OS_TOKEN: 't', XDG_CACHE_HOME: cacheHome });
    expect(imageCompletionFile(token)).toBeUndefined();
  });
});
