/**
 * Requests without a streamed body, on direct connections, go through Node's own HTTP client
 * (node:http, node:https) rather than undici: Node's parser is compiled into the binary, while
 * undici's modules and its WebAssembly parser are loaded and compiled again on every start, about
 * 60 ms of a one-request command (see BENCHMARKS.md). Uploads (a streamed body) and every request
 * through a proxy stay with undici.
 *
 * The failures carry undici's codes (UND_ERR_CONNECT_TIMEOUT, UND_ERR_HEADERS_TIMEOUT,
 * UND_ERR_BODY_TIMEOUT, UND_ERR_SOCKET), so that errors.ts words both clients' failures the same.
 */
import type { Agent as HttpAgent, IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import type { TlsSettings } from './client.js';

export interface DirectRequest {
  url: URL;
  /** The path and query as built (see client.ts). */
  path: string;
  method: string;
  headers: Record<string, string>;
  body: string | undefined;
  signal?: AbortSignal;
}

export interface DirectResponse {
  statusCode: number;
  headers: Record<string, string | string[] | undefined>;
  body: Readable;
}

/** An error with undici's code and message for the same failure. */
function undiciError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

/** The message undici gives a connection the server closed: what the user sees for a cut. */
const CLOSED = 'other side closed';

/**
 * node:http's own failures for a connection that went away, in undici's terms: "socket hang up"
 * (closed before the answer) and "aborted" (closed during the body).
 */
export function asUndiciFailure(error: unknown): unknown {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  return code === 'ECONNRESET' && (message === 'socket hang up' || message === 'aborted') ? undiciError('UND_ERR_SOCKET', CLOSED) : error;
}

/** Keep-alive pools for http: and https:, made on first use, with the TLS settings and --timeout of one client. */
export class DirectPool {
  private readonly agents = new Map<string, HttpAgent>();

  constructor(
    private readonly tls: TlsSettings,
    private readonly timeoutMs: number,
  ) {}

  async request(request: DirectRequest): Promise<DirectResponse> {
    const secure = request.url.protocol === 'https:';
    const http = secure ? await import('node:https') : await import('node:http');
    let agent = this.agents.get(request.url.protocol);
    if (!agent) {
      const { tls } = this;
      agent = secure
        ? new (http as typeof import('node:https')).Agent({
            keepAlive: true,
            rejectUnauthorized: !tls.insecure,
            ...(tls.ca ? { ca: tls.ca } : {}),
            ...(tls.cert ? { cert: tls.cert } : {}),
            ...(tls.key ? { key: tls.key } : {}),
          })
        : new http.Agent({ keepAlive: true });
      this.agents.set(request.url.protocol, agent);
    }
    const headers = { ...request.headers };
    if (request.body !== undefined) {
      headers['content-length'] = String(Buffer.byteLength(request.body));
    }
    return new Promise<DirectResponse>((resolve, reject) => {
      let connected = false;
      let answer: IncomingMessage | undefined;
      const outgoing = http.request(
        {
          agent,
          protocol: request.url.protocol,
          // [::1] is a URL's spelling of an address the socket wants bare.
          hostname: request.url.hostname.replace(/^\[|\]$/g, ''),
          port: request.url.port,
          path: request.path,
          method: request.method,
          headers,
          signal: request.signal,
        },
        (response: IncomingMessage) => {
          answer = response;
          resolve({ statusCode: response.statusCode ?? 0, headers: response.headers, body: response });
        },
      );
      outgoing.on('error', (error) => reject(asUndiciFailure(error)));
      // --timeout bounds connecting, the wait for the headers and each wait for body data, as
      // undici's timeouts do: the socket's idle timeout, named by what was awaited.
      outgoing.on('socket', (socket) => {
        const expired = (): void => {
          if (answer) {
            answer.destroy(undiciError('UND_ERR_BODY_TIMEOUT', 'Body Timeout Error'));
          } else {
            outgoing.destroy(connected ? undiciError('UND_ERR_HEADERS_TIMEOUT', 'Headers Timeout Error') : undiciError('UND_ERR_CONNECT_TIMEOUT', 'Connect Timeout Error'));
          }
        };
        if (socket.connecting) {
          socket.once(secure ? 'secureConnect' : 'connect', () => {
            connected = true;
          });
        } else {
          connected = true;
        }
        socket.setTimeout(this.timeoutMs);
        socket.on('timeout', expired);
        // Back in the pool (whose agent resets the timeout) or closed: this request no longer watches it.
        outgoing.once('close', () => socket.off('timeout', expired));
      });
      outgoing.end(request.body);
    });
  }

  /** Closes the pooled connections so the process can exit promptly. */
  close(): void {
    for (const agent of this.agents.values()) {
      agent.destroy();
    }
  }
}
