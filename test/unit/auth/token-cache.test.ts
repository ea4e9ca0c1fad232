import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { KeyringUnavailableError, type Keyring, type KeyringLookup } from '../../../src/auth/keyring.js';
import { cacheKey, EXPIRY_MARGIN_MS, TOKEN_SERVICE, TokenCache, type CachedToken } from '../../../src/auth/token-cache.js';

const IDENTITY = { authUrl: 'http://k:5000/v3', authType: 'password', user: 'name:admin', userDomain: 'name:Default', project: 'name:admin', projectDomain: 'name:Default' };
const NOW = Date.parse('2030-01-01T00:00:00Z');

function entry(expiresInMs: number, token = 'tok-1'): CachedToken {
  return { token, expiresAt: new Date(NOW + expiresInMs).toISOString(), catalog: [{ type: 'image', endpoints: [] }], userId: 'u', projectId: 'p' };
}

const made: string[] = [];
afterAll(() => made.forEach((directory) => rmSync(directory, { recursive: true, force: true })));

function temporaryBase(): string {
  const directory = mkdtempSync(join(tmpdir(), 'glance-cache-'));
  made.push(directory);
  return directory;
}

function temporaryDirectory(): string {
  return join(temporaryBase(), 'glance');
}

/** An in-memory keyring; `broken` makes every call fail as a missing Secret Service does. */
class MemoryKeyring implements Keyring {
  readonly entries = new Map<string, string>();
  broken = false;
  calls: string[] = [];

  private check(what: string): void {
    this.calls.push(what);
    if (this.broken) {
      throw new KeyringUnavailableError('the OS keyring refused a read: no Secret Service');
    }
  }
  async get(service: string, account: string): Promise<KeyringLookup> {
    this.check('get');
    const value = this.entries.get(`${service}/${account}`);
    return value === undefined ? { found: false } : { found: true, value };
  }
  async set(service: string, account: string, value: string): Promise<void> {
    this.check('set');
    this.entries.set(`${service}/${account}`, value);
  }
  async delete(service: string, account: string): Promise<boolean> {
    this.check('delete');
    return this.entries.delete(`${service}/${account}`);
  }
  async accounts(service: string): Promise<string[]> {
    this.check('accounts');
    return [...this.entries.keys()].filter((key) => key.startsWith(`${service}/`)).map((key) => key.slice(service.length + 1));
  }
}

describe('cacheKey', () => {
  it('is a SHA-256 of the identity, and changes with each part of it', () => {
    const key = cacheKey(IDENTITY);
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    for (const [field, value] of Object.entries({ authUrl: 'http://other/v3', authType: 'v2password', user: 'name:bob', userDomain: 'id:x', project: 'id:p', projectDomain: 'id:y' })) {
      expect(cacheKey({ ...IDENTITY, [field]: value })).not.toBe(key);
    }
    expect(cacheKey({ ...IDENTITY, authUrl: 'http://k:5000/v3/' })).toBe(key);
  });

  it('counts every part of the identity, whatever its name, in any order', () => {
    // Fields a plugin may add (an identity provider, a protocol) change the key as the old ones do.
    const federated = { ...IDENTITY, identityProvider: 'idp-a', protocol: 'openid' };
    expect(cacheKey(federated)).not.toBe(cacheKey(IDENTITY));
    expect(cacheKey({ ...federated, identityProvider: 'idp-b' })).not.toBe(cacheKey(federated));
    expect(cacheKey({ ...federated, protocol: 'saml2' })).not.toBe(cacheKey(federated));
    const reordered = Object.fromEntries(Object.entries(federated).reverse()) as typeof federated;
    expect(cacheKey(reordered)).toBe(cacheKey(federated));
    // An absent part is absent, however it is written.
    expect(cacheKey({ ...IDENTITY, applicationCredential: undefined })).toBe(cacheKey(IDENTITY));
  });
});

describe('TokenCache with a file', () => {
  it('stores an entry 0600 in a 0700 directory and reads it back', async () => {
    const directory = temporaryDirectory();
    const cache = new TokenCache({ directory, now: () => NOW });
    const key = cacheKey(IDENTITY);
    expect(await cache.put(key, entry(3_600_000))).toBe('file');
    const files = readdirSync(directory);
    expect(files).toEqual([`token-${key}.json`]);
    expect(statSync(directory).mode & 0o777).toBe(0o700);
    expect(statSync(join(directory, files[0]!)).mode & 0o777).toBe(0o600);
    expect(await cache.get(key)).toEqual({ ...entry(3_600_000), location: 'file' });
  });

  it('tightens a directory that is open to others', async () => {
    const directory = temporaryDirectory();
    mkdirSync(directory, { recursive: true });
    chmodSync(directory, 0o755);
    await new TokenCache({ directory, now: () => NOW }).put('k', entry(3_600_000));
    expect(statSync(directory).mode & 0o777).toBe(0o700);
  });

  it('does not use a token that expires within two minutes', async () => {
    const cache = new TokenCache({ directory: temporaryDirectory(), now: () => NOW });
    await cache.put('soon', entry(EXPIRY_MARGIN_MS - 1000));
    await cache.put('later', entry(EXPIRY_MARGIN_MS + 1000));
    expect(await cache.get('soon')).toBeUndefined();
    expect((await cache.get('later'))?.token).toBe('tok-1');
  });

  it('ignores entries it cannot read, and invalidates one', async () => {
    const directory = temporaryDirectory();
    const cache = new TokenCache({ directory, now: () => NOW });
    await cache.put('k', entry(3_600_000));
    writeFileSync(join(directory, 'token-bad.json'), '{not json');
    expect(await cache.get('bad')).toBeUndefined();
    await cache.invalidate('k');
    expect(await cache.get('k')).toBeUndefined();
  });

  it('never fails a command when the directory cannot be written', async () => {
    const blocker = join(temporaryBase(), 'file');
    writeFileSync(blocker, '');
    const lines: string[] = [];
    const cache = new TokenCache({ directory: join(blocker, 'glance'), debug: (line) => lines.push(line), now: () => NOW });
    expect(await cache.put('k', entry(3_600_000))).toBeUndefined();
    expect(lines.join('\n')).toMatch(/cannot write .*ENOTDIR/);
  });
});

describe('TokenCache with a keyring', () => {
  it('prefers the keyring and writes no file', async () => {
    const keyring = new MemoryKeyring();
    const directory = temporaryDirectory();
    const cache = new TokenCache({ keyring, directory, now: () => NOW });
    expect(await cache.put('k', entry(3_600_000))).toBe('keyring');
    expect([...keyring.entries.keys()]).toEqual([`${TOKEN_SERVICE}/k`]);
    expect(JSON.parse(keyring.entries.get(`${TOKEN_SERVICE}/k`)!)).toMatchObject({ version: 1, token: 'tok-1' });
    expect(() => readdirSync(directory)).toThrow();
    expect((await cache.get('k'))?.location).toBe('keyring');
  });

  it('falls back to the file when the keyring fails, and stops asking it', async () => {
    const keyring = new MemoryKeyring();
    keyring.broken = true;
    const directory = temporaryDirectory();
    const cache = new TokenCache({ keyring, directory, now: () => NOW });
    expect(await cache.get('k')).toBeUndefined();
    expect(await cache.put('k', entry(3_600_000))).toBe('file');
    expect(keyring.calls).toEqual(['get']);
    expect(readFileSync(join(directory, 'token-k.json'), 'utf8')).toContain('tok-1');
  });

  it('clear removes every entry from the keyring and the directory', async () => {
    const keyring = new MemoryKeyring();
    const directory = temporaryDirectory();
    keyring.entries.set('other service/x', 'kept');
    const cache = new TokenCache({ keyring, directory, now: () => NOW });
    await cache.put('a', entry(3_600_000));
    await cache.put('b', entry(3_600_000));
    await new TokenCache({ directory, now: () => NOW }).put('c', entry(3_600_000));
    expect(await cache.clear()).toEqual({ keyring: 2, files: 1, directory });
    expect([...keyring.entries.keys()]).toEqual(['other service/x']);
    expect(readdirSync(directory)).toEqual([]);
  });
});
