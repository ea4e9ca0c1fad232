import { describe, expect, it } from 'vitest';
import { HttpClient } from '../../../src/http/client.js';
import { toBodyError, toConnectionError } from '../../../src/http/errors.js';

function socketError(code: string, message: string, cause?: unknown): Error {
  return Object.assign(new Error(message), { code, cause });
}

describe('toConnectionError', () => {
  it('names the URL and the reason of a refused connection', () => {
    const error = toConnectionError(new TypeError('fetch failed', { cause: socketError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:9') }), 'http://127.0.0.1:9/v3/auth/tokens');
    expect(error.message).toBe('Unable to establish connection to http://127.0.0.1:9/v3/auth/tokens: connect ECONNREFUSED 127.0.0.1:9');
  });

  it('says how to trust a certificate it cannot verify', () => {
    const error = toConnectionError(socketError('SELF_SIGNED_CERT_IN_CHAIN', 'self-signed certificate in certificate chain'), 'https://127.0.0.1:8443/v3');
    expect(error.message).toBe(
      'SSL Error communicating with https://127.0.0.1:8443/v3: self-signed certificate in certificate chain (use --os-cacert to trust the certificate, or --insecure to skip verification)',
    );
  });

  it('hints at a missing client certificate when a TLS server hangs up', () => {
    const error = toConnectionError(socketError('UND_ERR_SOCKET', 'other side closed'), 'https://127.0.0.1:8443/v3/auth/tokens');
    expect(error.message).toBe(
      'Unable to establish connection to https://127.0.0.1:8443/v3/auth/tokens: other side closed (if the server requires a client certificate, use --os-cert and --os-key)',
    );
  });

  it('and when node:https reports the TLS 1.3 alert, with OpenSSL\'s text reduced to its reason', () => {
    const alert = socketError(
      'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED',
      '80DC4293867F0000:error:0A00045C:SSL routines:ssl3_read_bytes:tlsv13 alert certificate required:../deps/openssl/openssl/ssl/record/rec_layer_s3.c:1601:SSL alert number 116\n',
    );
    expect(toConnectionError(alert, 'https://127.0.0.1:8443/v3/auth/tokens').message).toBe(
      'Unable to establish connection to https://127.0.0.1:8443/v3/auth/tokens: tlsv13 alert certificate required (if the server requires a client certificate, use --os-cert and --os-key)',
    );
  });

  it('gives no such hint for plain HTTP', () => {
    expect(toConnectionError(socketError('UND_ERR_SOCKET', 'other side closed'), 'http://127.0.0.1:5000/v3').message).toBe(
      'Unable to establish connection to http://127.0.0.1:5000/v3: other side closed',
    );
  });

  it('hides a password in the URL', () => {
    expect(toConnectionError(socketError('ECONNREFUSED', 'refused'), 'http://user:secret@127.0.0.1:9/').message).not.toContain('secret');
  });
});

describe('timeouts (--timeout)', () => {
  const timedOut = (code: string): Error => Object.assign(new Error(`${code} message`), { code });

  it('says what did not come in time, and for how long it was awaited', () => {
    const context = { timeoutMs: 1500 };
    expect(toConnectionError(timedOut('UND_ERR_CONNECT_TIMEOUT'), 'http://127.0.0.1:9/v2', context).message).toBe(
      'Error communicating with http://127.0.0.1:9/v2: timed out: no connection within 1.5 s (--timeout)',
    );
    expect(toConnectionError(timedOut('UND_ERR_HEADERS_TIMEOUT'), 'http://127.0.0.1:9/v2', context).message).toBe(
      'Error communicating with http://127.0.0.1:9/v2: timed out: no answer within 1.5 s (--timeout)',
    );
  });

  it('a body that stalls names the transfer, the URL and the stall', () => {
    expect(toBodyError(timedOut('UND_ERR_BODY_TIMEOUT'), 'http://u:secret@127.0.0.1:9/file', { timeoutMs: 600_000 }).message).toBe(
      'the transfer from http://u:***@127.0.0.1:9/file stalled: no data for 600 s (--timeout)',
    );
    expect(toBodyError(socketError('UND_ERR_SOCKET', 'other side closed'), 'http://127.0.0.1:9/file').message).toBe(
      'the connection to http://127.0.0.1:9/file was lost (other side closed)',
    );
  });
});

describe('a proxy that does not answer', () => {
  const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:3128'), { code: 'ECONNREFUSED', port: 3128, address: '127.0.0.1' });

  it('is named as the proxy, not as the URL asked for', () => {
    expect(toConnectionError(refused, 'http://127.0.0.1:5000/v3/auth/tokens', { proxy: 'http://user:pw@127.0.0.1:3128' }).message).toBe(
      'Unable to establish connection to the proxy http://user:***@127.0.0.1:3128 (for http://127.0.0.1:5000/v3/auth/tokens): connect ECONNREFUSED 127.0.0.1:3128',
    );
  });

  it('a refusal from another port is the server behind it', () => {
    const other = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5000'), { code: 'ECONNREFUSED', port: 5000 });
    expect(toConnectionError(other, 'http://127.0.0.1:5000/v3', { proxy: 'http://127.0.0.1:3128' }).message).toBe(
      'Unable to establish connection to http://127.0.0.1:5000/v3: connect ECONNREFUSED 127.0.0.1:5000',
    );
  });

  it('through a real client: a dead http_proxy is reported as the proxy refusing', async () => {
    const { createServer } = await import('node:net');
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const http = new HttpClient({ userAgent: 'test', timeoutMs: 5000, tls: { insecure: false }, proxy: { http: `http://127.0.0.1:${port}` } });
    await expect(http.send({ method: 'POST', url: 'http://127.0.0.1:5000/v3/auth/tokens', body: { json: {} } })).rejects.toThrow(
      `Unable to establish connection to the proxy http://127.0.0.1:${port} (for http://127.0.0.1:5000/v3/auth/tokens): connect ECONNREFUSED 127.0.0.1:${port}`,
    );
    await http.close();
  });
});
