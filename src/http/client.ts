/**
 * The HTTP layer: the only module that talks to undici (the parts src/http/undici.ts loads).
 *
 * Bodies stream in both directions (undici `request`, not the global `fetch`, which is several
 * times slower for large bodies on Node 20). Everything above this layer sees plain records
 * and Node streams.
 */
import type { Readable } from 'node:stream';
import type { Dispatcher } from 'undici';
import { InterruptedError } from '../errors.js';
import { createDispatcher, proxyFor, type ProxySettings } from './dispatcher.js';
import { asUndiciFailure, DirectPool } from './node-transport.js';
import { connectionFailure, HttpError, seconds, toBodyError, toConnectionError, type ConnectionError, type FailureContext } from './errors.js';
import { redactHeaderValue, redactJsonText, redactUrl, secretFieldTest } from './redact.js';
import { parseRetryAfter, REAL_TIMING, retryable, retryDelay, transientCause, type RetryTiming } from './retry.js';

export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** A request body: JSON, text, or a stream of bytes that is consumed once. */
export type RequestBody = { json: unknown; contentType?: string } | { stream: AsyncIterable<Uint8Array> | Readable; contentType?: string };

export interface HttpRequest {
  method: HttpMethod;
  url: string;
  headers?: Record<string, string>;
  body?: RequestBody;
  signal?: AbortSignal;
  /** False: a refused connection is not retried here, because the caller has a better remedy (default true). */
  retryRefused?: boolean;
}

export interface HttpResponse {
  status: number;
  /** Lower-cased names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  /** The body as a byte stream; read it, or call `discard()`. */
  body: Readable;
  text(): Promise<string>;
  json<T>(): Promise<T>;
  discard(): Promise<void>;
  /** What a failure while reading `body` means, in one line naming the URL (a stall names --timeout). */
  failure(error: unknown): ConnectionError;
}

/** TLS settings shared by every connection. */
export interface TlsSettings {
  insecure: boolean;
  /** PEM contents, not paths. */
  ca?: string;
  cert?: string;
  key?: string;
}

export interface HttpClientOptions {
  userAgent: string;
  /** Applies to connecting and to each wait for data, never to a whole transfer. */
  timeoutMs: number;
  tls: TlsSettings;
  /** Where --debug lines go; undefined when debugging is off. */
  debug?: (line: string) => void;
  /** For tests: an undici MockAgent or any other dispatcher. */
  dispatcher?: Dispatcher;
  /** Proxies from the environment (see dispatcher.ts). */
  proxy?: ProxySettings;
  /** JSON fields --debug shows as *** besides those redact.ts knows by their name. */
  secretFields?: Iterable<string>;
  /** --retries: how often an idempotent request is sent again after a transient failure (default 0). */
  retries?: number;
  /** Where the one line about each retry goes (stderr). */
  notice?: (line: string) => void;
  /** For tests: the waits between attempts and their jitter. */
  timing?: RetryTiming;
  /** Run once before undici is loaded (process-wide V8 flags for its parser, set by main.ts). */
  beforeUndici?: () => Promise<void>;
}

/** What a retry line names: the request, and for a resumed download the byte it resumes from. */
export interface RetriedRequest {
  method: HttpMethod;
  url: string;
  from?: number;
  signal?: AbortSignal;
}

const ERROR_BODY_LIMIT = 64 * 1024;

export class HttpClient {
  private dispatcher: Dispatcher | undefined;
  private direct: DirectPool | undefined;
  private readonly isSecret: (key: string) => boolean;

  constructor(private readonly options: HttpClientOptions) {
    this.dispatcher = options.dispatcher;
    this.isSecret = secretFieldTest(options.secretFields);
  }

  /** Attempts a request gets in all: the first and --retries more. */
  get attempts(): number {
    return (this.options.retries ?? 0) + 1;
  }

  /**
   * Sends a request; resolves for 2xx and 3xx, throws HttpError for the rest and ConnectionError
   * when there is no answer. An idempotent request with a replayable body is sent again after a
   * transient failure (retry.ts), up to --retries times.
   */
  async send(request: HttpRequest): Promise<HttpResponse> {
    const attempts = retryable(request.method, request.body) ? this.attempts : 1;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.sendOnce(request);
      } catch (error) {
        const refusedForCaller = request.retryRefused === false && connectionFailure(error) === 'refused';
        if (attempt >= attempts || refusedForCaller || !(await this.mayRetry(request, error, attempt))) {
          throw error;
        }
      }
    }
  }

  /**
   * After attempt number `attempt` of a request failed with `failure`: whether to try again. When
   * the failure is transient, attempts remain and Retry-After asks for no more than a minute, says
   * so on stderr, waits, and resolves true.
   */
  async mayRetry(request: RetriedRequest, failure: unknown, attempt: number): Promise<boolean> {
    const cause = transientCause(failure);
    if (cause === undefined || attempt >= this.attempts) {
      return false;
    }
    const timing = this.options.timing ?? REAL_TIMING;
    const retryAfter = failure instanceof HttpError ? parseRetryAfter(failure.headers['retry-after']) : undefined;
    const delay = retryDelay(attempt, retryAfter, () => timing.random());
    if (delay === undefined) {
      return false;
    }
    const from = request.from ? ` from byte ${request.from}` : '';
    this.options.notice?.(`Retrying ${request.method} ${redactUrl(request.url)}${from} after ${cause} (attempt ${attempt + 1} of ${this.attempts}) in ${seconds(delay)} s`);
    await timing.pause(delay, request.signal);
    return true;
  }

  private async sendOnce(request: HttpRequest): Promise<HttpResponse> {
    const headers: Record<string, string> = { 'user-agent': this.options.userAgent, ...lowerCaseKeys(request.headers ?? {}) };
    let body: string | AsyncIterable<Uint8Array> | Readable | undefined;
    if (request.body && 'json' in request.body) {
      body = JSON.stringify(request.body.json);
      headers['content-type'] ??= request.body.contentType ?? 'application/json';
    } else if (request.body) {
      body = request.body.stream;
      headers['content-type'] ??= request.body.contentType ?? 'application/octet-stream';
    }
    this.logRequest(request.method, request.url, headers, typeof body === 'string' ? body : undefined);

    let answer: { statusCode: number; headers: Record<string, string | string[] | undefined>; body: Readable };
    try {
      const url = new URL(request.url);
      // The path as built, not as WHATWG parsing rewrites it: it resolves `%2E%2E` (a name `..`,
      // encoded) as a step up, which would address the parent resource.
      const path = /^[a-z][a-z\d+.-]*:\/\/[^/?#]*(\/[^#]*)$/i.exec(request.url)?.[1] ?? `${url.pathname}${url.search}`;
      if ((body === undefined || typeof body === 'string') && this.goesDirect(request.url)) {
        this.direct ??= new DirectPool(this.options.tls, this.options.timeoutMs);
        answer = await this.direct.request({ url, path, method: request.method, headers, body: body as string | undefined, signal: request.signal });
      } else {
        const undici = await loadUndici(this.options.beforeUndici);
        const dispatcher = (this.dispatcher ??= this.createAgent(undici));
        const response = await dispatcher.request({
          origin: url.origin,
          path,
          method: request.method,
          headers,
          // undici streams any async iterable; its type declarations only name Readable.
          body: (body ?? null) as string | Readable | null,
          signal: request.signal,
          headersTimeout: this.options.timeoutMs,
          bodyTimeout: this.options.timeoutMs,
        });
        answer = { statusCode: response.statusCode, headers: response.headers, body: response.body as unknown as Readable };
      }
    } catch (error) {
      if (request.signal?.aborted) {
        throw new InterruptedError();
      }
      throw toConnectionError(error, request.url, this.failureContext(request.url));
    }

    const responseHeaders = flattenHeaders(answer.headers);
    const context = this.failureContext(request.url);
    const response = wrapResponse(answer.statusCode, responseHeaders, answer.body, (error) => toBodyError(asUndiciFailure(error), request.url, context));
    if (answer.statusCode >= 400) {
      const text = await readCapped(response.body, ERROR_BODY_LIMIT).catch(() => '');
      this.logResponse(answer.statusCode, responseHeaders, text);
      throw new HttpError(request.method, request.url, answer.statusCode, responseHeaders, text);
    }
    if (this.options.debug) {
      return this.withLoggedBody(response);
    }
    return response;
  }

  /** No proxy and no dispatcher given (tests' mocks): Node's own client serves the request (node-transport.ts). */
  private goesDirect(url: string): boolean {
    return this.options.dispatcher === undefined && proxyFor(url, this.options.proxy) === undefined;
  }

  private failureContext(url: string): FailureContext {
    return { timeoutMs: this.options.timeoutMs, proxy: this.options.dispatcher ? undefined : proxyFor(url, this.options.proxy) };
  }

  /** Closes pooled connections so the process can exit promptly. */
  async close(): Promise<void> {
    this.direct?.close();
    if (this.dispatcher && !this.options.dispatcher) {
      await this.dispatcher.close();
    }
  }

  private createAgent(undici: typeof import('./undici.js')): Dispatcher {
    const { tls, timeoutMs, proxy } = this.options;
    return createDispatcher(undici, { tls, timeoutMs, proxy });
  }

  private logRequest(method: string, url: string, headers: Record<string, string>, body: string | undefined): void {
    const debug = this.options.debug;
    if (!debug) {
      return;
    }
    const parts = [`REQ: curl -g -i -X ${method} ${redactUrl(url)}`];
    for (const [name, value] of Object.entries(headers)) {
      parts.push(`-H "${displayHeaderName(name)}: ${redactHeaderValue(name, value)}"`);
    }
    if (this.options.tls.insecure) {
      parts.push('-k');
    }
    if (body !== undefined) {
      parts.push(`-d '${redactJsonText(body, this.isSecret)}'`);
    }
    debug(parts.join(' '));
  }

  private logResponse(status: number, headers: Record<string, string>, body: string | undefined): void {
    const debug = this.options.debug;
    if (!debug) {
      return;
    }
    const shownHeaders = Object.entries(headers)
      .map(([name, value]) => `${displayHeaderName(name)}: ${redactHeaderValue(name, value)}`)
      .join(' ');
    debug(`RESP: [${status}] ${shownHeaders}`);
    if (body !== undefined) {
      debug(`RESP BODY: ${redactJsonText(body, this.isSecret)}`);
    }
  }

  /** In debug mode, JSON bodies are logged when the caller reads them; byte streams are not. */
  private withLoggedBody(response: HttpResponse): HttpResponse {
    const isJson = /json/i.test(response.headers['content-type'] ?? '');
    if (!isJson) {
      this.logResponse(response.status, response.headers, undefined);
      return response;
    }
    let logged = false;
    const log = (text: string): string => {
      if (!logged) {
        logged = true;
        this.logResponse(response.status, response.headers, text);
      }
      return text;
    };
    return {
      ...response,
      text: async () => log(await response.text()),
      json: async <T>() => JSON.parse(log(await response.text())) as T,
    };
  }
}

/** Loaded on the first request that needs it (an upload, or a request through a proxy). */
async function loadUndici(before: (() => Promise<void>) | undefined): Promise<typeof import('./undici.js')> {
  await before?.();
  return import('./undici.js');
}

function wrapResponse(status: number, headers: Record<string, string>, body: Readable, failure: (error: unknown) => ConnectionError): HttpResponse {
  const text = async (): Promise<string> => {
    const chunks: Buffer[] = [];
    for await (const chunk of body) {
      chunks.push(chunk as Buffer);
    }
    return Buffer.concat(chunks).toString('utf8');
  };
  return {
    status,
    headers,
    body,
    text,
    json: async <T>() => {
      const content = await text();
      return (content ? JSON.parse(content) : {}) as T;
    },
    discard: async () => {
      for await (const _chunk of body) {
        // drain so the connection returns to the pool
      }
    },
    failure,
  };
}

async function readCapped(body: Readable, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    if (size < limit) {
      chunks.push(chunk as Buffer);
    }
    size += (chunk as Buffer).length;
  }
  return Buffer.concat(chunks).toString('utf8').slice(0, limit);
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) {
      result[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
    }
  }
  return result;
}

function lowerCaseKeys(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}

function displayHeaderName(name: string): string {
  return name.replace(/(^|-)([a-z])/g, (_match, dash: string, letter: string) => dash + letter.toUpperCase());
}
