/**
 * The token cache: after a login, the token, its expiry and the service catalog are kept, so the
 * next command with the same identity sends nothing to Keystone.
 *
 * Contract:
 * - The key is the SHA-256 of the identity the auth plugin gives (auth URL, auth type, user,
 *   domains, project, application credential...): never of a password, secret or token. Logins
 *   whose only identity is a secret (token auth) are not cached.
 * - The cache saves the login, never the secret: each entry records a salted scrypt hash of the
 *   password or secret its token was obtained with, and is used only by a command that has the
 *   same one. A different one (a changed or wrong password) misses the cache and logs in.
 * - A token that expires within EXPIRY_MARGIN_MS is not used.
 * - Entries go to the OS keyring when one answers; otherwise to one file per entry,
 *   $XDG_CACHE_HOME/glance/token-<key>.json, mode 0600 in a 0700 directory, written atomically
 *   (a temporary file renamed into place), so concurrent commands never read half an entry.
 * - A file entry is only read when it and its directory belong to the effective user, are
 *   writable by no one else, and neither is a symbolic link: another user must not be able to
 *   plant a token or a catalog (whose endpoint would then get our requests). The directory is
 *   never chmod'ed through a symbolic link.
 * - The cache is best effort: a failure to read or write it never fails a command (it is said
 *   with --debug), it only costs a login.
 */
import { createHash, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { readdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { readPrivateFile, writePrivateFile } from '../config/private-files.js';
import type { Catalog } from './catalog.js';
import { KeyringUnavailableError, type Keyring } from './keyring.js';

/** Tokens this close to their expiry are not used: a command may run that long. */
export const EXPIRY_MARGIN_MS = 2 * 60 * 1000;

/** The keyring service name entries are stored under; the account is the key. */
export const TOKEN_SERVICE = 'glance-cli token cache';

const FILE_PREFIX = 'token-';
/** 2: entries carry the hash of their secret; version 1 entries (without one) are not used. */
const ENTRY_VERSION = 2;

/**
 * scrypt with N = 2^11, r = 8: about 5 ms and 2 MiB per hash. The entry sits in a 0600 file or
 * the keyring; the cost only makes a stolen entry a slow start for guessing the password.
 */
const SCRYPT = { N: 2048, r: 8, p: 1 } as const;
const HASH_BYTES = 32;
const SALT_BYTES = 16;

/**
 * Who logs in where: the parts of the cache key, as the auth plugin names them. Every part counts,
 * whatever its name, so a plugin can add one (an identity provider, say) without two identities
 * ever sharing a key. Never a secret.
 */
export interface CacheIdentity {
  readonly authUrl: string;
  readonly authType: string;
  readonly [part: string]: string | undefined;
}

export interface CachedToken {
  token: string;
  /** ISO 8601. */
  expiresAt: string;
  catalog: Catalog;
  userId?: string;
  projectId?: string;
}

/** The salted scrypt hash of the secret a token was obtained with, base64. */
interface SecretHash {
  algorithm: 'scrypt';
  N: number;
  r: number;
  p: number;
  salt: string;
  hash: string;
}

interface StoredEntry extends CachedToken {
  version: number;
  secret: SecretHash;
}

/** Where an entry came from or went to, for --debug and `token-cache clear`. */
export type CacheLocation = 'keyring' | 'file';

export interface ClearReport {
  keyring: number;
  files: number;
  /** Why the keyring could not be cleared, if it could not. */
  keyringProblem?: string;
  directory?: string;
}

/** The SHA-256 of the identity as JSON with its keys sorted (absent parts left out); `http://k/v3/` is `http://k/v3`. */
export function cacheKey(identity: CacheIdentity): string {
  const parts: Record<string, string | undefined> = { ...identity, authUrl: identity.authUrl.replace(/\/+$/, '') };
  const canonical = JSON.stringify(Object.fromEntries(Object.keys(parts).sort().map((key) => [key, parts[key]])));
  return createHash('sha256').update(canonical).digest('hex');
}

export interface TokenCacheOptions {
  keyring?: Keyring;
  /** $XDG_CACHE_HOME/glance; undefined: no file fallback. */
  directory?: string;
  /**
   * The effective uid the directory and files must belong to; undefined where there are no uids
   * (Windows), where owners and modes are not checked.
   */
  owner: number | undefined;
  /** --debug lines. */
  debug?: (line: string) => void;
  now?: () => number;
}

export class TokenCache {
  private keyringBroken = false;

  constructor(private readonly options: TokenCacheOptions) {}

  /** A usable entry obtained with `secret`, or undefined. */
  async get(key: string, secret: string): Promise<(CachedToken & { location: CacheLocation }) | undefined> {
    const fromKeyring = await this.keyringGet(key);
    const found = fromKeyring ? { entry: fromKeyring, location: 'keyring' as const } : await this.fileGet(key);
    if (!found) {
      this.log('token cache: no entry');
      return undefined;
    }
    const expires = Date.parse(found.entry.expiresAt);
    const now = this.options.now?.() ?? Date.now();
    if (!Number.isFinite(expires) || expires - now < EXPIRY_MARGIN_MS) {
      this.log(`token cache: the cached token expires at ${found.entry.expiresAt}, too soon to use`);
      return undefined;
    }
    if (!(await secretMatches(secret, found.entry.secret))) {
      this.log('token cache: the cached token was obtained with a different password or secret; logging in');
      return undefined;
    }
    this.log(`token cache: using the token cached in the ${found.location === 'keyring' ? 'OS keyring' : 'cache file'} (expires ${found.entry.expiresAt})`);
    const { version: _version, secret: _hash, ...entry } = found.entry;
    return { ...entry, location: found.location };
  }

  /** Stores an entry, with the hash of the secret it was obtained with: in the keyring if it takes it, else in the file. */
  async put(key: string, token: CachedToken, secret: string): Promise<CacheLocation | undefined> {
    if (!token.expiresAt) {
      return undefined;
    }
    const text = JSON.stringify({ version: ENTRY_VERSION, ...token, secret: await hashSecret(secret) } satisfies StoredEntry);
    if (await this.keyringSet(key, text)) {
      // An older file entry for the same key would otherwise outlive this one.
      await this.fileDelete(key);
      this.log('token cache: token stored in the OS keyring');
      return 'keyring';
    }
    if (await this.fileSet(key, text)) {
      this.log(`token cache: token stored in ${this.path(key)}`);
      return 'file';
    }
    return undefined;
  }

  async invalidate(key: string): Promise<void> {
    if (this.options.keyring && !this.keyringBroken) {
      try {
        await this.options.keyring.delete(TOKEN_SERVICE, key);
      } catch (error) {
        this.keyringFailed(error);
      }
    }
    await this.fileDelete(key);
  }

  /** Removes every entry, from the keyring and the directory. */
  async clear(): Promise<ClearReport> {
    const report: ClearReport = { keyring: 0, files: 0, directory: this.options.directory };
    if (this.options.keyring) {
      try {
        for (const account of await this.options.keyring.accounts(TOKEN_SERVICE)) {
          if (await this.options.keyring.delete(TOKEN_SERVICE, account)) {
            report.keyring++;
          }
        }
      } catch (error) {
        report.keyringProblem = error instanceof Error ? error.message : String(error);
      }
    }
    const directory = this.options.directory;
    if (directory) {
      const names = await readdir(directory).catch(() => [] as string[]);
      for (const name of names) {
        if (name.startsWith(FILE_PREFIX) && /\.json(\.[0-9a-f]+\.tmp)?$/.test(name)) {
          await unlink(join(directory, name)).then(
            () => (report.files += name.endsWith('.json') ? 1 : 0),
            () => undefined,
          );
        }
      }
    }
    return report;
  }

  private path(key: string): string {
    return join(this.options.directory!, `${FILE_PREFIX}${key}.json`);
  }

  private log(line: string): void {
    this.options.debug?.(line);
  }

  private keyringFailed(error: unknown): void {
    this.keyringBroken = true;
    const reason = error instanceof KeyringUnavailableError ? error.message : String(error);
    this.log(`token cache: ${reason}; using the cache file instead`);
  }

  private async keyringGet(key: string): Promise<StoredEntry | undefined> {
    if (!this.options.keyring || this.keyringBroken) {
      return undefined;
    }
    try {
      const lookup = await this.options.keyring.get(TOKEN_SERVICE, key);
      return lookup.found ? parseEntry(lookup.value) : undefined;
    } catch (error) {
      this.keyringFailed(error);
      return undefined;
    }
  }

  private async keyringSet(key: string, text: string): Promise<boolean> {
    if (!this.options.keyring || this.keyringBroken) {
      return false;
    }
    try {
      await this.options.keyring.set(TOKEN_SERVICE, key, text);
      return true;
    } catch (error) {
      this.keyringFailed(error);
      return false;
    }
  }

  /**
   * The entry in the file, when it and its directory are the effective user's alone: the file is
   * opened without following a symbolic link (and without blocking on a FIFO), then checked.
   */
  private async fileGet(key: string): Promise<{ entry: StoredEntry; location: 'file' } | undefined> {
    if (!this.options.directory) {
      return undefined;
    }
    const read = await readPrivateFile(this.path(key), this.options.owner);
    if (read && 'refused' in read) {
      this.log(`token cache: ${read.path === this.path(key) ? 'ignoring' : 'not reading'} ${read.path}: ${read.refused}`);
      return undefined;
    }
    const entry = read ? parseEntry(read.text) : undefined;
    return entry ? { entry, location: 'file' } : undefined;
  }

  private async fileSet(key: string, text: string): Promise<boolean> {
    const directory = this.options.directory;
    if (!directory) {
      return false;
    }
    try {
      await writePrivateFile(this.path(key), text, this.options.owner);
      return true;
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error));
      this.log(`token cache: cannot write ${directory}: ${reason}`);
      return false;
    }
  }

  private async fileDelete(key: string): Promise<void> {
    if (this.options.directory) {
      await unlink(this.path(key)).catch(() => undefined);
    }
  }
}

async function hashSecret(secret: string): Promise<SecretHash> {
  const salt = randomBytes(SALT_BYTES);
  return { algorithm: 'scrypt', ...SCRYPT, salt: salt.toString('base64'), hash: (await derive(secret, salt)).toString('base64') };
}

/** Only hashes made with this module's parameters count: an entry cannot make us spend more. */
async function secretMatches(secret: string, recorded: SecretHash): Promise<boolean> {
  if (recorded.algorithm !== 'scrypt' || recorded.N !== SCRYPT.N || recorded.r !== SCRYPT.r || recorded.p !== SCRYPT.p) {
    return false;
  }
  const expected = Buffer.from(recorded.hash, 'base64');
  const actual = await derive(secret, Buffer.from(recorded.salt, 'base64'));
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

function derive(secret: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(secret, salt, HASH_BYTES, SCRYPT, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

function parseEntry(text: string): StoredEntry | undefined {
  try {
    const entry = JSON.parse(text) as Partial<StoredEntry>;
    const secret = entry.secret;
    if (
      entry.version !== ENTRY_VERSION ||
      typeof entry.token !== 'string' ||
      typeof entry.expiresAt !== 'string' ||
      !Array.isArray(entry.catalog) ||
      typeof secret?.salt !== 'string' ||
      typeof secret.hash !== 'string'
    ) {
      return undefined;
    }
    const { token, expiresAt, catalog, userId, projectId } = entry;
    return { version: entry.version, token, expiresAt, catalog, userId, projectId, secret };
  } catch {
    return undefined;
  }
}
