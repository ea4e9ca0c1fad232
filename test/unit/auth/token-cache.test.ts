import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { KeyringUnavailableError, type Keyring, type KeyringLookup } from '../../../src/auth/keyring.js';
import { cacheKey, EXPIRY_MARGIN_MS, TOKEN_SERVICE, TokenCache, type CachedToken } from '../../../src/auth/token-cache.js';

const IDENTITY = { authUrl: 'http://k:5000/v3', authType: 'password', user: 'name:admin', userDomain: 'name:Default', project: 'name:admin', projectDomain: 'name:Default' };
const NOW = Date.parse('2030-01-01T00:00:00Z');
const OWNER = process.geteuid?.();
const SECRET = 'the-password';

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
    const cache = new TokenCache({ directory, owner: OWNER, now: () => NOW });
    const key = cacheKey(IDENTITY);
    expect(await cache.put(key, entry(3_600_000), SECRET)).toBe('file');
    const files = readdirSync(directory);
    expect(files).toEqual([`token-${key}.json`]);
    expect(statSync(directory).mode & 0o777).toBe(0o700);
    expect(statSync(join(directory, files[0]!)).mode & 0o777).toBe(0o600);
    expect(await cache.get(key, SECRET)).toEqual({ ...entry(3_600_000), location: 'file' });
  });

  it('tightens a directory that is open to others', async () => {
    const directory = temporaryDirectory();
    mkdirSync(directory, { recursive: true });
    chmodSync(directory, 0o755);
    await new TokenCache({ directory, owner: OWNER, now: () => NOW }).put('k', entry(3_600_000), SECRET);
    expect(statSync(directory).mode & 0o777).toBe(0o700);
  });

  it('does not use a token that expires within two minutes', async () => {
    const cache = new TokenCache({ directory: temporaryDirectory(), owner: OWNER, now: () => NOW });
    await cache.put('soon', entry(EXPIRY_MARGIN_MS - 1000), SECRET);
    await cache.put('later', entry(EXPIRY_MARGIN_MS + 1000), SECRET);
    expect(await cache.get('soon', SECRET)).toBeUndefined();
    expect((await cache.get('later', SECRET))?.token).toBe('tok-1');
  });

  it('ignores entries it cannot read, and invalidates one', async () => {
    const directory = temporaryDirectory();
    const cache = new TokenCache({ directory, owner: OWNER, now: () => NOW });
    await cache.put('k', entry(3_600_000), SECRET);
    writeFileSync(join(directory, 'token-bad.json'), '{not json');
    expect(await cache.get('bad', SECRET)).toBeUndefined();
    await cache.invalidate('k');
    expect(await cache.get('k', SECRET)).toBeUndefined();
  });

  it('never fails a command when the directory cannot be written', async () => {
    const blocker = join(temporaryBase(), 'file');
    writeFileSync(blocker, '');
    const lines: string[] = [];
    const cache = new TokenCache({ directory: join(blocker, 'glance'), owner: OWNER, debug: (line) => lines.push(line), now: () => NOW });
    expect(await cache.put('k', entry(3_600_000), SECRET)).toBeUndefined();
    expect(lines.join('\n')).toMatch(/cannot write .*ENOTDIR/);
  });
});

describe('TokenCache with a keyring', () => {
  it('prefers the keyring and writes no file', async () => {
    const keyring = new MemoryKeyring();
    const directory = temporaryDirectory();
    const cache = new TokenCache({ keyring, directory, owner: OWNER, now: () => NOW });
    expect(await cache.put('k', entry(3_600_000), SECRET)).toBe('keyring');
    expect([...keyring.entries.keys()]).toEqual([`${TOKEN_SERVICE}/k`]);
    expect(JSON.parse(keyring.entries.get(`${TOKEN_SERVICE}/k`)!)).toMatchObject({ version: 2, token: 'tok-1' });
    expect(() => readdirSync(directory)).toThrow();
    expect((await cache.get('k', SECRET))?.location).toBe('keyring');
  });

  it('falls back to the file when the keyring fails, and stops asking it', async () => {
    const keyring = new MemoryKeyring();
    keyring.broken = true;
    const directory = temporaryDirectory();
    const cache = new TokenCache({ keyring, directory, owner: OWNER, now: () => NOW });
    expect(await cache.get('k', SECRET)).toBeUndefined();
    expect(await cache.put('k', entry(3_600_000), SECRET)).toBe('file');
    expect(keyring.calls).toEqual(['get']);
    expect(readFileSync(join(directory, 'token-k.json'), 'utf8')).toContain('tok-1');
  });

  it('clear removes every entry from the keyring and the directory', async () => {
    const keyring = new MemoryKeyring();
    const directory = temporaryDirectory();
    keyring.entries.set('other service/x', 'kept');
    const cache = new TokenCache({ keyring, directory, owner: OWNER, now: () => NOW });
    await cache.put('a', entry(3_600_000), SECRET);
    await cache.put('b', entry(3_600_000), SECRET);
    await new TokenCache({ directory, owner: OWNER, now: () => NOW }).put('c', entry(3_600_000), SECRET);
    expect(await cache.clear()).toEqual({ keyring: 2, files: 1, directory });
    expect([...keyring.entries.keys()]).toEqual(['other service/x']);
    expect(readdirSync(directory)).toEqual([]);
  });
});

describe('the secret an entry was obtained with', () => {
  it('is kept as a salted scrypt hash, never as itself, and only the same secret gets the token', async () => {
    const directory = temporaryDirectory();
    const lines: string[] = [];
    const cache = new TokenCache({ directory, owner: OWNER, debug: (line) => lines.push(line), now: () => NOW });
    await cache.put('k', entry(3_600_000), SECRET);
    const stored = JSON.parse(readFileSync(join(directory, 'token-k.json'), 'utf8'));
    expect(stored.secret).toEqual({ algorithm: 'scrypt', N: 2048, r: 8, p: 1, salt: expect.stringMatching(/^[A-Za-z0-9+/]{22}==$/), hash: expect.any(String) });
    expect(JSON.stringify(stored)).not.toContain(SECRET);
    expect(await cache.get('k', 'another-password')).toBeUndefined();
    expect(lines.at(-1)).toBe('token cache: the cached token was obtained with a different password or secret; logging in');
    expect((await cache.get('k', SECRET))?.token).toBe('tok-1');
    // Salted: the same secret stored again hashes differently.
    await cache.put('k2', entry(3_600_000), SECRET);
    expect(JSON.parse(readFileSync(join(directory, 'token-k2.json'), 'utf8')).secret.hash).not.toBe(stored.secret.hash);
  });

  it('applies to keyring entries too', async () => {
    const keyring = new MemoryKeyring();
    const cache = new TokenCache({ keyring, directory: temporaryDirectory(), owner: OWNER, now: () => NOW });
    expect(await cache.put('k', entry(3_600_000), SECRET)).toBe('keyring');
    expect(keyring.entries.get(`${TOKEN_SERVICE}/k`)).not.toContain(SECRET);
    expect(await cache.get('k', 'wrong')).toBeUndefined();
    expect((await cache.get('k', SECRET))?.location).toBe('keyring');
  });

  it('entries without a hash (version 1) or with other scrypt parameters are not used', async () => {
    const directory = temporaryDirectory();
    const cache = new TokenCache({ directory, owner: OWNER, now: () => NOW });
    await cache.put('k', entry(3_600_000), SECRET);
    const path = join(directory, 'token-k.json');
    const stored = JSON.parse(readFileSync(path, 'utf8'));
    const { secret: _secret, ...withoutHash } = stored;
    writeFileSync(path, JSON.stringify({ ...withoutHash, version: 1 }));
    expect(await cache.get('k', SECRET)).toBeUndefined();
    // A planted N = 2^30 would make every command spend its memory on one hash.
    writeFileSync(path, JSON.stringify({ ...stored, secret: { ...stored.secret, N: 2 ** 30 } }));
    expect(await cache.get('k', SECRET)).toBeUndefined();
  });

  it('costs a few milliseconds', async () => {
    const cache = new TokenCache({ directory: temporaryDirectory(), owner: OWNER, now: () => NOW });
    await cache.put('k', entry(3_600_000), SECRET);
    const started = performance.now();
    await cache.get('k', SECRET);
    expect(performance.now() - started).toBeLessThan(250);
  });
});

describe('files another user could have planted or changed', () => {
  const isRoot = OWNER === 0;

  /** A cache directory with a valid entry for key `k`, and a cache reading it with --debug lines. */
  async function plantedCache(): Promise<{ directory: string; path: string; lines: string[]; cache: TokenCache }> {
    const directory = temporaryDirectory();
    const lines: string[] = [];
    const cache = new TokenCache({ directory, owner: OWNER, debug: (line) => lines.push(line), now: () => NOW });
    await cache.put('k', entry(3_600_000), SECRET);
    lines.length = 0;
    return { directory, path: join(directory, 'token-k.json'), lines, cache };
  }

  it.skipIf(!isRoot)('a directory that belongs to another user is not read, nor written', async () => {
    const { directory, lines, cache } = await plantedCache();
    chownSync(directory, 65534, 65534);
    expect(await cache.get('k', SECRET)).toBeUndefined();
    expect(lines).toEqual([`token cache: not reading ${directory}: it belongs to uid 65534, not to uid 0`, 'token cache: no entry']);
    expect(await cache.put('k', entry(3_600_000, 'tok-2'), SECRET)).toBeUndefined();
    expect(lines.at(-1)).toBe(`token cache: cannot write ${directory}: it belongs to uid 65534, not to uid 0`);
    expect(readFileSync(join(directory, 'token-k.json'), 'utf8')).toContain('tok-1');
  });

  it.skipIf(!isRoot)('a file that belongs to another user is not read', async () => {
    const { path, lines, cache } = await plantedCache();
    chownSync(path, 65534, 65534);
    expect(await cache.get('k', SECRET)).toBeUndefined();
    expect(lines[0]).toBe(`token cache: ignoring ${path}: it belongs to uid 65534, not to uid 0`);
  });

  it.each([
    ['group', 0o770, 'its group (mode 0770)'],
    ['world', 0o707, 'everyone (mode 0707)'],
  ])('a %s-writable directory is not read; the next write makes it 0700 again', async (_who, mode, said) => {
    const { directory, lines, cache } = await plantedCache();
    chmodSync(directory, mode);
    expect(await cache.get('k', SECRET)).toBeUndefined();
    expect(lines[0]).toBe(`token cache: not reading ${directory}: it is writable by ${said}`);
    await cache.put('k', entry(3_600_000), SECRET);
    expect(statSync(directory).mode & 0o777).toBe(0o700);
    expect((await cache.get('k', SECRET))?.token).toBe('tok-1');
  });

  it.each([
    ['group', 0o620, 'its group (mode 0620)'],
    ['world', 0o602, 'everyone (mode 0602)'],
  ])('a %s-writable file is not read', async (_who, mode, said) => {
    const { path, lines, cache } = await plantedCache();
    chmodSync(path, mode);
    expect(await cache.get('k', SECRET)).toBeUndefined();
    expect(lines[0]).toBe(`token cache: ignoring ${path}: it is writable by ${said}`);
  });

  it('an entry that is a symbolic link is not followed, even to a valid entry', async () => {
    const { directory, path, lines, cache } = await plantedCache();
    symlinkSync(path, join(directory, 'token-linked.json'));
    expect(await cache.get('linked', SECRET)).toBeUndefined();
    expect(lines[0]).toBe(`token cache: ignoring ${join(directory, 'token-linked.json')}: it is a symbolic link`);
    // Writing replaces the link, and never writes through it.
    await cache.put('linked', entry(3_600_000, 'tok-2'), SECRET);
    expect(lstatSync(join(directory, 'token-linked.json')).isSymbolicLink()).toBe(false);
    expect(readFileSync(path, 'utf8')).toContain('tok-1');
  });

  it('a cache directory that is a symbolic link is neither read nor written, and its target is not chmod\'ed', async () => {
    const { directory: target, lines } = await plantedCache();
    chmodSync(target, 0o755);
    const link = join(temporaryBase(), 'glance');
    symlinkSync(target, link);
    const cache = new TokenCache({ directory: link, owner: OWNER, debug: (line) => lines.push(line), now: () => NOW });
    expect(await cache.get('k', SECRET)).toBeUndefined();
    expect(lines).toEqual([`token cache: not reading ${link}: it is a symbolic link`, 'token cache: no entry']);
    expect(await cache.put('k', entry(3_600_000, 'tok-2'), SECRET)).toBeUndefined();
    expect(lines.at(-1)).toBe(`token cache: cannot write ${link}: it is a symbolic link`);
    expect(statSync(target).mode & 0o777).toBe(0o755);
    expect(readFileSync(join(target, 'token-k.json'), 'utf8')).toContain('tok-1');
  });

  it('a FIFO planted as an entry does not hang the command', async () => {
    const { directory, lines, cache } = await plantedCache();
    execFileSync('mkfifo', [join(directory, 'token-fifo.json')]);
    expect(await cache.get('fifo', SECRET)).toBeUndefined();
    expect(lines[0]).toBe(`token cache: ignoring ${join(directory, 'token-fifo.json')}: it is not a regular file`);
  });

  it('without uids (Windows), owners and modes are not checked', async () => {
    const { directory } = await plantedCache();
    chmodSync(directory, 0o777);
    const cache = new TokenCache({ directory, owner: undefined, now: () => NOW });
    expect((await cache.get('k', SECRET))?.token).toBe('tok-1');
  });
});
