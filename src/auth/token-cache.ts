/**
 * The token cache: after a login, the token, its expiry and the service catalog are kept, so the
 * next command with the same identity sends nothing to Keystone.
 *
 * Contract:
 * - The key is the SHA-256 of the identity the auth plugin gives (auth URL, auth type, user,
 *   domains, project, application credential...): never of a password, secret or token. Logins
 *   whose only identity is a secret (token auth) are not cached.
 * - A token that expires within EXPIRY_MARGIN_MS is not used.
 * - Entries go to the OS keyring when one answers; otherwise to one file per entry,
 *   $XDG_CACHE_HOME/glance/token-<key>.json, mode 0600 in a 0700 directory, written atomically
 *   (a temporary file renamed into place), so concurrent commands never read half an entry.
 * - The cache is best effort: a failure to read or write it never fails a command (it is said
 *   with --debug), it only costs a login.
 */
import { createHash, randomBytes } from 'node:crypto';
import { chmod, mkdir, readdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Catalog } from './catalog.js';
import { KeyringUnavailableError, type Keyring } from './keyring.js';

/** Tokens this close to their expiry are not used: a command may run that long. */
export const EXPIRY_MARGIN_MS = 2 * 60 * 1000;

/** The keyring service name entries are stored under; the account is the key. */
export const TOKEN_SERVICE = 'glance-cli token cache';

const FILE_PREFIX = 'token-';
const ENTRY_VERSION = 1;

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

interface StoredEntry extends CachedToken {
  version: number;
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
  /** --debug lines. */
  debug?: (line: string) => void;
  now?: () => number;
}

export class TokenCache {
  private keyringBroken = false;

  constructor(private readonly options: TokenCacheOptions) {}

  /** A usable entry, or undefined. */
  async get(key: string): Promise<(CachedToken & { location: CacheLocation }) | undefined> {
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
    this.log(`token cache: using the token cached in the ${found.location === 'keyring' ? 'OS keyring' : 'cache file'} (expires ${found.entry.expiresAt})`);
    return { ...found.entry, location: found.location };
  }

  /** Stores an entry: in the keyring if it takes it, else in the file. */
  async put(key: string, token: CachedToken): Promise<CacheLocation | undefined> {
    if (!token.expiresAt) {
      return undefined;
    }
    const text = JSON.stringify({ version: ENTRY_VERSION, ...token } satisfies StoredEntry);
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

  private async keyringGet(key: string): Promise<CachedToken | undefined> {
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

  private async fileGet(key: string): Promise<{ entry: CachedToken; location: 'file' } | undefined> {
    if (!this.options.directory) {
      return undefined;
    }
    const text = await readFile(this.path(key), 'utf8').catch(() => undefined);
    const entry = text === undefined ? undefined : parseEntry(text);
    return entry ? { entry, location: 'file' } : undefined;
  }

  private async fileSet(key: string, text: string): Promise<boolean> {
    const directory = this.options.directory;
    if (!directory) {
      return false;
    }
    try {
      await privateDirectory(directory);
      const temporary = `${this.path(key)}.${randomBytes(6).toString('hex')}.tmp`;
      await writeFile(temporary, text, { mode: 0o600, flag: 'wx' });
      try {
        await rename(temporary, this.path(key));
      } catch (error) {
        await unlink(temporary).catch(() => undefined);
        throw error;
      }
      return true;
    } catch (error) {
      this.log(`token cache: cannot write ${directory}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
      return false;
    }
  }

  private async fileDelete(key: string): Promise<void> {
    if (this.options.directory) {
      await unlink(this.path(key)).catch(() => undefined);
    }
  }
}

/** Creates the directory 0700, and tightens it if it exists with wider permissions. */
async function privateDirectory(directory: string): Promise<void> {
  await mkdir(directory, { recursive: true, mode: 0o700 });
  const info = await stat(directory);
  if (!info.isDirectory()) {
    throw Object.assign(new Error(`${directory} is not a directory`), { code: 'ENOTDIR' });
  }
  if ((info.mode & 0o077) !== 0) {
    await chmod(directory, 0o700);
  }
}

function parseEntry(text: string): CachedToken | undefined {
  try {
    const entry = JSON.parse(text) as Partial<StoredEntry>;
    if (entry.version !== ENTRY_VERSION || typeof entry.token !== 'string' || typeof entry.expiresAt !== 'string' || !Array.isArray(entry.catalog)) {
      return undefined;
    }
    return { token: entry.token, expiresAt: entry.expiresAt, catalog: entry.catalog, userId: entry.userId, projectId: entry.projectId };
  } catch {
    return undefined;
  }
}
