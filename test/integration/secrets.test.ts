/**
 * No secret leaves its origin or reaches the screen, against the real Keystone and Glance:
 * version discovery behind a TLS front keeps the configured origin; what python-glanceclient
 * verifies in token-only mode (for the README's differences).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  countingFront,
  keystoneOrigin,
  login,
  makeCertificates,
  removeTemporaryDirectories,
  temporaryDirectory,
  type Certificates,
  type CountingFront,
} from './auth-helpers.js';
import { cloud, ours, reference } from './helpers.js';

let certificates: Certificates;
let tls: { key: string; cert: string };
const fronts: CountingFront[] = [];

/** A front that is closed after this file. */
async function front(...args: Parameters<typeof countingFront>): Promise<CountingFront> {
  const made = await countingFront(...args);
  fronts.push(made);
  return made;
}

beforeAll(() => {
  certificates = makeCertificates();
  tls = { key: certificates.serverKey, cert: certificates.serverCert };
});

afterAll(async () => {
  for (const made of fronts) {
    await made.close();
  }
  removeTemporaryDirectories();
});

/** Keystone's version document, advertising `href` for v3. */
function versions(href: string): { status: number; body: unknown } {
  return { status: 300, body: { versions: { values: [{ id: 'v3.14', status: 'stable', links: [{ rel: 'self', href }] }] } } };
}

describe('version discovery with an unversioned https auth URL', () => {
  it('Keystone behind a TLS front advertises its own http:// address: the password still goes over https to the front', async () => {
    const keystone = await front(keystoneOrigin(), tls);
    const result = await ours(['--os-cacert', certificates.paths.ca, 'image-list'], { env: { OS_AUTH_URL: keystone.url } });
    expect([result.code, result.stderr]).toEqual([0, '']);
    // Keystone's own document names http://127.0.0.1:<its port>/v3/; only its path was taken.
    expect(keystone.requests).toEqual(['GET /', 'POST /v3/auth/tokens']);
  });

  it('a document that points at another port, http or https, gets nothing sent there', async () => {
    const plain = await front(keystoneOrigin());
    const otherTls = await front(keystoneOrigin(), tls);
    for (const advertised of [plain.url, otherTls.url]) {
      const keystone = await front(keystoneOrigin(), tls, { 'GET /': versions(`${advertised}/v3/`) });
      const result = await ours(['--os-cacert', certificates.paths.ca, 'image-list'], { env: { OS_AUTH_URL: keystone.url } });
      expect([result.code, result.stderr]).toEqual([0, '']);
      expect(keystone.requests).toEqual(['GET /', 'POST /v3/auth/tokens']);
    }
    expect([plain.requests, otherTls.requests]).toEqual([[], []]);
  });
});

describe('python-glanceclient in token-only mode over https (what the README says of it)', () => {
  let glance: CountingFront;
  let token: string;
  beforeAll(async () => {
    glance = await front(cloud().glanceUrl, tls);
    ({ token } = await login('admin'));
  });

  /**
   * A HOME of its own for each run: in token-only mode the reference caches Glance's image schema
   * in ~/.glanceclient/image_schema.json and then builds its options from it, which fails
   * ("argument --stores: conflicting option string") on every later run.
   */
  function referenceRun(args: string[], env: Record<string, string> = {}): ReturnType<typeof reference> {
    return reference(args, { as: 'none', env: { HOME: temporaryDirectory('reference-home'), ...env } });
  }

  function referenceList(flags: string[], env: Record<string, string> = {}): ReturnType<typeof reference> {
    return referenceRun(['--os-auth-token', token, '--os-image-url', glance.url, ...flags, 'image-list'], env);
  }

  it('verifies nothing without --os-cacert: a certificate from an unknown CA passes', async () => {
    const result = await referenceList([]);
    expect(result.code).toBe(0);
  });

  it('honours --os-cacert (a CA that did not sign the certificate fails) and --insecure', async () => {
    const otherCa = makeCertificates().paths.ca;
    const wrong = await referenceList(['--os-cacert', otherCa]);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('CERTIFICATE_VERIFY_FAILED');
    expect((await referenceList(['--os-cacert', certificates.paths.ca])).code).toBe(0);
    expect((await referenceList(['--os-cacert', otherCa, '--insecure'])).code).toBe(0);
  });

  it('verifies against REQUESTS_CA_BUNDLE when it is set', async () => {
    const wrong = await referenceList([], { REQUESTS_CA_BUNDLE: makeCertificates().paths.ca });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('CERTIFICATE_VERIFY_FAILED');
  });

  it('ignores --os-cert and --os-key: a front that requires a client certificate refuses it', async () => {
    const mutual = await front(cloud().glanceUrl, { ...tls, ca: certificates.caCert, requestCert: true });
    const { paths } = certificates;
    const result = await referenceRun([
      '--os-auth-token', token, '--os-image-url', mutual.url, '--os-cacert', paths.ca, '--os-cert', paths.clientCert, '--os-key', paths.clientKey, 'image-list',
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('CERTIFICATE_REQUIRED');
  });

  it('ours verifies by default and says how to trust the certificate', async () => {
    const result = await ours(['--os-auth-token', token, '--os-image-url', glance.url, 'image-list'], { as: 'none' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('(use --os-cacert to trust the certificate, or --insecure to skip verification)');
  });
});
