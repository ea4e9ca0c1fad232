/**
 * Failures against the real cloud: authorisation, missing credentials (with no request sent),
 * bad input, uploads that fail after the image record exists, usage errors, offline help, and
 * --debug redaction.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { VERSION } from '../../src/version.js';
import {
  closedPortUrl,
  cloud,
  createImage,
  getImage,
  glanceApi,
  ImageJanitor,
  imagesNamed,
  issueToken,
  listRows,
  ours,
  parseShowTable,
} from './helpers.js';
import { qemuImg } from '../helpers/disk-images.js';

const janitor = new ImageJanitor('err');
let dir: string;
let dataFile: string;
let closedUrl: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'glance-it-err-'));
  dataFile = join(dir, 'data.bin');
  writeFileSync(dataFile, randomBytes(1024 * 1024));
  closedUrl = await closedPortUrl('/v3');
});

afterEach(async () => {
  await janitor.cleanup();
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const DISK_FORMATS = "[None, 'ami', 'ari', 'aki', 'vhd', 'vhdx', 'vmdk', 'raw', 'qcow2', 'vdi', 'iso', 'ploop']";

const MISSING = {
  username: 'You must provide a username via either --os-username or env[OS_USERNAME]\n',
  password: 'You must provide a password via either --os-password, env[OS_PASSWORD], or prompted response\n',
  project:
    'You must provide a project_id or project_name (with project_domain_name or project_domain_id) via   --os-project-id (env[OS_PROJECT_ID])  --os-project-name (env[OS_PROJECT_NAME]),  --os-project-domain-id (env[OS_PROJECT_DOMAIN_ID])  --os-project-domain-name (env[OS_PROJECT_DOMAIN_NAME])\n',
  authUrl: 'You must provide an auth url via either --os-auth-url or via env[OS_AUTH_URL]\n',
};

describe('authorisation', () => {
  it('a member cannot create a public image (403), and no image is left', async () => {
    const name = janitor.name('public');
    const result = await ours(['image-create', '--name', name, '--visibility', 'public', '--disk-format', 'raw', '--container-format', 'bare'], {
      as: 'demo',
    });
    expect(result).toEqual(
      expect.objectContaining({ code: 1, stdout: '', stderr: 'HTTP 403 Forbidden: You are not authorized to complete publicize_image action.\n' }),
    );
    expect(await imagesNamed(name)).toEqual([]);
  });

  it("a member deleting admin's private image is told it does not exist", async () => {
    const image = await createImage({ name: janitor.name('private'), visibility: 'private' });
    janitor.track(image.id);
    const result = await ours(['image-delete', image.id], { as: 'demo' });
    expect(result).toMatchObject({ code: 1, stdout: '', stderr: `No image with an ID of '${image.id}' exists.\n` });
    expect((await getImage(image.id))?.status).toBe('queued');
  });

  it('a member of a project the image is shared with cannot download it while it is deactivated', async () => {
    const image = await createImage({ name: janitor.name('deact'), disk_format: 'raw', container_format: 'bare' }, { data: randomBytes(4096) });
    janitor.track(image.id);
    const share = await glanceApi('POST', `/v2/images/${image.id}/members`, { body: { member: cloud().altDemoProjectId } });
    expect(share.status).toBe(200);
    const accept = await glanceApi('PUT', `/v2/images/${image.id}/members/${cloud().altDemoProjectId}`, {
      as: 'alt_demo',
      body: { status: 'accepted' },
    });
    expect(accept.status).toBe(200);
    expect((await glanceApi('POST', `/v2/images/${image.id}/actions/deactivate`)).status).toBe(204);

    const out = join(dir, 'deactivated.bin');
    const result = await ours(['image-download', image.id, '--file', out], { as: 'alt_demo' });
    expect(result).toMatchObject({
      code: 1,
      stdout: '',
      stderr: `Unable to download image '${image.id}'. (HTTP 403 Forbidden: The requested image has been deactivated. Image data download is forbidden.)\n`,
    });
    // An admin still can (real Zed behaviour), so the image itself is fine.
    const admin = await ours(['image-download', image.id, '--file', join(dir, 'admin.bin')]);
    expect(admin).toMatchObject({ code: 0, stdout: '', stderr: '' });
  });
});

describe('credentials', () => {
  // OS_AUTH_URL points at a closed port: had a request been sent, the error would be a
  // connection error, not the credentials message.
  it.each([
    ['username', { OS_USERNAME: undefined }, MISSING.username],
    ['password (stdin not a terminal)', { OS_PASSWORD: undefined }, MISSING.password],
    ['project', { OS_PROJECT_NAME: undefined, OS_PROJECT_ID: undefined }, MISSING.project],
  ])('a missing %s fails before any request', async (_label, env, message) => {
    const result = await ours(['image-list'], { env: { ...env, OS_AUTH_URL: closedUrl } });
    expect(result).toMatchObject({ code: 1, stdout: '', stderr: message });
  });

  it('a missing auth url fails with its message', async () => {
    const result = await ours(['image-list'], { env: { OS_AUTH_URL: undefined } });
    expect(result).toMatchObject({ code: 1, stdout: '', stderr: MISSING.authUrl });
  });

  it('the checks run in the reference order: username first', async () => {
    const result = await ours(['image-list'], { as: 'none', env: { OS_AUTH_URL: closedUrl } });
    expect(result).toMatchObject({ code: 1, stdout: '', stderr: MISSING.username });
  });

  it('a closed auth url is a connection error (the control for the tests above)', async () => {
    const result = await ours(['image-list'], { env: { OS_AUTH_URL: closedUrl } });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(new RegExp(`^Unable to establish connection to ${closedUrl}/auth/tokens: .*ECONNREFUSED`));
  });

  it('a wrong password is a 401 from Keystone', async () => {
    const result = await ours(['image-list'], { env: { OS_PASSWORD: 'wrong-password' } });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr.startsWith('The request you have made requires authentication. (HTTP 401)')).toBe(true);
    expect(result.stderr.split('\n').filter(Boolean)).toHaveLength(1);
  });
});

describe('bad input', () => {
  it('an unknown image id is a 404', async () => {
    const id = randomUUID();
    const result = await ours(['image-show', id]);
    expect(result).toMatchObject({ code: 1, stdout: '', stderr: `HTTP 404 Not Found: No image found with ID ${id}\n` });
  });

  it('a disk format outside the schema enum is refused before any image exists', async () => {
    const name = janitor.name('badfmt');
    const result = await ours(['image-create', '--name', name, '--disk-format', 'foo']);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    // The reference follows this line with a multi-line jsonschema dump; ours prints only this line.
    expect(result.stderr).toBe(`Unable to set 'disk_format' to 'foo'. Reason: 'foo' is not one of ${DISK_FORMATS}\n`);
    expect(await imagesNamed(name)).toEqual([]);
  });

  it('an unreadable --file is refused before any image exists', async () => {
    const name = janitor.name('nofile');
    const result = await ours(['image-create', '--name', name, '--disk-format', 'raw', '--container-format', 'bare', '--file', '/nonexistent']);
    expect(result).toMatchObject({ code: 1, stdout: '', stderr: 'File /nonexistent does not exist or user does not have read privileges to it\n' });
    expect(await imagesNamed(name)).toEqual([]);
  });

  it('--file without the formats is refused', async () => {
    const name = janitor.name('nofmt');
    const result = await ours(['image-create', '--name', name, '--file', dataFile]);
    expect(result).toMatchObject({ code: 1, stdout: '', stderr: 'error: Must provide --disk-format, --container-format when using --file.\n' });
    expect(await imagesNamed(name)).toEqual([]);
  });

  it('image-create with stdin on /dev/null creates a record-only image in status queued', async () => {
    const name = janitor.name('devnull');
    const result = await ours(['image-create', '--name', name], { stdin: 'null' });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const id = janitor.trackShown(result.stdout);
    expect(parseShowTable(result.stdout)).toMatchObject({ name, status: 'queued', size: 'None', disk_format: 'None' });
    expect((await getImage(id))?.status).toBe('queued');
  });

  it('a create whose upload fails after the POST leaves no image behind', async () => {
    const name = janitor.name('failed');
    // --size 10 says the piped megabyte is 10 bytes: the PUT fails once the image record exists.
    const result = await ours(['image-create', '--name', name, '--disk-format', 'raw', '--container-format', 'bare', '--size', '10'], {
      stdin: { pipe: dataFile },
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    const deleted = /^Deleted image ([0-9a-f-]{36}): its upload did not complete\.$/m.exec(result.stderr);
    expect(deleted, result.stderr).not.toBeNull();
    expect(await getImage(deleted![1]!)).toBeUndefined();
    const list = await ours(['image-list']);
    expect(list.code).toBe(0);
    expect(listRows(list.stdout).map((row) => row[1])).not.toContain(name);
    expect(await imagesNamed(name)).toEqual([]);
  });
});

describe('usage errors exit 2 without any request', () => {
  it.each([
    ['an unknown option', ['image-list', '--bogus']],
    ['a missing argument', ['image-show']],
    ['a bad int', ['image-list', '--limit', 'abc']],
    ['a bad int in a schema option', ['image-create', '--min-ram', 'x']],
    ['an unknown subcommand', ['bogus-cmd']],
  ])('%s', async (_label, args) => {
    const result = await ours(args, { env: { OS_AUTH_URL: closedUrl } });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^usage: glance/);
    expect(result.stderr.trimEnd().split('\n').at(-1)).toMatch(/^glance( [a-z-]+)?: error: /);
  });
});

describe('no network needed', () => {
  it.each([
    ['glance', []],
    ['glance help', ['help']],
    ['glance help image-create', ['help', 'image-create']],
  ])('%s prints help and exits 0', async (_label, args) => {
    const result = await ours(args, { env: { OS_AUTH_URL: closedUrl } });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^usage: glance/i);
    if (args[1] === 'image-create') {
      expect(result.stdout).toContain('--disk-format <DISK_FORMAT>');
    } else {
      expect(result.stdout).toContain('image-create');
    }
  });

  it('glance image-inspect reads a local image and sends nothing', async () => {
    const image = join(dir, 'inspect.qcow2');
    qemuImg('create', '-f', 'qcow2', '-u', '-b', 'base.qcow2', '-F', 'qcow2', image, '1G');
    const result = await ours(['image-inspect', image, '-f', 'json'], { env: { OS_AUTH_URL: closedUrl } });
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(result.stdout)).toMatchObject({ format: 'qcow2', virtual_size: 1073741824, safe: false, reasons: ['backing file "base.qcow2"'] });
  });

  it('glance --version says which glance this is', async () => {
    const result = await ours(['--version'], { env: { OS_AUTH_URL: closedUrl } });
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toBe(`glance ${VERSION} (TypeScript client for the OpenStack Image service; Node ${process.version})\n`);
  });
});

describe('--debug', () => {
  it('logs curl lines with neither the password nor a token', async () => {
    const { OS_PASSWORD: password } = cloud().credentials.admin;
    const token = await issueToken('admin');
    const result = await ours(['--debug', 'image-list']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^\+-/);
    expect(result.stderr).toContain('REQ: curl -g -i -X POST');
    expect(result.stderr).toContain('REQ: curl -g -i -X GET');
    expect(result.stderr).not.toContain(password);
    expect(result.stderr).not.toContain(token);
    // Any Fernet token (the one this run got included) starts with gAAAAA.
    expect(result.stderr).not.toMatch(/gAAAAA[A-Za-z0-9_-]{20,}/);
  });

  it('in token mode it hides the token it was given', async () => {
    const token = await issueToken('admin');
    const result = await ours(['--debug', '--os-image-url', cloud().glanceUrl, '--os-auth-token', token, 'image-list'], { as: 'none' });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('REQ: curl');
    expect(result.stderr).not.toContain(token);
    expect(result.stderr).not.toMatch(/gAAAAA[A-Za-z0-9_-]{20,}/);
    const hashed = createHash('sha256').update(token).digest('hex');
    expect(result.stderr).toContain(hashed);
  });
});

describe('download target', () => {
  it('image-download of a missing image does not create the --file', async () => {
    const id = randomUUID();
    const out = join(dir, 'missing.bin');
    const result = await ours(['image-download', id, '--file', out]);
    expect(result).toMatchObject({ code: 1, stdout: '', stderr: `Unable to download image '${id}'. (HTTP 404 Not Found: No image found with ID ${id})\n` });
    expect(existsSync(out)).toBe(false);
  });
});
