/** The image API's HTTP session: endpoint, the token of each request and what a 401 means, and Glance's error wording. */
import type { HttpClient, HttpMethod, HttpResponse, RequestBody } from '../http/client.js';
import { ConnectionError, HttpError } from '../http/errors.js';
import { replayable, retryable } from '../http/retry.js';
import { toGlanceError } from './errors.js';

export interface GlanceRequest {
  query?: [string, string][];
  body?: RequestBody;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/**
 * Where each request gets its token (the login session; in token-only mode, a token that never
 * changes). The transport asks it for the token of every request and tells it what Glance made of it.
 */
export interface TokenSource {
  token(): Promise<string>;
  /** Glance refused `refused` with a 401: a token to replay the request with, or undefined when there is none. */
  renew(refused: string): Promise<string | undefined>;
  /** Glance refused `refused` on a request that will not be replayed: do not offer it again after this command. */
  forget(refused: string): Promise<void>;
  /** Glance answered a request that carried `token` with something other than a 401. */
  confirm(token: string): void;
  /** False while the token is one no answer has vouched for yet (a cached one). */
  confirmed(): boolean;
  /**
   * Nothing answered at `unreachable` while the token was unconfirmed: the endpoint to use instead
   * (a cached catalog was stale), or undefined when there is none.
   */
  relocate(unreachable: string): Promise<string | undefined>;
}

/** A token that is what it is: nothing to renew, nothing to forget. */
export function fixedToken(token: string): TokenSource {
  return {
    token: async () => token,
    renew: async () => undefined,
    forget: async () => undefined,
    confirm: () => undefined,
    confirmed: () => true,
    relocate: async () => undefined,
  };
}

/**
 * The image API's HTTP session. Owns the 401 policy: a refused request is replayed once with a
 * renewed token when its body can be sent again (http/retry.ts `replayable`: none, or JSON); a
 * second 401 is the error. A streamed body (an upload, from a file or stdin) is never sent twice:
 * before one goes out with a token nothing has vouched for yet, a small GET checks the token, so a
 * revoked one is replaced before the first byte of data is read.
 *
 * Transient failures (a 503, a reset connection) are retried below this, in the HTTP client, on
 * each attempt this policy makes: a 401 replay gets its own retries, and a retried request that
 * ends in a 401 comes back here like any other.
 */
export class GlanceTransport {
  private readonly tokens: TokenSource;

  constructor(
    private readonly http: HttpClient,
    /** Unversioned API root, e.g. http://127.0.0.1:9292; another one when a cached catalog turns out stale. */
    private currentEndpoint: string,
    /** A plain string is a fixed token (token-only mode). */
    tokens: TokenSource | string,
    /** --debug lines. */
    private readonly debug?: (line: string) => void,
  ) {
    this.tokens = typeof tokens === 'string' ? fixedToken(tokens) : tokens;
  }

  get endpoint(): string {
    return this.currentEndpoint;
  }

  /** `path` starts with the API version, e.g. /v2/images. */
  async request(method: HttpMethod, path: string, options: GlanceRequest = {}): Promise<HttpResponse> {
    return this.send(method, this.url(path, options.query), options);
  }

  /** For `next` links, which Glance returns as absolute paths with their own query. */
  async requestLink(method: HttpMethod, link: string, options: GlanceRequest = {}): Promise<HttpResponse> {
    return this.send(method, `${this.endpoint}${link.startsWith('/') ? '' : '/'}${link}`, options);
  }

  async json<T>(method: HttpMethod, path: string, options: GlanceRequest = {}): Promise<T> {
    const response = await this.request(method, path, options);
    return response.json<T>();
  }

  async discard(method: HttpMethod, path: string, options: GlanceRequest = {}): Promise<void> {
    const response = await this.request(method, path, options);
    await response.discard();
  }

  /**
   * With a token nothing has vouched for (a cached one), a refused connection first asks for a
   * new login's endpoint instead of retrying the old one: the cached catalog may be stale. When
   * the catalog still names this endpoint, the service itself is away (restarting): the request is
   * retried as any other.
   */
  private async send(method: HttpMethod, url: string, options: GlanceRequest): Promise<HttpResponse> {
    const confirmed = this.tokens.confirmed();
    try {
      return await this.sendWithToken(method, url, options, confirmed);
    } catch (error) {
      if (!(error instanceof ConnectionError && UNREACHABLE.has(error.code ?? '') && !confirmed)) {
        throw error;
      }
      // Nothing reached a server, so even a POST may go again: to where a new login says Glance is now.
      const stale = this.currentEndpoint;
      const moved = await this.tokens.relocate(stale);
      if (moved === undefined) {
        if (!retryable(method, options.body)) {
          throw error;
        }
        return this.sendWithToken(method, url, options, true);
      }
      this.currentEndpoint = moved;
      return this.sendWithToken(method, `${moved}${url.slice(stale.length)}`, options, true);
    }
  }

  /** `retryRefused`: whether the HTTP client retries a refused connection itself (see `send`). */
  private async sendWithToken(method: HttpMethod, url: string, options: GlanceRequest, retryRefused: boolean): Promise<HttpResponse> {
    const streamed = !replayable(options.body);
    let token = await this.tokens.token();
    try {
      if (streamed && !this.tokens.confirmed()) {
        token = await this.checkToken(token, url, options.signal);
      }
      try {
        return await this.attempt(method, url, options, token, retryRefused);
      } catch (error) {
        if (!isUnauthorized(error)) {
          throw error;
        }
        if (streamed) {
          await this.tokens.forget(token);
          throw error;
        }
        const renewed = await this.tokens.renew(token);
        if (renewed === undefined) {
          throw error;
        }
        return await this.attempt(method, url, options, renewed, retryRefused);
      }
    } catch (error) {
      throw error instanceof HttpError ? toGlanceError(error) : error;
    }
  }

  /**
   * After the body of a GET of `path` failed mid-stream (attempt number `attempt`): whether to ask
   * for the rest, by the HTTP client's retry policy (which says so and waits before resolving true).
   */
  mayResume(path: string, from: number, failure: unknown, attempt: number, signal?: AbortSignal): Promise<boolean> {
    return this.http.mayRetry({ method: 'GET', url: this.url(path, undefined), from, signal }, failure, attempt);
  }

  /** One request with `token`; any answer but a 401 vouches for the token. */
  private async attempt(method: HttpMethod, url: string, options: GlanceRequest, token: string, retryRefused = true): Promise<HttpResponse> {
    try {
      const response = await this.http.send({
        method,
        url,
        retryRefused,
        // Not application/json: Glance then words its errors as HTML, which is what python-glanceclient parses.
        headers: { 'x-auth-token': token, accept: '*/*', ...options.headers },
        body: options.body,
        signal: options.signal,
      });
      this.tokens.confirm(token);
      return response;
    } catch (error) {
      if (error instanceof HttpError && error.status !== 401) {
        this.tokens.confirm(token);
      }
      throw error;
    }
  }

  /**
   * GET {version}/images?limit=1 in the API version of the request about to stream: the cheapest
   * request that needs a valid token. A 401 renews the token; any other answer vouches for it.
   */
  private async checkToken(token: string, url: string, signal: AbortSignal | undefined): Promise<string> {
    const version = /^\/v\d+(?:\.\d+)?\//.exec(url.slice(this.endpoint.length))?.[0] ?? '/v2/';
    this.debug?.('checking the token before sending data that cannot be sent twice');
    try {
      const response = await this.attempt('GET', `${this.endpoint}${version}images?limit=1`, { signal }, token, this.tokens.confirmed());
      await response.discard();
      return token;
    } catch (error) {
      if (!(error instanceof HttpError)) {
        throw error;
      }
      if (error.status !== 401) {
        // Glance took the token, and has its reasons not to list images: the upload may go ahead.
        return token;
      }
      const renewed = await this.tokens.renew(token);
      if (renewed === undefined) {
        throw error;
      }
      return renewed;
    }
  }

  private url(path: string, query: [string, string][] | undefined): string {
    const search = query && query.length > 0 ? `?${query.map(([key, value]) => `${encode(key)}=${encode(value)}`).join('&')}` : '';
    return `${this.endpoint}${path}${search}`;
  }
}

/** Connection failures that mean no server was reached at that address. */
const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

function isUnauthorized(error: unknown): boolean {
  return error instanceof HttpError && error.status === 401;
}

/** Keeps the characters python-glanceclient leaves alone readable in --debug output (`name:desc`, `a,b`). */
function encode(value: string): string {
  return encodeURIComponent(value).replace(/%3A/gi, ':').replace(/%2C/gi, ',');
}

/**
 * Path segments (ids, tags, schema names) are always encoded, `.` and `..` too: sent as they are,
 * they would climb the path (`image-show ..` asking for /v2/), which HTTP clients resolve.
 */
export function segment(value: string): string {
  const encoded = encodeURIComponent(value);
  return encoded === '.' || encoded === '..' ? encoded.replaceAll('.', '%2E') : encoded;
}
