/**
 * Gets a token and the image endpoint: token-only mode, a cached token, or a Keystone login
 * plus catalog lookup. Keeps the token fresh for the rest of the command: a 401 from Glance on a
 * cached token invalidates the cache entry, logs in once more and replays the request when its
 * body can be sent again.
 */
import type { ConnectionSettings, Credentials } from '../config/settings.js';
import { splitVersionedUrl } from '../config/settings.js';
import { HttpClient, type HttpRequest, type HttpResponse } from '../http/client.js';
import { HttpError } from '../http/errors.js';
import { findEndpoint, type Catalog } from './catalog.js';
import { secretIdentity, type CredentialStore } from './credential-store.js';
import { KeystoneError, type KeystoneToken } from './keystone.js';
import { pluginFor, type AuthPlugin } from './plugins/index.js';
import { cacheKey, type TokenCache } from './token-cache.js';

/** What every Glance request needs. */
export interface ImageServiceAccess {
  /** The image API root without a version, e.g. http://127.0.0.1:9292. */
  endpoint: string;
  token: string;
}

/** Asks for a secret on the terminal; resolves undefined when there is no terminal or on Ctrl-D. */
export type SecretPrompt = (prompt: string) => Promise<string | undefined>;

export interface SessionDependencies {
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
  const credentials = settings.credentials;
  const token = settings.authToken ?? (settings.authType === 'token' ? credentials.token : undefined);
  if (settings.imageUrl && token) {
    // Token-only mode: Keystone is not contacted, and nothing is cached or renewed.
    return { endpoint: settings.imageUrl, token };
  }
  const session = new LoginSession(settings, dependencies);
  const access = await session.start();
  if (dependencies.http instanceof AuthenticatedHttpClient) {
    dependencies.http.attach(session);
  }
  return access;
}

class LoginSession {
  private readonly plugin: AuthPlugin;
  private readonly credentials: Credentials;
  private key: string | undefined;
  private token = '';
  private fromCache = false;
  private renewal: Promise<string | undefined> | undefined;
  private secretFromKeyring = false;
  private readonly issued = new Set<string>();
  private tokenConfirmed = true;

  constructor(
    private readonly settings: ConnectionSettings,
    private readonly dependencies: SessionDependencies,
  ) {
    this.plugin = pluginFor(settings.authType);
    this.credentials = { ...settings.credentials };
  }

  async start(): Promise<ImageServiceAccess> {
    this.plugin.checkBeforeSecret(this.credentials);
    const identity = this.plugin.cacheIdentity(this.credentials, this.settings.authType);
    const cache = this.dependencies.tokenCache;
    this.key = identity && cache ? cacheKey(identity) : undefined;
    if (this.key && cache) {
      const cached = await cache.get(this.key);
      if (cached) {
        this.token = cached.token;
        this.issued.add(cached.token);
        this.fromCache = true;
        this.tokenConfirmed = false;
        return { endpoint: this.endpoint(cached.catalog), token: cached.token };
      }
    }
    const login = await this.login();
    return { endpoint: this.endpoint(login.catalog), token: login.token };
  }

  /**
   * A new token after Glance refused `sent` with a 401: a fresh login when `sent` came from the
   * cache (once per command), the already renewed token when `sent` is an older one, else
   * undefined (the 401 stands).
   */
  renew(sent: string): Promise<string | undefined> {
    if (sent !== this.token) {
      return Promise.resolve(this.issued.has(sent) ? this.token : undefined);
    }
    if (this.renewal) {
      // Already renewed once, and the new token was refused too.
      return this.renewal.then((renewed) => (renewed === sent ? undefined : renewed));
    }
    this.renewal = (async () => {
      await this.invalidate();
      if (!this.fromCache) {
        return undefined;
      }
      this.dependencies.debug?.('token cache: Glance refused the cached token (HTTP 401); logging in again');
      const login = await this.login();
      return login.token;
    })();
    return this.renewal;
  }

  /** The current token, for a request prepared with an older one. */
  current(): string {
    return this.token;
  }

  confirmed(): boolean {
    return this.tokenConfirmed;
  }

  confirm(token: string): void {
    if (token === this.token) {
      this.tokenConfirmed = true;
    }
  }

  get debug(): ((line: string) => void) | undefined {
    return this.dependencies.debug;
  }

  /** Whether a token is one this session handed out (and so may be replaced). */
  owns(token: string): boolean {
    return this.issued.has(token);
  }

  async invalidate(): Promise<void> {
    if (this.key) {
      await this.dependencies.tokenCache?.invalidate(this.key);
    }
  }

  private async login(): Promise<KeystoneToken> {
    await this.findSecret();
    this.plugin.check(this.credentials);
    const { http, signal } = this.dependencies;
    let login: KeystoneToken;
    try {
      login = await this.plugin.login(this.credentials, { http, signal, notice: (line) => this.dependencies.notice(line) });
    } catch (error) {
      if (error instanceof KeystoneError && error.status === 401 && this.secretFromKeyring) {
        throw new KeystoneError(
          `${error.message} (the ${this.plugin.secret?.field === 'password' ? 'password' : 'secret'} came from the OS keyring: ` +
            'replace it with "glance credential-store set" or remove it with "glance credential-store delete")',
          error.status,
        );
      }
      throw error;
    }
    this.token = login.token;
    this.issued.add(login.token);
    this.fromCache = false;
    this.tokenConfirmed = true;
    if (this.key && login.expiresAt) {
      await this.dependencies.tokenCache?.put(this.key, {
        token: login.token,
        expiresAt: login.expiresAt,
        catalog: login.catalog,
        userId: login.userId,
        projectId: login.projectId,
      });
    }
    return login;
  }

  /** The secret from the settings, else from the OS keyring, else from the terminal. */
  private async findSecret(): Promise<void> {
    const spec = this.plugin.secret;
    if (!spec || this.credentials[spec.field]) {
      return;
    }
    const identity = secretIdentity(this.settings.authType, this.credentials);
    const stored = identity ? await this.dependencies.credentialStore?.lookup(identity) : undefined;
    if (stored) {
      this.credentials[spec.field] = stored;
      this.secretFromKeyring = true;
      this.dependencies.debug?.(`credential store: using the ${identity!.kind} of ${identity!.description} from the OS keyring`);
      return;
    }
    this.credentials[spec.field] = await this.dependencies.prompt(spec.prompt);
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
}

/** What the HTTP client needs of the session. */
interface TokenRenewal {
  current(): string;
  owns(token: string): boolean;
  /** False while the token came from the cache and no request has shown Glance still takes it. */
  confirmed(): boolean;
  confirm(token: string): void;
  renew(sent: string): Promise<string | undefined>;
  invalidate(): Promise<void>;
  debug?: (line: string) => void;
}

/**
 * The HTTP client Glance requests go through. A 401 on a request that carried the session's
 * token asks the session for a new one and replays the request once, when its body is JSON or
 * absent. A streamed body (an upload, from a file or from stdin) is never sent twice: before
 * one goes out with a cached token that nothing has confirmed yet, a small GET checks the token,
 * so a revoked one is replaced before the first byte of data is read.
 */
export class AuthenticatedHttpClient extends HttpClient {
  private session: TokenRenewal | undefined;

  attach(session: TokenRenewal): void {
    this.session = session;
  }

  override async send(request: HttpRequest): Promise<HttpResponse> {
    const session = this.session;
    const sent = request.headers?.['x-auth-token'];
    if (!session || sent === undefined || !session.owns(sent)) {
      return super.send(request);
    }
    // A request prepared before a renewal still carries the old token.
    let token = session.current();
    const streamed = request.body !== undefined && !('json' in request.body);
    if (streamed && !session.confirmed()) {
      token = await this.checkToken(session, token, request);
    }
    try {
      const response = await super.send(withToken(request, token));
      session.confirm(token);
      return response;
    } catch (error) {
      if (!(error instanceof HttpError) || error.status !== 401) {
        if (error instanceof HttpError) {
          session.confirm(token);
        }
        throw error;
      }
      if (streamed) {
        await session.invalidate();
        throw error;
      }
      const renewed = await session.renew(token);
      if (!renewed) {
        throw error;
      }
      return super.send(withToken(request, renewed));
    }
  }

  /** GET {api}/images?limit=1 with the token: a 401 renews it; any other answer confirms it. */
  private async checkToken(session: TokenRenewal, token: string, request: HttpRequest): Promise<string> {
    const url = new URL(request.url);
    const api = /^(.*?\/v\d+(?:\.\d+)?)\//.exec(url.pathname);
    if (!api) {
      return token;
    }
    session.debug?.('token cache: checking the cached token before sending data that cannot be sent twice');
    try {
      const response = await super.send({
        method: 'GET',
        url: `${url.origin}${api[1]}/images?limit=1`,
        headers: { 'x-auth-token': token, accept: '*/*' },
        signal: request.signal,
      });
      await response.discard();
    } catch (error) {
      if (error instanceof HttpError && error.status === 401) {
        return (await session.renew(token)) ?? token;
      }
      if (!(error instanceof HttpError)) {
        throw error;
      }
    }
    session.confirm(token);
    return token;
  }
}

function withToken(request: HttpRequest, token: string): HttpRequest {
  return { ...request, headers: { ...request.headers, 'x-auth-token': token } };
}
