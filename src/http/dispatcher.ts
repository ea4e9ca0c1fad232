/**
 * The connection pool behind every request: TLS settings, --timeout for connecting and for
 * each wait on data, and proxies from the environment as curl reads them:
 * - `http_proxy` (lower case only, as curl: an upper-case HTTP_PROXY may come from a CGI
 *   request header) for http:// URLs; `https_proxy` or `HTTPS_PROXY` for https:// URLs; either
 *   falls back to `all_proxy`/`ALL_PROXY`;
 * - `no_proxy`/`NO_PROXY`: `*`, or host names (a name matches itself and its subdomains, a leading
 *   dot is ignored) and IP addresses with an optional /prefix length, separated by commas or
 *   spaces; ports are ignored, as curl ignores them.
 * http:// URLs go through the proxy as absolute-form requests, https:// ones through a CONNECT
 * tunnel with TLS to the server inside it, verified as without a proxy.
 *
 * undici is handed in by http/client.ts, which loads it on the first request.
 */
import { isIP } from 'node:net';
import type * as Undici from 'undici';
import type { Dispatcher } from 'undici';

export interface ProxySettings {
  /** Proxy URL for http:// requests. */
  http?: string;
  /** Proxy URL for https:// requests. */
  https?: string;
  /** The no_proxy list as given. */
  noProxy?: string;
}

export interface DispatcherOptions {
  timeoutMs: number;
  tls: { insecure: boolean; ca?: string; cert?: string; key?: string };
  proxy?: ProxySettings;
}

/** curl's reading of the proxy variables, from an environment record. */
export function proxyFromEnvironment(env: Readonly<Record<string, string | undefined>>): ProxySettings | undefined {
  const first = (...names: string[]): string | undefined => names.map((name) => env[name]).find((value) => value !== undefined && value.trim() !== '');
  const all = first('all_proxy', 'ALL_PROXY');
  const settings: ProxySettings = {
    http: first('http_proxy') ?? all,
    https: first('https_proxy', 'HTTPS_PROXY') ?? all,
    noProxy: first('no_proxy', 'NO_PROXY'),
  };
  return settings.http || settings.https ? settings : undefined;
}

/** Whether a host is on the no_proxy list. */
export function bypassesProxy(hostname: string, noProxy: string | undefined): boolean {
  if (!noProxy) {
    return false;
  }
  const host = hostname.replace(/^\[|\]$/g, '').replace(/\.$/, '').toLowerCase();
  for (const raw of noProxy.split(/[\s,]+/)) {
    const entry = raw.trim().toLowerCase();
    if (entry === '') {
      continue;
    }
    if (entry === '*') {
      return true;
    }
    const [address, prefix] = entry.replace(/^\[|\]$/g, '').split('/');
    if (isIP(address!) && isIP(host)) {
      if (prefix === undefined ? sameAddress(address!, host) : inNetwork(host, address!, Number(prefix))) {
        return true;
      }
      continue;
    }
    // A name, perhaps with a port curl ignores and a leading dot that means the same.
    const name = entry.replace(/:\d+$/, '').replace(/^\*?\./, '').replace(/\.$/, '');
    if (name !== '' && (host === name || host.endsWith(`.${name}`))) {
      return true;
    }
  }
  return false;
}

function sameAddress(a: string, b: string): boolean {
  const left = addressBits(a);
  const right = addressBits(b);
  return left !== undefined && right !== undefined && left.bits === right.bits && left.value === right.value;
}

function inNetwork(host: string, network: string, prefix: number): boolean {
  const left = addressBits(host);
  const right = addressBits(network);
  if (!left || !right || left.bits !== right.bits || !Number.isInteger(prefix) || prefix < 0 || prefix > left.bits) {
    return false;
  }
  const shift = BigInt(left.bits - prefix);
  return left.value >> shift === right.value >> shift;
}

function addressBits(address: string): { bits: number; value: bigint } | undefined {
  if (isIP(address) === 4) {
    return { bits: 32, value: address.split('.').reduce((total, part) => (total << 8n) + BigInt(Number(part)), 0n) };
  }
  if (isIP(address) === 6) {
    const [head, tail] = address.split('::') as [string, string | undefined];
    const parse = (part: string | undefined): number[] => (part ? part.split(':').filter(Boolean).map((group) => parseInt(group, 16)) : []);
    const start = parse(head);
    const end = parse(tail);
    if (address.includes('.')) {
      return undefined;
    }
    const groups = tail === undefined ? start : [...start, ...new Array<number>(8 - start.length - end.length).fill(0), ...end];
    return { bits: 128, value: groups.reduce((total, group) => (total << 16n) + BigInt(group), 0n) };
  }
  return undefined;
}

/** The proxy a request to `url` goes through, or undefined when it goes direct. */
export function proxyFor(url: string, proxy: ProxySettings | undefined): string | undefined {
  if (!proxy) {
    return undefined;
  }
  const parsed = new URL(url);
  const proxyUri = parsed.protocol === 'https:' ? proxy.https : proxy.http;
  return proxyUri && !bypassesProxy(parsed.hostname, proxy.noProxy) ? proxyUri : undefined;
}

/** The pool for a command: a plain Agent, or one that routes through the proxies. */
export function createDispatcher(undici: Pick<typeof Undici, 'Agent' | 'ProxyAgent' | 'Dispatcher'>, options: DispatcherOptions): Dispatcher {
  const { tls, timeoutMs } = options;
  const connect = {
    timeout: timeoutMs,
    rejectUnauthorized: !tls.insecure,
    ...(tls.ca ? { ca: tls.ca } : {}),
    ...(tls.cert ? { cert: tls.cert } : {}),
    ...(tls.key ? { key: tls.key } : {}),
  };
  const timeouts = { headersTimeout: timeoutMs, bodyTimeout: timeoutMs };
  const direct = (): Dispatcher => new undici.Agent({ connect, ...timeouts });
  const proxy = options.proxy;
  if (!proxy || (!proxy.http && !proxy.https)) {
    return direct();
  }
  const viaProxy = (uri: string): Dispatcher =>
    new undici.ProxyAgent({
      uri,
      // curl sends http:// requests to the proxy in absolute form; only https:// needs CONNECT.
      proxyTunnel: false,
      requestTls: connect,
      proxyTls: { timeout: timeoutMs },
      ...timeouts,
    });

  class RoutingDispatcher extends undici.Dispatcher {
    private readonly pools = new Map<string, Dispatcher>();

    private pick(origin: string | URL | undefined): Dispatcher {
      const route = proxyFor(String(origin), proxy) ?? '';
      let pool = this.pools.get(route);
      if (!pool) {
        pool = route ? viaProxy(route) : direct();
        this.pools.set(route, pool);
      }
      return pool;
    }

    override dispatch(dispatchOptions: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
      return this.pick(dispatchOptions.origin).dispatch(dispatchOptions, handler);
    }

    override close(): Promise<void>;
    override close(callback: () => void): void;
    override close(callback?: () => void): Promise<void> | void {
      const done = Promise.all([...this.pools.values()].map((pool) => pool.close())).then(() => undefined);
      if (callback) {
        void done.then(callback);
        return;
      }
      return done;
    }

    override destroy(): Promise<void>;
    override destroy(error: Error | null): Promise<void>;
    override destroy(callback: () => void): void;
    override destroy(error: Error | null, callback: () => void): void;
    override destroy(errorOrCallback?: Error | null | (() => void), callback?: () => void): Promise<void> | void {
      const error = typeof errorOrCallback === 'function' ? null : (errorOrCallback ?? null);
      const finish = typeof errorOrCallback === 'function' ? errorOrCallback : callback;
      const done = Promise.all([...this.pools.values()].map((pool) => pool.destroy(error))).then(() => undefined);
      if (finish) {
        void done.then(finish);
        return;
      }
      return done;
    }
  }
  return new RoutingDispatcher();
}
