/**
 * The OS keyring (Secret Service on Linux, Keychain on macOS, Credential Manager on Windows)
 * through @napi-rs/keyring's keytar API. The only module that loads that library, and only when
 * a keyring is first needed, so commands that never touch it do not pay for the native module.
 *
 * Contract: every call answers within `timeoutMs` or fails with KeyringUnavailableError; a
 * missing entry is `{ found: false }`, never an error. On Linux the keyring is only tried when a
 * D-Bus session bus is known (DBUS_SESSION_BUS_ADDRESS, or $XDG_RUNTIME_DIR/bus), since without
 * one no Secret Service can answer.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Environment } from '../config/settings.js';

export const DEFAULT_KEYRING_TIMEOUT_MS = 1500;

/** The keyring did not answer, refused, or there is none. The message says why; it never contains a secret. */
export class KeyringUnavailableError extends Error {}

export type KeyringLookup = { found: true; value: string } | { found: false };

export interface Keyring {
  get(service: string, account: string): Promise<KeyringLookup>;
  set(service: string, account: string, value: string): Promise<void>;
  /** True when an entry was removed. */
  delete(service: string, account: string): Promise<boolean>;
  /** The accounts stored under a service. */
  accounts(service: string): Promise<string[]>;
}

type KeytarApi = typeof import('@napi-rs/keyring/keytar.js');

export interface KeyringOptions {
  env: Environment;
  /** process.platform, from the entry point. */
  platform?: string;
  timeoutMs?: number;
  /** For tests: the keytar API to use instead of the native one. */
  api?: () => Promise<KeytarApi>;
}

/** Whether a keyring can exist here at all; false means: do not even load the library. */
export function keyringConceivable(env: Environment, platform: string | undefined): boolean {
  if (platform === 'darwin' || platform === 'win32') {
    return true;
  }
  if (env.DBUS_SESSION_BUS_ADDRESS) {
    return true;
  }
  const runtime = env.XDG_RUNTIME_DIR;
  return Boolean(runtime && existsSync(join(runtime, 'bus')));
}

/** A keyring for this environment, or undefined when none can exist. */
export function openKeyring(options: KeyringOptions): Keyring | undefined {
  if (!options.api && !keyringConceivable(options.env, options.platform)) {
    return undefined;
  }
  return new TimedKeyring(options.api ?? loadKeytar, options.timeoutMs ?? DEFAULT_KEYRING_TIMEOUT_MS);
}

let keytar: Promise<KeytarApi> | undefined;

function loadKeytar(): Promise<KeytarApi> {
  // keytar.js is CommonJS: its functions are both named exports and `default` (module.exports).
  keytar ??= import('@napi-rs/keyring/keytar.js').then((loaded) => (loaded as { default?: KeytarApi }).default ?? loaded).catch((error: unknown) => {
    keytar = undefined;
    throw new KeyringUnavailableError(`the keyring library could not be loaded (${describe(error)})`);
  });
  return keytar;
}

function describe(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  // "Couldn't access platform storage: ..." is the library's wording for every platform failure.
  return message.replace(/^Couldn't access platform storage: /, '').split('\n')[0]!;
}

class TimedKeyring implements Keyring {
  constructor(
    private readonly load: () => Promise<KeytarApi>,
    private readonly timeoutMs: number,
  ) {}

  async get(service: string, account: string): Promise<KeyringLookup> {
    const value = await this.call('read', (api) => api.getPassword(service, account));
    return value === null || value === undefined ? { found: false } : { found: true, value };
  }

  async set(service: string, account: string, value: string): Promise<void> {
    await this.call('write', (api) => api.setPassword(service, account, value));
  }

  async delete(service: string, account: string): Promise<boolean> {
    return this.call('delete', (api) => api.deletePassword(service, account));
  }

  async accounts(service: string): Promise<string[]> {
    const found = await this.call('search', (api) => api.findCredentials(service));
    return found.map((entry) => entry.account);
  }

  private async call<T>(what: string, operation: (api: KeytarApi) => Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(
        () => reject(new KeyringUnavailableError(`the OS keyring did not answer a ${what} within ${this.timeoutMs / 1000} s`)),
        this.timeoutMs,
      );
      // A keyring that never answers must not keep the command from finishing.
      timer.unref();
    });
    try {
      return await Promise.race([
        this.load().then(operation).catch((error: unknown) => {
          throw error instanceof KeyringUnavailableError ? error : new KeyringUnavailableError(`the OS keyring refused a ${what}: ${describe(error)}`);
        }),
        timeout,
      ]);
    } finally {
      clearTimeout(timer);
    }
  }
}
