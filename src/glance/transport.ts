/** The image API's HTTP session: endpoint, token, and Glance's error wording. */
import type { HttpClient, HttpMethod, HttpResponse, RequestBody } from '../http/client.js';
import { HttpError } from '../http/errors.js';
import { toGlanceError } from './errors.js';

export interface GlanceRequest {
  query?: [string, string][];
  body?: RequestBody;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export class GlanceTransport {
  constructor(
    private readonly http: HttpClient,
    /** Unversioned API root, e.g. http://127.0.0.1:9292. */
    readonly endpoint: string,
    private readonly token: string,
  ) {}

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

  private async send(method: HttpMethod, url: string, options: GlanceRequest): Promise<HttpResponse> {
    try {
      return await this.http.send({
        method,
        url,
        // Not application/json: Glance then words its errors as HTML, which is what python-glanceclient parses.
        headers: { 'x-auth-token': this.token, accept: '*/*', ...options.headers },
        body: options.body,
        signal: options.signal,
      });
    } catch (error) {
      throw error instanceof HttpError ? toGlanceError(error) : error;
    }
  }

  private url(path: string, query: [string, string][] | undefined): string {
    const search = query && query.length > 0 ? `?${query.map(([key, value]) => `${encode(key)}=${encode(value)}`).join('&')}` : '';
    return `${this.endpoint}${path}${search}`;
  }
}

/** Keeps the characters python-glanceclient leaves alone readable in --debug output (`name:desc`, `a,b`). */
function encode(value: string): string {
  return encodeURIComponent(value).replace(/%3A/gi, ':').replace(/%2C/gi, ',');
}

/**
 * Path segments (ids, tags, metadefs names) are always encoded, `.` and `..` included: left as
 * they are, they would climb the path (`md-tag-delete NS ..` would address the namespace itself).
 */
export function segment(value: string): string {
  return value === '.' || value === '..' ? '%2E'.repeat(value.length) : encodeURIComponent(value);
}
