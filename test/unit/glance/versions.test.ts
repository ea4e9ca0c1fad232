import { afterEach, describe, expect, it } from 'vitest';
import { CliError } from '../../../src/errors.js';
import { GlanceError } from '../../../src/glance/errors.js';
import { GlanceTransport } from '../../../src/glance/transport.js';
import { VersionsApi } from '../../../src/glance/versions.js';
import { HttpClient } from '../../../src/http/client.js';
import { startFakeGlanceV1 } from '../../helpers/fake-glance-v1.js';
import { startFakeOpenStack, TOKEN } from '../../helpers/fake-openstack.js';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) {
    await close();
  }
});

function versionsAt(url: string): VersionsApi {
  const http = new HttpClient({ userAgent: 'glance-test', timeoutMs: 5000, tls: { insecure: false } });
  closers.push(() => http.close());
  return new VersionsApi(new GlanceTransport(http, url, TOKEN));
}

/** GET /versions of a current Glance (a Queens-era cloud would also list v1.1/v1.0 as DEPRECATED). */
const V2_VERSIONS = {
  versions: [
    { id: 'v2.16', status: 'CURRENT', links: [{ rel: 'self', href: 'http://127.0.0.1:9292/v2/' }] },
    { id: 'v2.15', status: 'SUPPORTED', links: [{ rel: 'self', href: 'http://127.0.0.1:9292/v2/' }] },
    { id: 'v2.0', status: 'SUPPORTED', links: [{ rel: 'self', href: 'http://127.0.0.1:9292/v2/' }] },
  ],
};

describe('VersionsApi: GET /versions', () => {
  it('finds only v1 on the fake v1 Glance (300 Multiple Choices)', async () => {
    const fake = await startFakeGlanceV1();
    closers.push(() => fake.close());
    const versions = versionsAt(fake.url);
    expect(await versions.majors()).toEqual(new Set([1]));
    expect(await versions.list()).toEqual([
      { id: 'v1.1', status: 'CURRENT', major: 1, minor: 1 },
      { id: 'v1.0', status: 'SUPPORTED', major: 1, minor: 0 },
    ]);
    expect(fake.log()).toEqual(['GET /versions', 'GET /versions']);
    expect(fake.requests[0]!.headers['x-auth-token']).toBe(TOKEN);
  });

  it('finds v2 in a current Glance answer, 300 or 200', async () => {
    const cloud = await startFakeOpenStack();
    closers.push(() => cloud.close());
    cloud.on('GET', '/versions', 300, V2_VERSIONS).on('GET', '/versions', 200, {
      versions: [...V2_VERSIONS.versions, { id: 'v1.1', status: 'DEPRECATED' }, { id: 'v1.0', status: 'DEPRECATED' }],
    });
    const versions = versionsAt(cloud.url);
    expect(await versions.majors()).toEqual(new Set([2]));
    expect(await versions.majors()).toEqual(new Set([2, 1]));
    expect(cloud.unmatched).toEqual([]);
  });

  it('asks below a path prefix, as devstack-style endpoints have one', async () => {
    const cloud = await startFakeOpenStack();
    closers.push(() => cloud.close());
    cloud.on('GET', '/image/versions', 300, V2_VERSIONS);
    expect(await versionsAt(`${cloud.url}/image`).majors()).toEqual(new Set([2]));
  });

  it('gives an empty set when no versions are listed, and ignores entries it cannot read', async () => {
    const cloud = await startFakeOpenStack();
    closers.push(() => cloud.close());
    cloud.on('GET', '/versions', 300, {}).on('GET', '/versions', 300, { versions: [{ status: 'CURRENT' }, 'v2', { id: 'latest' }] });
    const versions = versionsAt(cloud.url);
    expect(await versions.majors()).toEqual(new Set());
    expect(await versions.majors()).toEqual(new Set());
  });

  it('fails clearly on an answer that is not JSON, and relays HTTP errors', async () => {
    const cloud = await startFakeOpenStack();
    closers.push(() => cloud.close());
    cloud.on('GET', '/versions', 200, '<html>not glance</html>').on('GET', '/versions', 401, '');
    const versions = versionsAt(cloud.url);
    const notJson = await versions.majors().catch((error: unknown) => error);
    expect(notJson).toBeInstanceOf(CliError);
    expect((notJson as Error).message).toBe(`Unable to tell which Image API versions ${cloud.url} offers: GET /versions did not answer JSON.`);
    const unauthorized = await versions.majors().catch((error: unknown) => error);
    expect(unauthorized).toBeInstanceOf(GlanceError);
    expect((unauthorized as GlanceError).status).toBe(401);
  });

  it('has(id): listed with a usable status (CURRENT, SUPPORTED, EXPERIMENTAL), as glanceclient has_version decides', async () => {
    const cloud = await startFakeOpenStack();
    closers.push(() => cloud.close());
    const answer = { versions: [{ id: 'v2.16', status: 'CURRENT' }, { id: 'v2.12', status: 'SUPPORTED' }, { id: 'v2.1', status: 'DEPRECATED' }, { id: 'v2.17', status: 'EXPERIMENTAL' }] };
    for (let index = 0; index < 5; index++) {
      cloud.on('GET', '/versions', 300, answer);
    }
    const versions = versionsAt(cloud.url);
    expect([await versions.has('v2.12'), await versions.has('v2.16'), await versions.has('v2.17'), await versions.has('v2.1'), await versions.has('v2.13')]).toEqual([
      true,
      true,
      true,
      false,
      false,
    ]);
  });
});
