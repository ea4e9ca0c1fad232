/**
 * A loopback HTTP proxy in front of a real server (the test cloud's Glance) that misbehaves on
 * request, as load balancers and restarting services do: it answers 503 (with or without
 * Retry-After) for the next K requests, cuts a response after N bytes of its body, stalls after N
 * bytes, resets the connection, or strips the Range header so that the server answers 200.
 *
 * Point the client at it with `--os-image-url <proxy.url> --os-auth-token <token>`. Every request
 * it sees is recorded with the fault it got. It listens on 127.0.0.1 only and holds nothing open
 * after `close()`.
 */
import { createServer, request as forward, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type Fault =
  /** Answers itself, without asking the server: e.g. `{ kind: 'status', status: 503, headers: { 'retry-after': '1' } }`. */
  | { kind: 'status'; status: number; headers?: Record<string, string>; body?: string }
  /** Passes the server's headers and the first `afterBytes` bytes of its body on, then drops the connection. */
  | { kind: 'cut'; afterBytes: number }
  /** Passes the headers and `afterBytes` bytes on, then sends nothing more and keeps the connection open. */
  | { kind: 'stall'; afterBytes: number }
  /** Resets the connection (TCP RST) before any answer. */
  | { kind: 'reset' }
  /** Forwards the request without its Range header: a server that ignores Range. */
  | { kind: 'ignoreRange' };

export interface ProxiedRequest {
  method: string;
  path: string;
  /** The Range header the client sent, if any. */
  range?: string;
  /** The faults it got. */
  faults: Fault['kind'][];
}

interface Rule {
  method?: string;
  path: RegExp;
  faults: Fault[];
  remaining: number;
}

export class FaultProxy {
  readonly requests: ProxiedRequest[] = [];
  private readonly rules: Rule[] = [];
  private readonly sockets = new Set<Socket>();
  private server: Server | undefined;
  private upstream!: URL;
  url = '';

  /** Listens on an ephemeral loopback port, forwarding to `upstream` (e.g. http://127.0.0.1:9292). */
  async start(upstream: string): Promise<this> {
    this.upstream = new URL(upstream);
    this.server = createServer((request, response) => this.handle(request, response));
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /**
   * The next `times` requests matching `method` and `path` get these faults together (a
   * `ignoreRange` with a `cut`, say); later ones pass through untouched.
   */
  inject(match: { method?: string; path: RegExp }, faults: Fault | Fault[], times = 1): this {
    this.rules.push({ ...match, faults: Array.isArray(faults) ? faults : [faults], remaining: times });
    return this;
  }

  /** Forgets the faults not yet used and the requests recorded. */
  reset(): void {
    this.rules.length = 0;
    this.requests.length = 0;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) {
      socket.destroy();
    }
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private take(method: string, path: string): Fault[] {
    const rule = this.rules.find((candidate) => candidate.remaining > 0 && (!candidate.method || candidate.method === method) && candidate.path.test(path));
    if (!rule) {
      return [];
    }
    rule.remaining--;
    return rule.faults;
  }

  private handle(request: IncomingMessage, response: ServerResponse): void {
    const method = request.method ?? 'GET';
    const path = request.url ?? '/';
    const faults = this.take(method, path);
    this.requests.push({ method, path, range: request.headers.range, faults: faults.map((fault) => fault.kind) });
    const answer = faults.find((fault) => fault.kind === 'status');
    if (answer) {
      request.resume();
      response.writeHead(answer.status, { 'content-type': 'text/plain', ...answer.headers });
      response.end(answer.body ?? '');
      return;
    }
    if (faults.some((fault) => fault.kind === 'reset')) {
      request.socket.resetAndDestroy();
      return;
    }
    const headers = { ...request.headers, host: this.upstream.host };
    if (faults.some((fault) => fault.kind === 'ignoreRange')) {
      delete headers.range;
    }
    const limit = faults.find((fault): fault is Extract<Fault, { afterBytes: number }> => fault.kind === 'cut' || fault.kind === 'stall');
    const outgoing = forward({ host: this.upstream.hostname, port: this.upstream.port, method, path, headers }, (upstream) => {
      response.writeHead(upstream.statusCode ?? 502, upstream.headers);
      if (!limit) {
        upstream.pipe(response);
        return;
      }
      let sent = 0;
      upstream.on('data', (chunk: Buffer) => {
        const room = limit.afterBytes - sent;
        if (room <= 0) {
          return;
        }
        const piece = chunk.subarray(0, room);
        sent += piece.length;
        const reached = sent >= limit.afterBytes;
        response.write(piece, () => {
          if (reached && limit.kind === 'cut') {
            response.destroy();
          }
        });
        if (reached) {
          upstream.destroy();
        }
      });
      upstream.on('end', () => response.end());
    });
    outgoing.on('error', () => response.destroy());
    response.on('close', () => outgoing.destroy());
    request.pipe(outgoing);
  }
}

/** Starts a fault proxy in front of `upstream`; close it when done. */
export function startFaultProxy(upstream: string): Promise<FaultProxy> {
  return new FaultProxy().start(upstream);
}
