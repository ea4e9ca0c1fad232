/**
 * Every way of logging in, against the real Keystone: password by name and by id, unversioned,
 * /v3 and /v2.0 auth URLs, token auth, application credentials, clouds.yaml with secure.yaml;
 * and the token cache: a warm cache sends nothing to Keystone, a revoked or expiring cached
 * token costs exactly one login. Keystone requests are counted by a loopback reverse proxy.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  countingFront,
  createApplicationCredential,
  keystoneOrigin,
  login,
  revokeToken,
  temporaryDirectory,
  type ApplicationCredential,
  type CountingFront,
  removeTemporaryDirectories,
} from './auth-helpers.js';
import { cloud, ours, uniqueName, type RunOptions } from './helpers.js';

afterAll(removeTemporaryDirectories);

const V2_FALLBACK = /^Keystone at http:\/\/127\.0\.0\.1:\d+\/v2\.0 has no Identity API v2\.0 \(gone since Queens\): using v3 at http:\/\/127\.0\.0\.1:\d+\/v3 in the default domain instead$/m;

/** Our CLI with the token cache off unless the test turns it on. */
function glance(args: string[], options: RunOptions = {}): ReturnType<typeof ours> {
  return ours(args, { ...options, env: { OS_CACHE: '0', ...options.env } });
}

function admin(): Record<string, string> {
  return cloud().credentials.admin;
}

/** The admin openrc reduced to what a Keystone v2.0-era openrc had. */
function legacyAdmin(authUrl: string): Record<string, string | undefined> {
  return {
    OS_AUTH_URL: authUrl,
    OS_TENANT_NAME: admin().OS_PROJECT_NAME,
    OS_PROJECT_NAME: undefined,
    OS_USER_DOMAIN_NAME: undefined,
    OS_PROJECT_DOMAIN_NAME: undefined,
    OS_IDENTITY_API_VERSION: undefined,
    OS_AUTH_TYPE: undefined,
  };
}

describe('password', () => {
  it('by name with a /v3 auth URL', async () => {
    const result = await glance(['image-list']);
    expect([result.code, result.stderr]).toEqual([0, '']);
  });

  it('by user id and project id, without any domain', async () => {
    const { userId, projectId } = await login('admin');
    const result = await glance(['image-list'], {
      env: { OS_USER_ID: userId, OS_PROJECT_ID: projectId, OS_USERNAME: undefined, OS_PROJECT_NAME: undefined, OS_USER_DOMAIN_NAME: undefined, OS_PROJECT_DOMAIN_NAME: undefined },
    });
    expect([result.code, result.stderr]).toEqual([0, '']);
  });

  it('with an unversioned auth URL (v3 discovered)', async () => {
    const result = await glance(['--debug', 'image-list'], { env: { OS_AUTH_URL: keystoneOrigin() } });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(`REQ: curl -g -i -X GET ${keystoneOrigin()} `);
  });

  it('a wrong password is Keystone\'s 401, worded as keystoneauth does', async () => {
    const result = await glance(['image-list'], { env: { OS_PASSWORD: 'wrong-password' } });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^The request you have made requires authentication\. \(HTTP 401\) \(Request-ID: req-[0-9a-f-]+\)\n$/);
  });
});

describe('Keystone v2.0 (the install guide\'s openrc)', () => {
  it('OS_AUTH_URL .../v2.0 and OS_TENANT_NAME: v3 in the default domain, said in one line', async () => {
    const result = await glance(['image-list'], { env: legacyAdmin(`${keystoneOrigin()}/v2.0`) });
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(V2_FALLBACK);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('OS_TENANT_ID works the same', async () => {
    const { projectId } = await login('admin');
    const result = await glance(['image-list'], { env: { ...legacyAdmin(`${keystoneOrigin()}/v2.0`), OS_TENANT_NAME: undefined, OS_TENANT_ID: projectId } });
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(V2_FALLBACK);
  });

  it('--os-auth-type v2password falls back the same way', async () => {
    const result = await glance(['--os-auth-type', 'v2password', 'image-list'], { env: legacyAdmin(cloud().keystoneUrl) });
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(V2_FALLBACK);
  });
});

describe('token auth', () => {
  it('--os-token with a project: a token scoped to it', async () => {
    const { token } = await login('demo');
    const demo = cloud().credentials.demo;
    const result = await glance(['--os-auth-type', 'token', '--os-token', token, '--os-project-name', demo.OS_PROJECT_NAME!, 'image-list'], { as: 'none', env: { OS_AUTH_URL: demo.OS_AUTH_URL } });
    expect([result.code, result.stderr]).toEqual([0, '']);
  });

  it('OS_TOKEN alone: the token as it is, with its own catalog', async () => {
    const { token } = await login('demo');
    const result = await glance(['image-list'], { as: 'none', env: { OS_AUTH_URL: cloud().keystoneUrl, OS_TOKEN: token } });
    expect([result.code, result.stderr]).toEqual([0, '']);
  });

  it('--os-token with --os-image-url: Keystone is not contacted', async () => {
    const { token } = await login('demo');
    const result = await glance(['--os-token', token, '--os-image-url', cloud().glanceUrl, 'image-list'], { as: 'none' });
    expect([result.code, result.stderr]).toEqual([0, '']);
  });
});

describe('application credentials', () => {
  let credential: ApplicationCredential;
  beforeAll(async () => {
    credential = await createApplicationCredential('demo', uniqueName('appcred'));
  });
  afterAll(async () => {
    await credential?.remove();
  });

  it('by id and secret', async () => {
    const result = await glance(['image-list'], {
      as: 'none',
      env: { OS_AUTH_URL: cloud().keystoneUrl, OS_AUTH_TYPE: 'v3applicationcredential', OS_APPLICATION_CREDENTIAL_ID: credential.id, OS_APPLICATION_CREDENTIAL_SECRET: credential.secret },
    });
    expect([result.code, result.stderr]).toEqual([0, '']);
  });

  it('by name with its user', async () => {
    const demo = cloud().credentials.demo;
    const result = await glance(
      ['--os-auth-type', 'v3applicationcredential', '--os-application-credential-name', credential.name, '--os-application-credential-secret', credential.secret, 'image-list'],
      { as: 'none', env: { OS_AUTH_URL: demo.OS_AUTH_URL, OS_USERNAME: demo.OS_USERNAME, OS_USER_DOMAIN_NAME: demo.OS_USER_DOMAIN_NAME } },
    );
    expect([result.code, result.stderr]).toEqual([0, '']);
  });

  it('a wrong secret is a 401', async () => {
    const result = await glance(['image-list'], {
      as: 'none',
      env: { OS_AUTH_URL: cloud().keystoneUrl, OS_APPLICATION_CREDENTIAL_ID: credential.id, OS_APPLICATION_CREDENTIAL_SECRET: 'wrong' },
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/\(HTTP 401\)/);
  });

  it('--debug shows neither the secret nor a token', async () => {
    const result = await glance(['--debug', 'image-list'], {
      as: 'none',
      env: { OS_AUTH_URL: cloud().keystoneUrl, OS_APPLICATION_CREDENTIAL_ID: credential.id, OS_APPLICATION_CREDENTIAL_SECRET: credential.secret },
    });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('"secret":"***"');
    expect(result.stderr).not.toContain(credential.secret);
    expect(result.stderr).not.toMatch(/gAAAAA[\w-]{20,}/);
  });
});

describe('clouds.yaml and secure.yaml', () => {
  let directory: string;
  beforeAll(() => {
    directory = temporaryDirectory('clouds');
    const clouds = readFileSync(join(cloud().state, 'clouds.yaml'), 'utf8');
    // The passwords move to secure.yaml, as the openstack client's docs recommend.
    const passwords = [...clouds.matchAll(/^ {2}(\S+):\n(?:(?! {2}\S).*\n)*? {6}password: '([^']*)'$/gm)].map((match) => [match[1]!, match[2]!]);
    expect(passwords.length).toBeGreaterThan(0);
    writeFileSync(join(directory, 'clouds.yaml'), clouds.replace(/^ {6}password: .*\n/gm, ''));
    writeFileSync(
      join(directory, 'secure.yaml'),
      `clouds:\n${passwords.map(([name, password]) => `  ${name}:\n    auth:\n      password: "${password}"\n`).join('')}`,
    );
  });

  function cloudEnv(extra: Record<string, string | undefined> = {}): RunOptions {
    return {
      as: 'none',
      env: { OS_CLIENT_CONFIG_FILE: join(directory, 'clouds.yaml'), OS_CLIENT_SECURE_FILE: join(directory, 'secure.yaml'), ...extra },
    };
  }

  it('--os-cloud with the password in secure.yaml', async () => {
    const result = await glance(['--os-cloud', 'os-cloud-demo', 'image-list'], cloudEnv());
    expect([result.code, result.stderr]).toEqual([0, '']);
  });

  it('OS_CLOUD, and ~/.config/openstack found without OS_CLIENT_CONFIG_FILE', async () => {
    const home = temporaryDirectory('clouds-home');
    const config = join(home, '.config', 'openstack');
    mkdirSync(config, { recursive: true });
    writeFileSync(join(config, 'clouds.yaml'), readFileSync(join(directory, 'clouds.yaml')));
    writeFileSync(join(config, 'secure.yaml'), readFileSync(join(directory, 'secure.yaml')));
    const result = await glance(['image-list'], { as: 'none', env: { HOME: home, OS_CLOUD: 'os-cloud-admin' } });
    expect([result.code, result.stderr]).toEqual([0, '']);
  });

  it('says which OS_* variables win over OS_CLOUD, and they do', async () => {
    const result = await glance(['image-list'], cloudEnv({ OS_CLOUD: 'os-cloud-admin', OS_PASSWORD: 'wrong-password' }));
    expect(result.code).toBe(1);
    expect(result.stderr.split('\n')[0]).toBe(
      `Note: OS_CLOUD=os-cloud-admin is set, and so is OS_PASSWORD: the environment wins over the cloud's values in ${join(directory, 'clouds.yaml')} (unset it to use the cloud as it is)`,
    );
    expect(result.stderr).toContain('(HTTP 401)');
    expect(result.stderr).not.toContain('wrong-password');
  });

  it('an unknown cloud is named', async () => {
    const result = await glance(['--os-cloud', 'nope', 'image-list'], cloudEnv());
    expect([result.code, result.stderr]).toEqual([1, `Cloud nope was not found in ${join(directory, 'clouds.yaml')} and ${join(directory, 'secure.yaml')}\n`]);
  });
});

describe('the token cache against the real Keystone', () => {
  let keystone: CountingFront;
  let cacheHome: string;
  beforeAll(async () => {
    keystone = await countingFront(keystoneOrigin());
  });
  afterAll(async () => {
    await keystone?.close();
  });
  beforeEach(() => {
    cacheHome = temporaryDirectory('token-cache');
    keystone.requests.length = 0;
  });

  /** The admin credentials, with Keystone behind the counting proxy and the cache in this test's directory. */
  function cached(args: string[], extra: Record<string, string | undefined> = {}): ReturnType<typeof ours> {
    // No OS_CACHE at all: the cache's default.
    return ours(args, { env: { OS_CACHE: undefined, OS_AUTH_URL: `${keystone.url}/v3`, XDG_CACHE_HOME: cacheHome, ...extra } });
  }

  /** The token cache's files ($XDG_CACHE_HOME/glance also holds image-list's list for completion). */
  function tokenFiles(): string[] {
    return readdirSync(join(cacheHome, 'glance')).filter((name) => name.startsWith('token-'));
  }

  function cacheFile(): string {
    const files = tokenFiles();
    expect(files).toHaveLength(1);
    return join(cacheHome, 'glance', files[0]!);
  }

  it('is on by default: with the cache warm, a command sends nothing to Keystone', async () => {
    expect((await cached(['image-list'])).code).toBe(0);
    expect(keystone.requests).toEqual(['POST /v3/auth/tokens']);
    for (let run = 0; run < 3; run++) {
      const result = await cached(['image-list']);
      expect([result.code, result.stderr]).toEqual([0, '']);
    }
    expect(keystone.requests).toEqual(['POST /v3/auth/tokens']);
    const text = readFileSync(cacheFile(), 'utf8');
    expect(text).not.toContain(admin().OS_PASSWORD);
  });

  it('--no-cache and OS_CACHE=0 log in every time', async () => {
    await cached(['--no-cache', 'image-list']);
    await cached(['image-list'], { OS_CACHE: '0' });
    expect(keystone.requests).toEqual(['POST /v3/auth/tokens', 'POST /v3/auth/tokens']);
  });

  it('a revoked token in the cache recovers with exactly one login', async () => {
    await cached(['image-list']);
    // A token Glance has never seen (so not in its token cache), revoked in Keystone.
    const { token: revoked } = await login('admin');
    await revokeToken(revoked);
    const path = cacheFile();
    const entry = JSON.parse(readFileSync(path, 'utf8')) as { token: string };
    writeFileSync(path, JSON.stringify({ ...entry, token: revoked }));
    keystone.requests.length = 0;

    const result = await cached(['image-list']);
    expect([result.code, result.stderr]).toEqual([0, '']);
    expect(keystone.requests).toEqual(['POST /v3/auth/tokens']);
    const renewed = JSON.parse(readFileSync(path, 'utf8')) as { token: string };
    expect(renewed.token).not.toBe(revoked);
    keystone.requests.length = 0;
    expect((await cached(['image-list'])).code).toBe(0);
    expect(keystone.requests).toEqual([]);
  });

  it('a token that expires within two minutes is not used', async () => {
    await cached(['image-list']);
    const path = cacheFile();
    const entry = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
    writeFileSync(path, JSON.stringify({ ...entry, expiresAt: new Date(Date.now() + 90_000).toISOString() }));
    keystone.requests.length = 0;
    expect((await cached(['image-list'])).code).toBe(0);
    expect(keystone.requests).toEqual(['POST /v3/auth/tokens']);
  });

  it('--debug with a cached token shows no token', async () => {
    await cached(['image-list']);
    const { token } = JSON.parse(readFileSync(cacheFile(), 'utf8')) as { token: string };
    const result = await cached(['--debug', 'image-list']);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('token cache: using the token cached in the cache file');
    expect(result.stderr).not.toContain(token);
    expect(result.stderr).not.toContain(admin().OS_PASSWORD);
  });

  it('token-cache clear empties it', async () => {
    await cached(['image-list']);
    const result = await cached(['token-cache', 'clear']);
    expect([result.code, result.stdout]).toEqual([0, `Removed 1 cached token (0 from the OS keyring, 1 from ${join(cacheHome, 'glance')}).\n`]);
    expect(tokenFiles()).toEqual([]);
  });
});

describe('--debug under every auth method', () => {
  it('password, v2.0 fallback and token: no password and no token', async () => {
    const { token } = await login('admin');
    const runs = [
      await glance(['--debug', 'image-list']),
      await glance(['--debug', 'image-list'], { env: legacyAdmin(`${keystoneOrigin()}/v2.0`) }),
      await glance(['--debug', '--os-auth-type', 'token', '--os-token', token, 'image-list'], { as: 'none', env: { OS_AUTH_URL: cloud().keystoneUrl, OS_PROJECT_NAME: 'admin' } }),
    ];
    for (const result of runs) {
      expect(result.code).toBe(0);
      expect(result.stderr).toContain('REQ: curl');
      expect(result.stderr).not.toContain(admin().OS_PASSWORD);
      expect(result.stderr).not.toContain(token);
      expect(result.stderr).not.toMatch(/gAAAAA[\w-]{20,}/);
    }
  });
});
