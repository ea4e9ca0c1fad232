/** Logins through the CLI against the fake cloud: the token cache, 401 recovery, and every auth type. */
import { chownSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { image, PASSWORD, startFakeOpenStack, TOKEN, type FakeOpenStack } from '../../helpers/fake-openstack.js';

let cloud: FakeOpenStack;
let cacheHome: string;
beforeEach(async () => {
  cloud = await startFakeOpenStack();
  cacheHome = mkdtempSync(join(tmpdir(), 'glance-unit-cache-'));
});
afterEach(async () => {
  rmSync(cacheHome, { recursive: true, force: true });
  expect(cloud.unmatched).toEqual([]);
  await cloud.close();
});

const LIST = '/v2/images?limit=200&sort_key=name&sort_dir=asc';
const EMPTY_LIST = '+----+------+\n| ID | Name |\n+----+------+\n+----+------+\n';
const FRESH = 'gAAAAAB-fresh-token-after-401';

/** The fake cloud's openrc with the cache on, in a directory of this test. */
function cachedEnv(extra: Record<string, string> = {}): Record<string, string> {
  return { ...cloud.env, OS_CACHE: '1', XDG_CACHE_HOME: cacheHome, ...extra };
}

/** The token cache's files ($XDG_CACHE_HOME/glance also holds image-list's list for completion). */
function cacheFiles(): string[] {
  return readdirSync(join(cacheHome, 'glance')).filter((name) => name.startsWith('token-'));
}

/** Glance's version document: the legacy (v1-era) environment may make the client ask for it. */
function serveGlanceVersions(): void {
  cloud.route(
    'GET',
    /\/versions$/,
    (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ versions: [{ id: 'v2.16', status: 'CURRENT', links: [] }] }));
    },
    true,
  );
}

function keystoneIssues(token: string): void {
  cloud.on('POST', '/v3/auth/tokens', 201, { token: { expires_at: '2099-01-01T00:00:00.000000Z', catalog: cloud.catalog() } }, { 'x-subject-token': token });
}

describe('the token cache', () => {
  it('with the cache warm, a command sends nothing to Keystone', async () => {
    cloud.keystoneIssuesToken().on('GET', LIST, 200, { images: [] }).on('GET', LIST, 200, { images: [] });
    expect((await runCli(['image-list'], { env: cachedEnv() })).stdout).toBe(EMPTY_LIST);
    const second = await runCli(['image-list'], { env: cachedEnv() });
    expect(second.stdout).toBe(EMPTY_LIST);
    expect(cloud.log()).toEqual(['POST /v3/auth/tokens', `GET ${LIST}`, `GET ${LIST}`]);
    expect(cloud.requests[2]!.headers['x-auth-token']).toBe(TOKEN);
    const [file] = cacheFiles();
    expect(file).toMatch(/^token-[0-9a-f]{64}\.json$/);
    const text = readFileSync(join(cacheHome, 'glance', file!), 'utf8');
    expect(text).toContain(TOKEN);
    expect(text).not.toContain(PASSWORD);
  });

  it('is keyed by identity: another user or project logs in', async () => {
    cloud.keystoneIssuesToken().keystoneIssuesToken().on('GET', LIST, 200, { images: [] }).on('GET', LIST, 200, { images: [] });
    await runCli(['image-list'], { env: cachedEnv() });
    await runCli(['image-list'], { env: cachedEnv({ OS_PROJECT_NAME: 'other' }) });
    expect(cloud.log().filter((line) => line.startsWith('POST'))).toHaveLength(2);
    expect(cacheFiles()).toHaveLength(2);
  });

  it('is not used with --no-cache or OS_CACHE=0, and a wrong password then fails', async () => {
    cloud.keystoneIssuesToken().on('GET', LIST, 200, { images: [] });
    await runCli(['image-list'], { env: cachedEnv() });
    cloud.keystoneIssuesToken().on('GET', LIST, 200, { images: [] });
    await runCli(['--no-cache', 'image-list'], { env: cachedEnv() });
    cloud.on('POST', '/v3/auth/tokens', 401, { error: { code: 401, message: 'The request you have made requires authentication.' } });
    const wrong = await runCli(['image-list'], { env: cachedEnv({ OS_CACHE: '0', OS_PASSWORD: 'wrong' }) });
    expect(wrong.stderr).toBe('The request you have made requires authentication. (HTTP 401)\n');
    expect(cloud.log().filter((line) => line.startsWith('POST'))).toHaveLength(3);
  });

  it('does not use a token that expires within two minutes', async () => {
    cloud.keystoneIssuesToken().on('GET', LIST, 200, { images: [] });
    await runCli(['image-list'], { env: cachedEnv() });
    const path = join(cacheHome, 'glance', cacheFiles()[0]!);
    const entry = JSON.parse(readFileSync(path, 'utf8'));
    writeFileSync(path, JSON.stringify({ ...entry, expiresAt: new Date(Date.now() + 60_000).toISOString() }));
    keystoneIssues(FRESH);
    cloud.on('GET', LIST, 200, { images: [] });
    await runCli(['image-list'], { env: cachedEnv() });
    expect(cloud.log()).toEqual(['POST /v3/auth/tokens', `GET ${LIST}`, 'POST /v3/auth/tokens', `GET ${LIST}`]);
    expect(readFileSync(path, 'utf8')).toContain(FRESH);
  });

  it('a 401 on a cached token invalidates it, logs in once and replays the request', async () => {
    cloud.keystoneIssuesToken().on('GET', LIST, 200, { images: [] });
    await runCli(['image-list'], { env: cachedEnv() });
    cloud.on('GET', LIST, 401, '');
    keystoneIssues(FRESH);
    cloud.on('GET', LIST, 200, { images: [] });
    const run = await runCli(['--debug', 'image-list'], { env: cachedEnv() });
    expect([run.exitCode, run.stdout]).toEqual([0, EMPTY_LIST]);
    expect(cloud.log().slice(2)).toEqual([`GET ${LIST}`, 'POST /v3/auth/tokens', `GET ${LIST}`]);
    expect(cloud.requests.at(-1)!.headers['x-auth-token']).toBe(FRESH);
    expect(run.stderr).toContain('Glance refused the cached token (HTTP 401); logging in again');
    expect(readFileSync(join(cacheHome, 'glance', cacheFiles()[0]!), 'utf8')).toContain(FRESH);
  });

  it('replays a JSON body after the 401 (image-create)', async () => {
    cloud.keystoneIssuesToken().on('GET', LIST, 200, { images: [] });
    await runCli(['image-list'], { env: cachedEnv() });
    cloud.on('POST', '/v2/images', 401, '');
    keystoneIssues(FRESH);
    cloud.on('POST', '/v2/images', 201, image({ status: 'queued' }));
    const run = await runCli(['image-create', '--name', 'x', '--disk-format', 'raw', '--container-format', 'bare'], { env: cachedEnv() });
    expect(run.exitCode).toBe(0);
    const posts = cloud.requests.filter((request) => request.method === 'POST' && request.path === '/v2/images');
    expect(posts.map((request) => [request.headers['x-auth-token'], JSON.parse(request.text).name])).toEqual([[TOKEN, 'x'], [FRESH, 'x']]);
  });

  it('checks a cached token before streaming data, and renews it without reading the data twice', async () => {
    cloud.keystoneIssuesToken().on('GET', LIST, 200, { images: [] });
    await runCli(['image-list'], { env: cachedEnv() });
    const data = Buffer.from('image bytes from a pipe');
    cloud.on('GET', '/v2/images?limit=1', 401, '');
    keystoneIssues(FRESH);
    cloud.on('PUT', '/v2/images/x/file', 204);
    cloud.on('GET', '/v2/images/x', 200, image({ id: 'x', size: data.length, checksum: null, os_hash_value: null }));
    // Without the inspection's GET of the image first, which would confirm the token before any data is read.
    const run = await runCli(['image-upload', 'x', '--no-inspect'], { env: cachedEnv(), stdinKind: 'pipe', stdinData: data });
    expect([run.exitCode, run.stderr]).toEqual([0, '']);
    expect(cloud.log().slice(2)).toEqual(['GET /v2/images?limit=1', 'POST /v3/auth/tokens', 'PUT /v2/images/x/file', 'GET /v2/images/x']);
    const put = cloud.requests.find((request) => request.method === 'PUT')!;
    expect([put.headers['x-auth-token'], put.text]).toEqual([FRESH, data.toString()]);
  });

  it('does not log in again when a fresh token gets a 401', async () => {
    cloud.keystoneIssuesToken().on('GET', LIST, 401, '');
    const run = await runCli(['image-list'], { env: cachedEnv() });
    expect([run.exitCode, run.stderr]).toEqual([1, 'HTTP HTTPUnauthorized\n']);
    expect(cloud.log()).toEqual(['POST /v3/auth/tokens', `GET ${LIST}`]);
    expect(cacheFiles()).toEqual([]);
  });

  it('caches nothing for token auth (the token is the only identity) and for token-only mode', async () => {
    cloud.on('POST', '/v3/auth/tokens', 201, { token: { expires_at: '2099-01-01T00:00:00Z', catalog: cloud.catalog() } }, { 'x-subject-token': FRESH });
    cloud.on('GET', LIST, 200, { images: [] });
    const run = await runCli(['--os-auth-type', 'token', '--os-token', 'user-token', 'image-list'], { env: cachedEnv({ OS_USERNAME: '' }) });
    expect(run.exitCode).toBe(0);
    expect(() => cacheFiles()).toThrow();
  });
});

describe('the token cache and the secret', () => {
  const UNAUTHORIZED = { error: { code: 401, message: 'The request you have made requires authentication.' } };

  it('a wrong password with a warm cache is not let through: it logs in, and Keystone says 401', async () => {
    cloud.keystoneIssuesToken().on('GET', LIST, 200, { images: [] });
    await runCli(['image-list'], { env: cachedEnv() });
    cloud.on('POST', '/v3/auth/tokens', 401, UNAUTHORIZED);
    const wrong = await runCli(['--debug', 'image-list'], { env: cachedEnv({ OS_PASSWORD: 'wrong' }) });
    expect([wrong.exitCode, wrong.stdout]).toEqual([1, '']);
    expect(wrong.stderr).toContain('token cache: the cached token was obtained with a different password or secret; logging in\n');
    expect(wrong.stderr.split('\n').at(-2)).toBe('The request you have made requires authentication. (HTTP 401)');
    expect(cloud.log()).toEqual(['POST /v3/auth/tokens', `GET ${LIST}`, 'POST /v3/auth/tokens']);
    // The entry of the right password is still there, and still works with it.
    cloud.on('GET', LIST, 200, { images: [] });
    expect((await runCli(['image-list'], { env: cachedEnv() })).exitCode).toBe(0);
    expect(cloud.log()).toHaveLength(4);
  });

  it('a changed password logs in once, and its token replaces the old one', async () => {
    cloud.keystoneIssuesToken().on('GET', LIST, 200, { images: [] });
    await runCli(['image-list'], { env: cachedEnv() });
    keystoneIssues(FRESH);
    cloud.on('GET', LIST, 200, { images: [] }).on('GET', LIST, 200, { images: [] });
    const changed = cachedEnv({ OS_PASSWORD: 'new-password' });
    expect((await runCli(['image-list'], { env: changed })).exitCode).toBe(0);
    expect((await runCli(['image-list'], { env: changed })).exitCode).toBe(0);
    expect(cloud.log().filter((line) => line.startsWith('POST'))).toHaveLength(2);
    expect(cloud.requests.at(-1)!.headers['x-auth-token']).toBe(FRESH);
    expect(cacheFiles()).toHaveLength(1);
  });

  it('still needs the password: the cache saves the login, not the secret', async () => {
    cloud.keystoneIssuesToken().on('GET', LIST, 200, { images: [] });
    await runCli(['image-list'], { env: cachedEnv() });
    const missing = await runCli(['image-list'], { env: cachedEnv({ OS_PASSWORD: '' }) });
    expect([missing.exitCode, missing.stderr]).toEqual([1, 'You must provide a password via either --os-password, env[OS_PASSWORD], or prompted response\n']);
    // Typed at the prompt, the right one uses the cached token: Keystone is not asked.
    cloud.on('GET', LIST, 200, { images: [] });
    const typed = await runCli(['image-list'], { env: cachedEnv({ OS_PASSWORD: '' }), password: PASSWORD });
    expect([typed.exitCode, typed.stdout]).toEqual([0, EMPTY_LIST]);
    expect(cloud.log()).toEqual(['POST /v3/auth/tokens', `GET ${LIST}`, `GET ${LIST}`]);
  });

  it('another application credential secret misses the cache too', async () => {
    const env = cachedEnv({ OS_AUTH_TYPE: 'v3applicationcredential', OS_APPLICATION_CREDENTIAL_ID: 'ac1', OS_APPLICATION_CREDENTIAL_SECRET: 'ac-secret' });
    cloud.keystoneIssuesToken().on('GET', LIST, 200, { images: [] }).on('GET', LIST, 200, { images: [] });
    await runCli(['image-list'], { env });
    await runCli(['image-list'], { env });
    cloud.on('POST', '/v3/auth/tokens', 401, UNAUTHORIZED);
    const wrong = await runCli(['image-list'], { env: { ...env, OS_APPLICATION_CREDENTIAL_SECRET: 'not-it' } });
    expect(wrong.exitCode).toBe(1);
    expect(cloud.log()).toEqual(['POST /v3/auth/tokens', `GET ${LIST}`, `GET ${LIST}`, 'POST /v3/auth/tokens']);
  });
});

describe('a cached catalog without a usable image endpoint', () => {
  function rewriteEntry(change: (entry: Record<string, unknown>) => Record<string, unknown>): void {
    const path = join(cacheHome, 'glance', cacheFiles()[0]!);
    writeFileSync(path, JSON.stringify(change(JSON.parse(readFileSync(path, 'utf8')))));
  }

  it('an empty catalog: the entry is dropped and the client logs in again, instead of failing until it expires', async () => {
    cloud.keystoneIssuesToken().on('GET', LIST, 200, { images: [] });
    await runCli(['image-list'], { env: cachedEnv() });
    rewriteEntry((entry) => ({ ...entry, catalog: [] }));
    keystoneIssues(FRESH);
    cloud.on('GET', LIST, 200, { images: [] });
    const run = await runCli(['--debug', 'image-list'], { env: cachedEnv() });
    expect(run.exitCode).toBe(0);
    expect(run.stderr).toContain('token cache: the cached catalog has no usable image endpoint; logging in again\n');
    expect(cloud.log()).toEqual(['POST /v3/auth/tokens', `GET ${LIST}`, 'POST /v3/auth/tokens', `GET ${LIST}`]);
    expect(readFileSync(join(cacheHome, 'glance', cacheFiles()[0]!), 'utf8')).toContain(FRESH);
  });

  it('an image endpoint that moved (nothing answers at the cached one): one new login, and the request goes to the new endpoint', async () => {
    cloud.keystoneIssuesToken().on('GET', LIST, 200, { images: [] });
    await runCli(['image-list'], { env: cachedEnv() });
    const gone = await startFakeOpenStack();
    const stale = gone.url;
    await gone.close();
    rewriteEntry((entry) => ({ ...entry, catalog: [{ type: 'image', endpoints: [{ interface: 'public', region_id: 'RegionOne', url: stale }] }] }));
    keystoneIssues(FRESH);
    cloud.on('POST', '/v2/images', 201, image({ status: 'queued' }));
    const run = await runCli(['--debug', 'image-create', '--name', 'x', '--disk-format', 'raw', '--container-format', 'bare'], { env: cachedEnv() });
    expect(run.exitCode).toBe(0);
    expect(run.stderr).toContain(`token cache: the image endpoint of the cached catalog (${stale}) does not answer; logging in again\n`);
    expect(cloud.log()).toEqual(['POST /v3/auth/tokens', `GET ${LIST}`, 'POST /v3/auth/tokens', 'POST /v2/images']);
    expect(cloud.requests.at(-1)!.headers['x-auth-token']).toBe(FRESH);
    expect(readFileSync(join(cacheHome, 'glance', cacheFiles()[0]!), 'utf8')).not.toContain(stale);
  });

  it.skipIf(process.geteuid?.() !== 0)('an entry planted by another user, its catalog pointing elsewhere, is ignored: the token never goes there', async () => {
    cloud.keystoneIssuesToken().on('GET', LIST, 200, { images: [] });
    await runCli(['image-list'], { env: cachedEnv() });
    const elsewhere = await startFakeOpenStack();
    try {
      rewriteEntry((entry) => ({ ...entry, catalog: [{ type: 'image', endpoints: [{ interface: 'public', region_id: 'RegionOne', url: elsewhere.url }] }] }));
      chownSync(join(cacheHome, 'glance', cacheFiles()[0]!), 65534, 65534);
      cloud.keystoneIssuesToken().on('GET', LIST, 200, { images: [] });
      const run = await runCli(['--debug', 'image-list'], { env: cachedEnv() });
      expect(run.exitCode).toBe(0);
      expect(run.stderr).toMatch(/token cache: ignoring \S+token-[0-9a-f]{64}\.json: it belongs to uid 65534, not to uid 0\n/);
      expect(elsewhere.requests).toEqual([]);
      expect(cloud.log()).toEqual(['POST /v3/auth/tokens', `GET ${LIST}`, 'POST /v3/auth/tokens', `GET ${LIST}`]);
    } finally {
      await elsewhere.close();
    }
  });
});

describe('token-cache clear', () => {
  it('removes the cached tokens (both spellings), and the next command logs in', async () => {
    cloud.keystoneIssuesToken().on('GET', LIST, 200, { images: [] });
    await runCli(['image-list'], { env: cachedEnv() });
    const run = await runCli(['token-cache', 'clear'], { env: cachedEnv() });
    expect([run.exitCode, run.stdout]).toEqual([0, `Removed 1 cached token (0 from the OS keyring, 1 from ${cacheHome}/glance).\n`]);
    expect(cacheFiles()).toEqual([]);
    expect((await runCli(['token-cache-clear'], { env: cachedEnv() })).stdout).toMatch(/^Removed 0 cached tokens/);
    const bad = await runCli(['token-cache', 'wipe'], { env: cachedEnv() });
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toContain("glance: 'token-cache' is not a glance command. Did you mean token-cache-clear?\n");
  });
});

describe('Keystone v2.0', () => {
  const V2_CATALOG = (url: string) => [
    { type: 'image', name: 'glance', endpoints: [{ region: 'RegionOne', publicURL: `${url}/v2-public`, internalURL: `${url}/internal`, adminURL: `${url}/admin` }] },
  ];
  beforeEach(serveGlanceVersions);
  /** The log without Glance's version probes. */
  const keystoneAndImages = (): string[] => cloud.log().filter((line) => !line.endsWith('/versions'));
  const legacyEnv = (): Record<string, string> => ({
    OS_AUTH_URL: `${cloud.url}/v2.0`,
    OS_USERNAME: 'admin',
    OS_PASSWORD: PASSWORD,
    OS_TENANT_NAME: 'admin',
  });

  it('logs in with v2.0 where Keystone has it, and reads its catalog', async () => {
    cloud.on('POST', '/v2.0/tokens', 200, {
      access: { token: { id: 'v2-token', expires: '2099-01-01T00:00:00Z', tenant: { id: 't' } }, serviceCatalog: V2_CATALOG(cloud.url), user: { id: 'u' } },
    });
    cloud.on('GET', `/v2-public${LIST}`, 200, { images: [] });
    cloud.on('GET', `/internal${LIST}`, 200, { images: [] });
    const run = await runCli(['image-list'], { env: legacyEnv() });
    expect([run.exitCode, run.stderr]).toEqual([0, '']);
    expect(JSON.parse(cloud.requests[0]!.text)).toEqual({ auth: { passwordCredentials: { username: 'admin', password: PASSWORD }, tenantName: 'admin' } });
    expect(cloud.requests.find((request) => request.path.endsWith(LIST))!.headers['x-auth-token']).toBe('v2-token');
    cloud.on('POST', '/v2.0/tokens', 200, {
      access: { token: { id: 'v2-token', expires: '2099-01-01T00:00:00Z' }, serviceCatalog: V2_CATALOG(cloud.url) },
    });
    const internal = await runCli(['--os-endpoint-type', 'internalURL', 'image-list'], { env: { ...legacyEnv(), OS_TENANT_ID: 'tid', OS_TENANT_NAME: '' } });
    expect(internal.exitCode).toBe(0);
    expect(JSON.parse(cloud.requests.filter((request) => request.path === '/v2.0/tokens')[1]!.text).auth.tenantId).toBe('tid');
  });

  it('falls back to v3 in the default domain where v2.0 is gone, and says so in one line', async () => {
    cloud.on('POST', '/v2.0/tokens', 404, '<html>Not Found</html>');
    cloud.keystoneIssuesToken().on('GET', LIST, 200, { images: [] });
    const run = await runCli(['image-list'], { env: legacyEnv() });
    expect(run.exitCode).toBe(0);
    expect(run.stderr).toBe(
      `Keystone at ${cloud.url}/v2.0 has no Identity API v2.0 (gone since Queens): using v3 at ${cloud.url}/v3 in the default domain instead\n`,
    );
    expect(keystoneAndImages()).toEqual(['POST /v2.0/tokens', 'POST /v3/auth/tokens', `GET ${LIST}`]);
    expect(JSON.parse(cloud.requests[1]!.text).auth).toEqual({
      identity: { methods: ['password'], password: { user: { password: PASSWORD, name: 'admin', domain: { id: 'default' } } } },
      scope: { project: { name: 'admin', domain: { id: 'default' } } },
    });
  });

  it('v2password with an unversioned URL tries /v2.0, then discovers v3', async () => {
    cloud.on('POST', '/v2.0/tokens', 404, '');
    cloud.on('GET', '/', 300, { versions: { values: [{ id: 'v3.14', links: [{ rel: 'self', href: `${cloud.url}/v3/` }] }] } });
    cloud.keystoneIssuesToken().on('GET', LIST, 200, { images: [] });
    const run = await runCli(['--os-auth-type', 'v2password', 'image-list'], { env: { ...legacyEnv(), OS_AUTH_URL: cloud.url } });
    expect(run.exitCode).toBe(0);
    expect(keystoneAndImages()).toEqual(['POST /v2.0/tokens', 'GET /', 'POST /v3/auth/tokens', `GET ${LIST}`]);
  });

  it('uses v2.0 when discovery offers only v2.0', async () => {
    cloud.on('GET', '/', 300, { versions: { values: [{ id: 'v2.0', links: [{ rel: 'self', href: `${cloud.url}/v2.0/` }] }] } });
    cloud.on('POST', '/v2.0/tokens', 200, { access: { token: { id: 'v2-token', expires: '2099-01-01T00:00:00Z' }, serviceCatalog: V2_CATALOG(cloud.url) } });
    cloud.on('GET', `/v2-public${LIST}`, 200, { images: [] });
    const run = await runCli(['image-list'], { env: { ...legacyEnv(), OS_AUTH_URL: cloud.url } });
    expect([run.exitCode, run.stderr]).toEqual([0, '']);
  });

  it('words a v2.0 refusal as keystoneauth does', async () => {
    cloud.on('POST', '/v2.0/tokens', 401, { error: { message: 'Invalid user / password', code: 401 } });
    const run = await runCli(['image-list'], { env: legacyEnv() });
    expect([run.exitCode, run.stderr]).toEqual([1, 'Invalid user / password (HTTP 401)\n']);
  });
});

describe('application credentials', () => {
  it('by id and secret: no scope is sent', async () => {
    cloud.keystoneIssuesToken().on('GET', LIST, 200, { images: [] });
    const env = { OS_AUTH_URL: `${cloud.url}/v3`, OS_AUTH_TYPE: 'v3applicationcredential', OS_APPLICATION_CREDENTIAL_ID: 'ac1', OS_APPLICATION_CREDENTIAL_SECRET: 'ac-secret' };
    const run = await runCli(['--debug', 'image-list'], { env });
    expect(run.exitCode).toBe(0);
    expect(JSON.parse(cloud.requests[0]!.text)).toEqual({
      auth: { identity: { methods: ['application_credential'], application_credential: { id: 'ac1', secret: 'ac-secret' } } },
    });
    expect(run.stderr).not.toContain('ac-secret');
    expect(run.stderr).not.toContain(TOKEN);
  });

  it('by name with its user', async () => {
    cloud.keystoneIssuesToken().on('GET', LIST, 200, { images: [] });
    const run = await runCli(
      ['--os-application-credential-name', 'ci', '--os-application-credential-secret', 's', '--os-username', 'demo', '--os-user-domain-name', 'Default', 'image-list'],
      { env: { OS_AUTH_URL: `${cloud.url}/v3` } },
    );
    expect(run.exitCode).toBe(0);
    expect(JSON.parse(cloud.requests[0]!.text).auth.identity.application_credential).toEqual({ name: 'ci', secret: 's', user: { name: 'demo', domain: { name: 'Default' } } });
  });

  it.each([
    [{}, 'You must provide an application credential id or name via --os-application-credential-id (env[OS_APPLICATION_CREDENTIAL_ID]) or --os-application-credential-name (env[OS_APPLICATION_CREDENTIAL_NAME])'],
    [{ OS_APPLICATION_CREDENTIAL_NAME: 'n' }, 'An application credential given by name needs its user: --os-username (env[OS_USERNAME]) or --os-user-id (env[OS_USER_ID])'],
    [{ OS_APPLICATION_CREDENTIAL_ID: 'i' }, 'You must provide an application credential secret via either --os-application-credential-secret or env[OS_APPLICATION_CREDENTIAL_SECRET]'],
  ])('says what is missing (%j) and sends nothing', async (env, message) => {
    const run = await runCli(['image-list'], { env: { OS_AUTH_URL: `${cloud.url}/v3`, OS_AUTH_TYPE: 'v3applicationcredential', ...env } });
    expect([run.exitCode, run.stderr]).toEqual([1, `${message}\n`]);
    expect(cloud.requests).toEqual([]);
  });
});

describe('token auth', () => {
  it('exchanges the token for one scoped to the project', async () => {
    cloud.keystoneIssuesToken().on('GET', LIST, 200, { images: [] });
    const run = await runCli(['--debug', '--os-auth-type', 'v3token', '--os-token', 'user-token', '--os-project-id', 'p1', 'image-list'], {
      env: { OS_AUTH_URL: `${cloud.url}/v3` },
    });
    expect(run.exitCode).toBe(0);
    expect(JSON.parse(cloud.requests[0]!.text)).toEqual({ auth: { identity: { methods: ['token'], token: { id: 'user-token' } }, scope: { project: { id: 'p1' } } } });
    expect(run.stderr).not.toContain('user-token');
    expect(run.stderr).toContain('"token":{"id":"***"}');
  });

  it('without a project, uses the token as it is with its own catalog', async () => {
    cloud.on('GET', '/v3/auth/tokens', 200, { token: { expires_at: '2099-01-01T00:00:00Z', catalog: cloud.catalog() } });
    cloud.on('GET', LIST, 200, { images: [] });
    const run = await runCli(['image-list'], { env: { OS_AUTH_URL: `${cloud.url}/v3`, OS_TOKEN: 'user-token' } });
    expect(run.exitCode).toBe(0);
    expect([cloud.requests[0]!.headers['x-subject-token'], cloud.requests[1]!.headers['x-auth-token']]).toEqual(['user-token', 'user-token']);
  });

  it('with --os-image-url, skips Keystone', async () => {
    cloud.on('GET', '/v2/images/x', 200, image({ id: 'x' }));
    const run = await runCli(['--os-token', 'user-token', '--os-image-url', cloud.url, 'image-show', 'x'], { env: {} });
    expect(run.exitCode).toBe(0);
    expect(cloud.log()).toEqual(['GET /v2/images/x']);
  });

  it('says when the token is missing', async () => {
    const run = await runCli(['--os-auth-type', 'token', 'image-list'], { env: { OS_AUTH_URL: `${cloud.url}/v3` } });
    expect(run.stderr).toBe('You must provide a token via either --os-token or env[OS_TOKEN]\n');
  });
});

describe('--debug under every auth method', () => {
  it.each([
    ['password', [], { OS_PASSWORD: PASSWORD }],
    ['v3applicationcredential', ['--os-auth-type', 'v3applicationcredential', '--os-application-credential-id', 'ac'], { OS_APPLICATION_CREDENTIAL_SECRET: PASSWORD }],
    ['token', ['--os-auth-type', 'token', '--os-project-name', 'admin'], { OS_TOKEN: PASSWORD }],
  ])('%s: no password, secret or token', async (_type, flags, secrets) => {
    cloud.keystoneIssuesToken().on('GET', LIST, 200, { images: [] });
    const run = await runCli(['--debug', ...flags, 'image-list'], { env: { ...cloud.env, OS_PASSWORD: '', ...secrets } });
    expect(run.exitCode).toBe(0);
    expect(run.stderr).toContain('REQ: curl');
    expect(run.stderr).not.toContain(PASSWORD);
    expect(run.stderr).not.toContain(TOKEN);
  });

  it('v2.0: no password or token', async () => {
    serveGlanceVersions();
    cloud.on('POST', '/v2.0/tokens', 200, { access: { token: { id: TOKEN, expires: '2099-01-01T00:00:00Z' }, serviceCatalog: [{ type: 'image', endpoints: [{ publicURL: cloud.url }] }] } });
    cloud.on('GET', LIST, 200, { images: [] });
    const run = await runCli(['--debug', 'image-list'], { env: { OS_AUTH_URL: `${cloud.url}/v2.0`, OS_USERNAME: 'u', OS_PASSWORD: PASSWORD, OS_TENANT_NAME: 't' } });
    expect(run.exitCode).toBe(0);
    expect(run.stderr).toContain('"password":"***"');
    expect(run.stderr).not.toContain(PASSWORD);
    expect(run.stderr).not.toContain(TOKEN);
  });
});
