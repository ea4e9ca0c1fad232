/**
 * Connections: TLS fronts on 127.0.0.1 for the real Keystone and Glance with a certificate from a
 * CA the test makes (verification fails without --os-cacert, passes with it, passes with
 * --insecure and a warning; a front that requires client certificates takes --os-cert/--os-key),
 * proxies from the environment as curl reads them, and --timeout as an idle timeout.
 */
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { createServer as createTcpServer, type AddressInfo, type Socket } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  countingFront,
  forwardProxy,
  keystoneOrigin,
  login,
  makeCertificates,
  temporaryDirectory,
  type Certificates,
  type CountingFront,
  type ForwardProxy,
  removeTemporaryDirectories,
} from './auth-helpers.js';
import { cloud, ours, type RunOptions } from './helpers.js';

afterAll(removeTemporaryDirectories);

let certificates: Certificates;
let keystone: CountingFront;
let glance: CountingFront;
let keystoneMutual: CountingFront;
let glanceMutual: CountingFront;

beforeAll(async () => {
  certificates = makeCertificates();
  const tls = { key: certificates.serverKey, cert: certificates.serverCert };
  const mutual = { ...tls, ca: certificates.caCert, requestCert: true };
  keystone = await countingFront(keystoneOrigin(), tls);
  glance = await countingFront(cloud().glanceUrl, tls);
  keystoneMutual = await countingFront(keystoneOrigin(), mutual);
  glanceMutual = await countingFront(cloud().glanceUrl, mutual);
});

afterAll(async () => {
  for (const front of [keystone, glance, keystoneMutual, glanceMutual]) {
    await front?.close();
  }
});

/** The admin credentials with Keystone and Glance behind the given TLS fronts. */
function overTls(args: string[], fronts: { keystone: CountingFront; glance: CountingFront } = { keystone, glance }, options: RunOptions = {}): ReturnType<typeof ours> {
  return ours(['--os-image-url', fronts.glance.url, ...args], { ...options, env: { OS_AUTH_URL: `${fronts.keystone.url}/v3`, ...options.env } });
}

describe('TLS verification', () => {
  it('fails without --os-cacert, with one clear line', async () => {
    const result = await overTls(['image-list']);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `SSL Error communicating with ${keystone.url}/v3/auth/tokens: unable to verify the first certificate (use --os-cacert to trust the certificate, or --insecure to skip verification)\n`,
    );
  });

  it('passes with --os-cacert (or OS_CACERT)', async () => {
    const flag = await overTls(['--os-cacert', certificates.paths.ca, 'image-list']);
    expect([flag.code, flag.stderr]).toEqual([0, '']);
    const variable = await overTls(['image-list'], undefined, { env: { OS_CACERT: certificates.paths.ca } });
    expect([variable.code, variable.stderr]).toEqual([0, '']);
    expect(glance.requests.some((request) => request.startsWith('GET /v2/images'))).toBe(true);
  });

  it('passes with --insecure, with a warning on stderr', async () => {
    const result = await overTls(['--insecure', 'image-list']);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('WARNING: --insecure: TLS certificates are not verified; anyone on the path can read and change this traffic.\n');
  });

  it('is honoured in token-only mode too (--os-auth-token + --os-image-url)', async () => {
    const { token } = await login('admin');
    const without = await ours(['--os-auth-token', token, '--os-image-url', glance.url, 'image-list'], { as: 'none' });
    expect(without.code).toBe(1);
    expect(without.stderr).toMatch(/^SSL Error communicating with https:\/\/127\.0\.0\.1:\d+\/v2\/images\?.*unable to verify the first certificate/);
    const withCa = await ours(['--os-auth-token', token, '--os-image-url', glance.url, '--os-cacert', certificates.paths.ca, 'image-list'], { as: 'none' });
    expect([withCa.code, withCa.stderr]).toEqual([0, '']);
  });

  it('a front that requires a client certificate refuses a client without one', async () => {
    const result = await overTls(['--os-cacert', certificates.paths.ca, 'image-list'], { keystone: keystoneMutual, glance: glanceMutual });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`^(SSL Error communicating|Unable to establish connection to) ${keystoneMutual.url}/v3/auth/tokens: `));
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('use --os-cert and --os-key');
  });

  it('and accepts --os-cert/--os-key (or OS_CERT/OS_KEY)', async () => {
    const flags = ['--os-cacert', certificates.paths.ca, '--os-cert', certificates.paths.clientCert, '--os-key', certificates.paths.clientKey];
    const result = await overTls([...flags, 'image-list'], { keystone: keystoneMutual, glance: glanceMutual });
    expect([result.code, result.stderr]).toEqual([0, '']);
    const variables = await overTls(['image-list'], { keystone: keystoneMutual, glance: glanceMutual }, {
      env: { OS_CACERT: certificates.paths.ca, OS_CERT: certificates.paths.clientCert, OS_KEY: certificates.paths.clientKey },
    });
    expect([variables.code, variables.stderr]).toEqual([0, '']);
  });

  it('says which file it cannot read', async () => {
    const result = await overTls(['--os-cacert', '/nonexistent/ca.pem', 'image-list']);
    expect([result.code, result.stderr]).toEqual([1, 'Cannot read --os-cacert file /nonexistent/ca.pem: ENOENT\n']);
  });
});

describe('proxies from the environment, as curl reads them', () => {
  let proxy: ForwardProxy;
  beforeAll(async () => {
    proxy = await forwardProxy();
  });
  afterAll(async () => {
    await proxy?.close();
  });
  beforeEach(() => {
    proxy.requests.length = 0;
  });

  it('http_proxy carries http:// requests to Keystone and Glance', async () => {
    const result = await ours(['image-list'], { env: { http_proxy: proxy.url } });
    expect([result.code, result.stderr]).toEqual([0, '']);
    expect(proxy.requests).toEqual([
      `POST ${cloud().keystoneUrl.replace(/\/+$/, '')}/auth/tokens`,
      `GET ${cloud().glanceUrl.replace(/\/+$/, '')}/v2/images?limit=200&sort_key=name&sort_dir=asc`,
    ]);
  });

  it('no_proxy (or NO_PROXY) keeps hosts away from it', async () => {
    expect((await ours(['image-list'], { env: { http_proxy: proxy.url, no_proxy: '127.0.0.1' } })).code).toBe(0);
    expect((await ours(['image-list'], { env: { http_proxy: proxy.url, NO_PROXY: 'localhost, 127.0.0.0/8' } })).code).toBe(0);
    expect(proxy.requests).toEqual([]);
  });

  it('an upper-case HTTP_PROXY is ignored, as curl ignores it', async () => {
    expect((await ours(['image-list'], { env: { HTTP_PROXY: proxy.url } })).code).toBe(0);
    expect(proxy.requests).toEqual([]);
  });

  it('https_proxy (or HTTPS_PROXY) tunnels https:// requests with CONNECT, still verified', async () => {
    const result = await overTls(['--os-cacert', certificates.paths.ca, 'image-list'], undefined, { env: { HTTPS_PROXY: proxy.url } });
    expect([result.code, result.stderr]).toEqual([0, '']);
    expect(proxy.requests).toEqual([`CONNECT ${new URL(keystone.url).host}`, `CONNECT ${new URL(glance.url).host}`]);
    const unverified = await overTls(['image-list'], undefined, { env: { https_proxy: proxy.url } });
    expect(unverified.stderr).toMatch(/^SSL Error communicating with https:/);
  });
});

describe('--timeout', () => {
  let silent: ReturnType<typeof createTcpServer>;
  let trickle: Server;
  const held = new Set<Socket>();
  const data = Buffer.from('0123456789'.repeat(100));

  beforeAll(async () => {
    silent = createTcpServer((socket) => {
      held.add(socket);
      socket.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    trickle = createServer((request, response) => {
      if (request.url === '/v2/images/slow') {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(
          JSON.stringify({ id: 'slow', status: 'active', size: data.length, checksum: createHash('md5').update(data).digest('hex'), os_hash_algo: null, os_hash_value: null }),
        );
        return;
      }
      // The data in five pieces, 0.5 s apart: 2.5 s in all, never idle for a whole second.
      response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(data.length) });
      let piece = 0;
      const timer = setInterval(() => {
        response.write(data.subarray(piece * 200, (piece + 1) * 200));
        if (++piece === 5) {
          clearInterval(timer);
          response.end();
        }
      }, 500);
      request.on('close', () => clearInterval(timer));
    });
    await new Promise<void>((resolve) => trickle.listen(0, '127.0.0.1', resolve));
  });

  afterAll(async () => {
    for (const socket of held) {
      socket.destroy();
    }
    await new Promise<void>((resolve) => silent?.close(() => resolve()));
    trickle?.closeAllConnections();
    await new Promise<void>((resolve) => trickle?.close(() => resolve()));
  });

  it('gives up on a server that sends nothing for that long', async () => {
    const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
    const started = Date.now();
    const result = await ours(['--timeout', '1', '--os-auth-token', 'x', '--os-image-url', url, 'image-show', 'slow'], { as: 'none' });
    expect(Date.now() - started).toBeLessThan(8000);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`^Error communicating with ${url}/v2/images/slow: timed out`));
  });

  it('does not cut a transfer that keeps moving, however long it takes', async () => {
    const url = `http://127.0.0.1:${(trickle.address() as AddressInfo).port}`;
    const file = `${temporaryDirectory('tls-download')}/slow.img`;
    const started = Date.now();
    const result = await ours(['--timeout', '1', '--os-auth-token', 'x', '--os-image-url', url, 'image-download', 'slow', '--file', file], { as: 'none' });
    expect([result.code, result.stderr]).toEqual([0, '']);
    expect(Date.now() - started).toBeGreaterThan(2000);
  });
});
