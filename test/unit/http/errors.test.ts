import { describe, expect, it } from 'vitest';
import { toConnectionError } from '../../../src/http/errors.js';

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

  it('gives no such hint for plain HTTP', () => {
    expect(toConnectionError(socketError('UND_ERR_SOCKET', 'other side closed'), 'http://127.0.0.1:5000/v3').message).toBe(
      'Unable to establish connection to http://127.0.0.1:5000/v3: other side closed',
    );
  });

  it('hides a password in the URL', () => {
    expect(toConnectionError(socketError('ECONNREFUSED', 'refused'), 'http://user:secret@127.0.0.1:9/').message).not.toContain('secret');
  });
});
