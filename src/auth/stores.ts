/** The token cache and the credential store for one command, sharing one lazily loaded keyring. */
import type { ConnectionSettings, Environment } from '../config/settings.js';
import { CliError } from '../errors.js';
import { CredentialStore, type SecretKind } from './credential-store.js';
import { openKeyring, type Keyring } from './keyring.js';
import { credentialsFor, pluginFor } from './plugins/index.js';
import { TokenCache, type ClearReport } from './token-cache.js';

export type { ClearReport, SecretKind };

export interface AuthStoreOptions {
  env: Environment;
  platform?: string;
  /** The effective uid (process.geteuid()), which cache files must belong to; undefined where there is none. */
  owner: number | undefined;
  settings: ConnectionSettings;
  debug?: (line: string) => void;
  keyringTimeoutMs?: number;
}

/** The current identity's entry in the credential store, for credential-store set/delete. */
export interface CredentialStoreEntry {
  kind: SecretKind;
  /** "user admin (domain Default) at http://…/v3". */
  description: string;
  save(secret: string): Promise<void>;
  /** True when there was an entry to remove. */
  remove(): Promise<boolean>;
  /** Throws the "no keyring" CliError when no keyring can exist here, before anything is asked. */
  checkKeyring(): void;
}

export class AuthStores {
  private keyringInstance: Keyring | undefined | null = null;

  constructor(private readonly options: AuthStoreOptions) {}

  private keyring(): Keyring | undefined {
    if (this.keyringInstance === null) {
      this.keyringInstance = openKeyring({ env: this.options.env, platform: this.options.platform, timeoutMs: this.options.keyringTimeoutMs });
    }
    return this.keyringInstance;
  }

  /** The cache logins use; undefined when it is off. */
  tokenCache(): TokenCache | undefined {
    return this.options.settings.cache ? this.anyTokenCache() : undefined;
  }

  /** The cache, on or off, for clearing it. */
  anyTokenCache(): TokenCache {
    const { settings, owner, debug } = this.options;
    return new TokenCache({ keyring: this.keyring(), directory: settings.cacheDirectory, owner, debug });
  }

  credentialStore(): CredentialStore {
    return new CredentialStore(this.keyring());
  }

  /** The entry of the identity the settings describe; a CliError says what is missing. */
  credentialEntry(): CredentialStoreEntry {
    const { settings } = this.options;
    const plugin = pluginFor(settings);
    if (!plugin.secret) {
      throw new CliError(`${plugin.title} has no password or secret to store`);
    }
    const identity = plugin.secretIdentity(credentialsFor(plugin, settings.credentials));
    if (!identity) {
      throw new CliError(plugin.secret.incomplete);
    }
    const store = this.credentialStore();
    return {
      kind: identity.kind,
      description: identity.description,
      save: (secret) => store.save(identity, secret),
      remove: () => store.remove(identity),
      checkKeyring: () => {
        if (!this.keyring()) {
          throw new CliError(
            'No OS keyring is available (no D-Bus session bus, so no Secret Service): nothing was stored. ' +
              'Passwords are never written to a file; keep using OS_PASSWORD or the prompt.',
          );
        }
      },
    };
  }
}
