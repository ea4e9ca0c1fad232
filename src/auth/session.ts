/**
 * Gets a token and the image endpoint, and is where the HTTP path asks for the token: token-only
 * mode, a cached token, or a Keystone login plus catalog lookup. Keeps the token fresh for the
 * rest of the command: a cached token Glance refuses is dropped from the cache and replaced by a
 * new login, once. Which requests may be replayed after a refusal is the transport's business.
 */
import type { ConnectionSettings, Credentials } from '../config/settings.js';
import { splitVersionedUrl } from '../config/settings.js';
import { CliError } from '../errors.js';
import type { HttpClient } from '../http/client.js';
import { findEndpoint, type Catalog } from './catalog.js';
import type { CredentialStore } from './credential-store.js';
import { KeystoneError, type KeystoneToken } from './keystone.js';
import { credentialsFor, pluginFor, type AuthPlugin } from './plugins/index.js';
import { cacheKey, type TokenCache } from './token-cache.js';

/** What every Glance request needs. */
export interface ImageServiceAccess {
  /** The image API root without a version, e.g. http://127.0.0.1:9292. */
  endpoint: string;
  /** Where each request gets its token. */
  session: LoginSession;
}

/** Asks for a secret on the terminal; resolves undefined when there is no terminal or on Ctrl-D. */
export type SecretPrompt = (prompt: string) => Promise<string | undefined>;

export interface SessionDependencies {
  /** The plain client: Keystone is the only host this module talks to. */
  http: HttpClient;
  prompt: SecretPrompt;
  signal?: AbortSignal;
  /** Undefined when the cache is off. */
  tokenCache?: TokenCache;
  credentialStore?: CredentialStore;
  /** One line on stderr. */
  notice(line: string): void;
  /** --debug lines; undefined without --debug. */
  debug?: (line: string) => void;
}

export async function connectToImageService(settings: ConnectionSettings, dependencies: SessionDependencies): Promise<ImageServiceAccess> {
  const session = new LoginSession(settings, dependencies);
  const endpoint = await session.start();
  return { endpoint, session };
}

/**
 * One command's login. A token source: `token()` for each request, `renew()` when Glance refuses
 * one, `confirm()` when Glance takes one, `relocate()` when the cached catalog's endpoint does not
 * answer.
 */
export class LoginSession {
  private readonly plugin: AuthPlugin;
  private readonly credentials: Credentials;
  private key: string | undefined;
  private current = '';
  private fromCache = false;
  private renewal: Promise<string | undefined> | undefined;
  private secretFromKeyring = false;
  private secretSought = false;
  private relocated = false;
  private readonly issued = new Set<string>();
  private tokenConfirmed = true;

  constructor(
    private readonly settings: ConnectionSettings,
    private readonly dependencies: SessionDependencies,
  ) {
    this.plugin = pluginFor(settings);
    this.credentials = credentialsFor(this.plugin, settings.credentials);
  }

  /**
   * Logs in, or takes the cached token; resolves the image endpoint. The cache saves the login,
   * not the secret: a cached token is used only with the password or secret it was obtained with,
   * so the secret is found first (settings, keyring, prompt) as for a login.
   */
  async start(): Promise<string> {
    this.plugin.checkBeforeSecret(this.credentials);
    const identity = this.plugin.cacheIdentity(this.credentials);
    const cache = this.dependencies.tokenCache;
    this.key = identity && cache && this.plugin.secret ? cacheKey(identity) : undefined;
    if (this.key && cache) {
      const secret = await this.findSecret();
      const cached = secret === undefined ? undefined : await cache.get(this.key, secret);
      const endpoint = cached && this.usableEndpoint(cached.catalog);
      if (cached && endpoint) {
        this.current = cached.token;
        this.issued.add(cached.token);
        this.fromCache = true;
        this.tokenConfirmed = false;
        return endpoint;
      }
      if (cached) {
        // An empty catalog, or one without this endpoint: a new login has the catalog as it is now.
        this.dependencies.debug?.('token cache: the cached catalog has no usable image endpoint; logging in again');
        await cache.invalidate(this.key);
      }
    }
    const login = await this.login();
    return this.endpoint(login.catalog);
  }

  async token(): Promise<string> {
    return this.current;
  }

  /**
   * A new token after Glance refused `refused` with a 401: a fresh login when `refused` came from
   * the cache (once per command), the already renewed token when `refused` is an older one, else
   * undefined (the 401 stands). A token that did not come from the cache is never replaced:
   * Keystone just issued it, so another login would not do better (token-only mode is one).
   */
  renew(refused: string): Promise<string | undefined> {
    if (refused !== this.current) {
      return Promise.resolve(this.issued.has(refused) ? this.current : undefined);
    }
    if (this.renewal) {
      // Already renewed once, and the new token was refused too.
      return this.renewal.then((renewed) => (renewed === refused ? undefined : renewed));
    }
    this.renewal = (async () => {
      await this.forget(refused);
      if (!this.fromCache) {
        return undefined;
      }
      this.dependencies.debug?.('token cache: Glance refused the cached token (HTTP 401); logging in again');
      const login = await this.login();
      return login.token;
    })();
    return this.renewal;
  }

  /** False while the token came from the cache and no answer has shown Glance still takes it. */
  confirmed(): boolean {
    return this.tokenConfirmed;
  }

  confirm(token: string): void {
    if (token === this.current) {
      this.tokenConfirmed = true;
    }
  }

  /** Glance refused `refused` where no new token can help (a body that cannot be sent twice): the cache must not offer it again. */
  async forget(refused: string): Promise<void> {
    if (this.key && refused === this.current) {
      await this.dependencies.tokenCache?.invalidate(this.key);
    }
  }

  /**
   * The image endpoint did not answer at all (refused, no such host) while the token came from the
   * cache and nothing had vouched for it: the cached catalog may be stale. Drops the entry, logs
   * in again, and gives the new catalog's endpoint when it differs; else undefined (the failure
   * stands). Once per command.
   */
  async relocate(unreachable: string): Promise<string | undefined> {
    if (!this.fromCache || this.relocated || this.settings.imageUrl) {
      return undefined;
    }
    this.relocated = true;
    this.dependencies.debug?.(`token cache: the image endpoint of the cached catalog (${unreachable}) does not answer; logging in again`);
    await this.forget(this.current);
    const endpoint = this.endpoint((await this.login()).catalog);
    return endpoint === unreachable ? undefined : endpoint;
  }

  private async login(): Promise<KeystoneToken> {
    const secret = await this.findSecret();
    this.plugin.check(this.credentials);
    const { http, signal } = this.dependencies;
    let login: KeystoneToken;
    try {
      login = await this.plugin.login(this.credentials, { http, signal, notice: (line) => this.dependencies.notice(line) });
    } catch (error) {
      if (error instanceof KeystoneError && error.status === 401 && this.secretFromKeyring) {
        throw new KeystoneError(
          `${error.message} (the ${this.plugin.secret?.kind ?? 'secret'} came from the OS keyring: ` +
            'replace it with "glance credential-store set" or remove it with "glance credential-store delete")',
          error.status,
        );
      }
      throw error;
    }
    this.current = login.token;
    this.issued.add(login.token);
    this.fromCache = false;
    this.tokenConfirmed = true;
    if (this.key && login.expiresAt && secret !== undefined) {
      await this.dependencies.tokenCache?.put(
        this.key,
        { token: login.token, expiresAt: login.expiresAt, catalog: login.catalog, userId: login.userId, projectId: login.projectId },
        secret,
      );
    }
    return login;
  }

  /** The secret from the settings, else from the OS keyring, else from the terminal; looked for once. */
  private async findSecret(): Promise<string | undefined> {
    const spec = this.plugin.secret;
    if (!spec) {
      return undefined;
    }
    if (this.credentials[spec.field] || this.secretSought) {
      return this.credentials[spec.field];
    }
    this.secretSought = true;
    const identity = this.plugin.secretIdentity(this.credentials);
    const stored = identity ? await this.dependencies.credentialStore?.lookup(identity) : undefined;
    if (stored) {
      this.credentials[spec.field] = stored;
      this.secretFromKeyring = true;
      this.dependencies.debug?.(`credential store: using the ${identity!.kind} of ${identity!.description} from the OS keyring`);
      return stored;
    }
    this.credentials[spec.field] = await this.dependencies.prompt(spec.prompt);
    return this.credentials[spec.field];
  }

  private endpoint(catalog: Catalog): string {
    const endpoint =
      this.settings.imageUrl ??
      findEndpoint(catalog, {
        serviceType: this.settings.serviceType,
        interface: this.settings.interface,
        regionName: this.settings.regionName,
      });
    return splitVersionedUrl(endpoint).base;
  }

  /** The endpoint, or undefined when the catalog has none for these settings. */
  private usableEndpoint(catalog: Catalog): string | undefined {
    try {
      return this.endpoint(catalog);
    } catch (error) {
      if (error instanceof CliError) {
        return undefined;
      }
      throw error;
    }
  }
}
