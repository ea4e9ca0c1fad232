/**
 * The OS keyring: Debian's gnome-keyring (Secret Service) on a D-Bus session bus of the test's
 * own, its keyring unlocked, holds the token cache and the credential store; without a Secret
 * Service the token cache falls back to a 0600 file in a 0700 directory, and passwords are
 * stored nowhere.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  countingFront,
  keystoneOrigin,
  secretToolSearch,
  startEmptyBus,
  startSecretService,
  temporaryDirectory,
  type CountingFront,
  type SecretService,
  removeTemporaryDirectories,
} from './auth-helpers.js';
import { cloud, ours, type RunOptions } from './helpers.js';

afterAll(removeTemporaryDirectories);

const TOKEN_SERVICE = 'glance-cli token cache';
const CREDENTIAL_SERVICE = 'glance-cli credentials';

let keystone: CountingFront;
let home: string;
let cacheHome: string;

beforeAll(async () => {
  keystone = await countingFront(keystoneOrigin());
});
afterAll(async () => {
  await keystone?.close();
});
beforeEach(() => {
  home = temporaryDirectory('keyring-user');
  cacheHome = join(home, 'cache');
  keystone.requests.length = 0;
});

/** Our CLI as admin, Keystone behind the counting proxy, the cache on, on the given bus (or none). */
function glance(args: string[], bus: Record<string, string> | undefined, options: RunOptions = {}): ReturnType<typeof ours> {
  return ours(args, {
    ...options,
    env: { OS_CACHE: undefined, HOME: home, XDG_CACHE_HOME: cacheHome, OS_AUTH_URL: `${keystone.url}/v3`, ...bus, ...options.env },
  });
}

/** Every file under a directory, recursively. */
function filesUnder(directory: string): string[] {
  if (!existsSync(directory)) {
    return [];
  }
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(directory, entry.name)) : [join(directory, entry.name)],
  );
}

describe('with a Secret Service (gnome-keyring)', () => {
  let secrets: SecretService;
  beforeAll(async () => {
    secrets = await startSecretService();
  });
  afterAll(async () => {
    await secrets?.stop();
  });

  it('keeps the token in the keyring, writes no cache file, and a warm cache sends nothing to Keystone', async () => {
    const first = await glance(['--debug', 'image-list'], secrets.env);
    expect(first.code).toBe(0);
    expect(first.stderr).toContain('token cache: token stored in the OS keyring');
    expect(keystone.requests).toEqual(['POST /v3/auth/tokens']);
    expect(existsSync(join(cacheHome, 'glance'))).toBe(false);
    expect(secretToolSearch(secrets.env, 'service', TOKEN_SERVICE)).toMatch(/attribute\.username = [0-9a-f]{64}/);

    const second = await glance(['--debug', 'image-list'], secrets.env);
    expect(second.code).toBe(0);
    expect(second.stderr).toContain('token cache: using the token cached in the OS keyring');
    expect(keystone.requests).toEqual(['POST /v3/auth/tokens']);

    const cleared = await glance(['token-cache', 'clear'], secrets.env);
    expect(cleared.stdout).toBe(`Removed 1 cached token (1 from the OS keyring, 0 from ${join(cacheHome, 'glance')}).\n`);
    expect(secretToolSearch(secrets.env, 'service', TOKEN_SERVICE)).toBe('');
  });

  it('a token cached there is used only with its password: a wrong one logs in and gets the 401', async () => {
    expect((await glance(['image-list'], secrets.env)).code).toBe(0);
    const wrong = await glance(['--debug', 'image-list'], secrets.env, { env: { OS_PASSWORD: 'wrong-password' } });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('token cache: the cached token was obtained with a different password or secret; logging in');
    expect(wrong.stderr).toMatch(/The request you have made requires authentication\. \(HTTP 401\)/);
    expect(keystone.requests).toEqual(['POST /v3/auth/tokens', 'POST /v3/auth/tokens']);
    const right = await glance(['image-list'], secrets.env);
    expect([right.code, keystone.requests.length]).toEqual([0, 2]);
    await glance(['token-cache', 'clear'], secrets.env);
  });

  it('credential-store set keeps the password there, and OS_PASSWORD can go; delete removes it', async () => {
    const password = cloud().credentials.admin.OS_PASSWORD!;
    const noPassword = { OS_PASSWORD: undefined };
    const set = await glance(['credential-store', 'set'], secrets.env, { env: noPassword, stdin: { pipe: Buffer.from(`${password}\n`) } });
    expect([set.code, set.stderr]).toEqual([0, '']);
    expect(set.stdout).toBe(`Saved the password of user admin (domain Default) at ${keystone.url}/v3 in the OS keyring.\n`);
    expect(secretToolSearch(secrets.env, 'service', CREDENTIAL_SERVICE)).toContain(`attribute.username = password user=admin domain=Default at ${keystone.url}/v3`);

    const used = await glance(['--no-cache', '--debug', 'image-list'], secrets.env, { env: noPassword });
    expect(used.code).toBe(0);
    expect(used.stderr).toContain(`credential store: using the password of user admin (domain Default) at ${keystone.url}/v3 from the OS keyring`);
    expect(used.stderr).not.toContain(password);
    for (const file of filesUnder(home).filter((path) => !path.includes('/keyrings/'))) {
      expect(readFileSync(file, 'utf8')).not.toContain(password);
    }

    const removed = await glance(['credential-store-delete'], secrets.env, { env: noPassword });
    expect(removed.stdout).toBe(`Removed the password of user admin (domain Default) at ${keystone.url}/v3 from the OS keyring.\n`);
    const missing = await glance(['--no-cache', 'image-list'], secrets.env, { env: noPassword });
    expect([missing.code, missing.stderr]).toEqual([1, 'You must provide a password via either --os-password, env[OS_PASSWORD], or prompted response\n']);
  });

  it('credential-store set and delete -f json: what was done, to whose entry', async () => {
    const password = cloud().credentials.admin.OS_PASSWORD!;
    const identity = `user admin (domain Default) at ${keystone.url}/v3`;
    const set = await glance(['credential-store', 'set', '-f', 'json'], secrets.env, { stdin: { pipe: Buffer.from(`${password}\n`) } });
    expect([set.code, set.stderr]).toEqual([0, '']);
    expect(JSON.parse(set.stdout)).toEqual({ saved: true, kind: 'password', identity });
    const removed = await glance(['credential-store', 'delete', '-f', 'json'], secrets.env);
    expect(JSON.parse(removed.stdout)).toEqual({ removed: true, kind: 'password', identity });
    const again = await glance(['credential-store-delete', '-f', 'value', '-c', 'removed'], secrets.env);
    expect(again.stdout).toBe('False\n');
    expect(secretToolSearch(secrets.env, 'service', CREDENTIAL_SERVICE)).toBe('');
  });
});

describe('without a Secret Service', () => {
  function checkCacheFile(): void {
    const directory = join(cacheHome, 'glance');
    expect(statSync(directory).mode & 0o777).toBe(0o700);
    const files = readdirSync(directory);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^token-[0-9a-f]{64}\.json$/);
    expect(statSync(join(directory, files[0]!)).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(directory, files[0]!), 'utf8')).not.toContain(cloud().credentials.admin.OS_PASSWORD!);
  }

  it('no D-Bus at all: the cache is a 0600 file in a 0700 directory, and it works', async () => {
    expect((await glance(['image-list'], undefined)).code).toBe(0);
    checkCacheFile();
    expect((await glance(['image-list'], undefined)).code).toBe(0);
    expect(keystone.requests).toEqual(['POST /v3/auth/tokens']);
  });

  it('a session bus with no Secret Service on it: the same, without waiting for the keyring', async () => {
    const bus = await startEmptyBus();
    try {
      const started = Date.now();
      const result = await glance(['--debug', 'image-list'], bus.env);
      expect(result.code).toBe(0);
      expect(result.stderr).toMatch(/token cache: the OS keyring refused a (read|write)/);
      expect(Date.now() - started).toBeLessThan(10_000);
      checkCacheFile();
    } finally {
      await bus.stop();
    }
  });

  it('credential-store set says so and stores the password nowhere', async () => {
    const password = cloud().credentials.admin.OS_PASSWORD!;
    const result = await glance(['credential-store-set'], undefined, { env: { OS_PASSWORD: undefined }, stdin: { pipe: Buffer.from(`${password}\n`) } });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'No OS keyring is available (no D-Bus session bus, so no Secret Service): nothing was stored. Passwords are never written to a file; keep using OS_PASSWORD or the prompt.\n',
    );
    for (const file of filesUnder(home)) {
      expect(readFileSync(file, 'utf8')).not.toContain(password);
    }
  });
});
