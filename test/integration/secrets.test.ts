/**
 * No secret leaves its origin or reaches the screen, against the real Keystone and Glance:
 * version discovery behind a TLS front keeps the configured origin; the token cache trusts only
 * what the user alone could have written, checks the password, and survives twenty cold starts
 * at once; a --copy-from URL's password is masked; and what python-glanceclient verifies in
 * token-only mode (for the README's differences).
 */
import { chmodSync, chownSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  countingFront,
  keystoneOrigin,
  login,
  makeCertificates,
  removeTemporaryDirectories,
  temporaryDirectory,
  type Certificates,
  type CountingFront,
} from './auth-helpers.js';
import { cloud, ImageJanitor, imagesNamed, ours, reference } from './helpers.js';

let certificates: Certificates;
let tls: { key: string; cert: string };
const fronts: CountingFront[] = [];

/** A front that is closed after this file. */
async function front(...args: Parameters<typeof countingFront>): Promise<CountingFront> {
  const made = await countingFront(...args);
  fronts.push(made);
  return made;
}

beforeAll(() => {
  certificates = makeCertificates();
  tls = { key: certificates.serverKey, cert: certificates.serverCert };
});

afterAll(async () => {
  for (const made of fronts) {
    await made.close();
  }
  removeTemporaryDirectories();
});

/** Keystone's version document, advertising `href` for v3. */
function versions(href: string): { status: number; body: unknown } {
  return { status: 300, body: { versions: { values: [{ id: 'v3.14', status: 'stable', links: [{ rel: 'self', href }] }] } } };
}

describe('version discovery with an unversioned https auth URL', () => {
  it('Keystone behind a TLS front advertises its own http:// address: the password still goes over https to the front', async () => {
    const keystone = await front(keystoneOrigin(), tls);
    const result = await ours(['--os-cacert', certificates.paths.ca, 'image-list'], { env: { OS_AUTH_URL: keystone.url } });
    expect([result.code, result.stderr]).toEqual([0, '']);
    // Keystone's own document names http://127.0.0.1:<its port>/v3/; only its path was taken.
    expect(keystone.requests).toEqual(['GET /', 'POST /v3/auth/tokens']);
  });

  it('a document that points at another port, http or https, gets nothing sent there', async () => {
    const plain = await front(keystoneOrigin());
    const otherTls = await front(keystoneOrigin(), tls);
    for (const advertised of [plain.url, otherTls.url]) {
      const keystone = await front(keystoneOrigin(), tls, { 'GET /': versions(`${advertised}/v3/`) });
      const result = await ours(['--os-cacert', certificates.paths.ca, 'image-list'], { env: { OS_AUTH_URL: keystone.url } });
      expect([result.code, result.stderr]).toEqual([0, '']);
      expect(keystone.requests).toEqual(['GET /', 'POST /v3/auth/tokens']);
    }
    expect([plain.requests, otherTls.requests]).toEqual([[], []]);
  });
});

describe('python-glanceclient in token-only mode over https (what the README says of it)', () => {
  let glance: CountingFront;
  let token: string;
  beforeAll(async () => {
    glance = await front(cloud().glanceUrl, tls);
    ({ token } = await login('admin'));
  });

  /**
   * A HOME of its own for each run: in token-only mode the reference caches Glance's image schema
   * in ~/.glanceclient/image_schema.json and then builds its options from it, which fails
   * ("argument --stores: conflicting option string") on every later run.
   */
  function referenceRun(args: string[], env: Record<string, string> = {}): ReturnType<typeof reference> {
    return reference(args, { as: 'none', env: { HOME: temporaryDirectory('reference-home'), ...env } });
  }

  function referenceList(flags: string[], env: Record<string, string> = {}): ReturnType<typeof reference> {
    return referenceRun(['--os-auth-token', token, '--os-image-url', glance.url, ...flags, 'image-list'], env);
  }

  it('verifies nothing without --os-cacert: a certificate from an unknown CA passes', async () => {
    const result = await referenceList([]);
    expect(result.code).toBe(0);
  });

  it('honours --os-cacert (a CA that did not sign the certificate fails) and --insecure', async () => {
    const otherCa = makeCertificates().paths.ca;
    const wrong = await referenceList(['--os-cacert', otherCa]);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('CERTIFICATE_VERIFY_FAILED');
    expect((await referenceList(['--os-cacert', certificates.paths.ca])).code).toBe(0);
    expect((await referenceList(['--os-cacert', otherCa, '--insecure'])).code).toBe(0);
  });

  it('verifies against REQUESTS_CA_BUNDLE when it is set', async () => {
    const wrong = await referenceList([], { REQUESTS_CA_BUNDLE: makeCertificates().paths.ca });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('CERTIFICATE_VERIFY_FAILED');
  });

  it('ignores --os-cert and --os-key: a front that requires a client certificate refuses it', async () => {
    const mutual = await front(cloud().glanceUrl, { ...tls, ca: certificates.caCert, requestCert: true });
    const { paths } = certificates;
    const result = await referenceRun([
      '--os-auth-token', token, '--os-image-url', mutual.url, '--os-cacert', paths.ca, '--os-cert', paths.clientCert, '--os-key', paths.clientKey, 'image-list',
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('CERTIFICATE_REQUIRED');
  });

  it('ours verifies by default and says how to trust the certificate', async () => {
    const result = await ours(['--os-auth-token', token, '--os-image-url', glance.url, 'image-list'], { as: 'none' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('(use --os-cacert to trust the certificate, or --insecure to skip verification)');
  });
});

describe('the token cache', () => {
  let keystone: CountingFront;
  let cacheHome: string;
  beforeAll(async () => {
    keystone = await front(keystoneOrigin());
  });
  beforeEach(() => {
    cacheHome = temporaryDirectory('secrets-cache');
    keystone.requests.length = 0;
  });

  /** The admin credentials, Keystone behind the counting front, the cache on in this test's directory. */
  function cached(args: string[], extra: Record<string, string | undefined> = {}): ReturnType<typeof ours> {
    return ours(args, { env: { OS_CACHE: undefined, OS_AUTH_URL: `${keystone.url}/v3`, XDG_CACHE_HOME: cacheHome, ...extra } });
  }

  const logins = (): number => keystone.requests.filter((request) => request === 'POST /v3/auth/tokens').length;

  it('twenty cold-cache commands at once all succeed and leave one valid entry, which the next command uses', async () => {
    const results = await Promise.all(Array.from({ length: 20 }, () => cached(['image-list'])));
    expect(results.map((result) => [result.code, result.stderr])).toEqual(Array.from({ length: 20 }, () => [0, '']));
    const files = readdirSync(join(cacheHome, 'glance'));
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^token-[0-9a-f]{64}\.json$/);
    const entry = JSON.parse(readFileSync(join(cacheHome, 'glance', files[0]!), 'utf8')) as { version: number; secret: { algorithm: string } };
    expect([entry.version, entry.secret.algorithm]).toEqual([2, 'scrypt']);
    expect(logins()).toBeGreaterThanOrEqual(1);
    keystone.requests.length = 0;
    const warm = await cached(['image-list']);
    expect([warm.code, logins()]).toEqual([0, 0]);
  });

  it('a wrong password with a warm cache is Keystone\'s 401, not a success', async () => {
    expect((await cached(['image-list'])).code).toBe(0);
    const wrong = await cached(['image-list'], { OS_PASSWORD: 'wrong-password' });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/^The request you have made requires authentication\. \(HTTP 401\) \(Request-ID: req-[0-9a-f-]+\)\n$/);
    expect(logins()).toBe(2);
  });

  it('a cache directory that belongs to another user is neither read nor written: every command logs in', async () => {
    const directory = join(cacheHome, 'glance');
    mkdirSync(directory, { mode: 0o700 });
    chownSync(directory, 65534, 65534);
    const first = await cached(['--debug', 'image-list']);
    expect(first.code).toBe(0);
    expect(first.stderr).toContain(`token cache: cannot write ${directory}: it belongs to uid 65534, not to uid 0`);
    // A valid entry is made there, then the directory is given to another user.
    chownSync(directory, 0, 0);
    expect((await cached(['image-list'])).code).toBe(0);
    chownSync(directory, 65534, 65534);
    keystone.requests.length = 0;
    const second = await cached(['--debug', 'image-list']);
    expect(second.code).toBe(0);
    expect(second.stderr).toContain(`token cache: not reading ${directory}: it belongs to uid 65534, not to uid 0`);
    expect(logins()).toBe(1);
  });

  it('a cache directory that is a symbolic link is not used, and its target keeps its mode', async () => {
    const target = temporaryDirectory('secrets-cache-target');
    chmodSync(target, 0o755);
    symlinkSync(target, join(cacheHome, 'glance'));
    for (let run = 0; run < 2; run++) {
      expect((await cached(['image-list'])).code).toBe(0);
    }
    expect(logins()).toBe(2);
    expect(statSync(target).mode & 0o777).toBe(0o755);
    expect(readdirSync(target)).toEqual([]);
  });
});

describe('a --copy-from URL with a password, refused by the cloud', () => {
  const janitor = new ImageJanitor('secret-url');
  afterAll(() => janitor.cleanup());
  // The cloud's import filter allows 127.0.0.1 only: [::1] is refused, and Glance quotes the URL.
  const url = 'http://alice:url-pass-w0rd@[::1]:9/cirros.img';

  it('is masked in the error, without --debug', async () => {
    const name = janitor.name('server');
    const result = await ours(['image-create', '--name', name, '--disk-format', 'raw', '--container-format', 'bare', '--copy-from', url, '--copy-from-mode', 'server']);
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n').at(-1)).toBe('HTTP 400 Bad Request: URI for web-download does not pass filtering: http://alice:***@[::1]:9/cirros.img');
    expect(result.stderr).not.toContain('url-pass-w0rd');
    expect(await imagesNamed(name)).toEqual([]);
  });

  it('and in every --debug line (auto mode: the warning, the request lines and the client-side fetch too)', async () => {
    const name = janitor.name('debug');
    const result = await ours(['--debug', 'image-create', '--name', name, '--disk-format', 'raw', '--container-format', 'bare', '--copy-from', url]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('"uri":"http://alice:***@[::1]:9/cirros.img"');
    expect(result.stderr).toContain('The cloud refused to fetch http://alice:***@[::1]:9/cirros.img itself');
    expect(result.stderr).toContain('REQ: curl -g -i -X GET http://alice:***@[::1]:9/cirros.img');
    expect(result.stderr).not.toContain('url-pass-w0rd');
    expect(await imagesNamed(name)).toEqual([]);
  });
});
