/** The members service behind one interface (v2 MembersApi, v1 V1MembersApi), and how openImageApi picks the version. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CliError } from '../../../src/errors.js';
import { openImageApi } from '../../../src/glance/api.js';
import { GlanceClient } from '../../../src/glance/client.js';
import type { MemberService } from '../../../src/glance/members.js';
import { GlanceTransport } from '../../../src/glance/transport.js';
import { V1MembersApi } from '../../../src/glance/v1/members.js';
import { HttpClient } from '../../../src/http/client.js';
import { startFakeGlanceV1, type FakeGlanceV1 } from '../../helpers/fake-glance-v1.js';
import { startFakeOpenStack, TOKEN, type FakeOpenStack } from '../../helpers/fake-openstack.js';

const IMAGE = '515db359-a0df-44ae-8ed8-153fad409a9e';
const TENANT = '5522549d2d084ade8277215321045d29';
const MEMBER = { image_id: IMAGE, member_id: TENANT, status: 'pending', created_at: '2026-11-25T11:07:30Z', updated_at: '2026-11-25T11:07:30Z', schema: '/v2/schemas/member' };
const V2_VERSIONS = { versions: [{ id: 'v2.16', status: 'CURRENT' }, { id: 'v1.1', status: 'DEPRECATED' }] };

let http: HttpClient;
beforeEach(() => {
  http = new HttpClient({ userAgent: 'glance-test', timeoutMs: 5000, tls: { insecure: false } });
});
afterEach(async () => {
  await http.close();
});

function clientFor(url: string): GlanceClient {
  return new GlanceClient(new GlanceTransport(http, url, TOKEN));
}

async function failure(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(CliError);
  return (error as CliError).message;
}

describe('MemberService, v2 (/v2/images/{id}/members)', () => {
  let cloud: FakeOpenStack;
  let members: MemberService;
  beforeEach(async () => {
    cloud = await startFakeOpenStack();
    members = clientFor(cloud.url).members;
  });
  afterEach(async () => {
    await cloud.close();
    expect(cloud.unmatched).toEqual([]);
  });

  it('lists the members of an image, and needs the image', async () => {
    cloud.on('GET', `/v2/images/${IMAGE}/members`, 200, { members: [MEMBER] });
    expect(await members.list({ imageId: IMAGE })).toEqual([MEMBER]);
    expect(await failure(members.list({ tenantId: TENANT }))).toBe('Image API v2 lists the members of one image: specify --image-id');
    expect(cloud.log()).toEqual([`GET /v2/images/${IMAGE}/members`]);
  });

  it('creates with POST {"member": id} and answers the membership; can_share is not sent', async () => {
    cloud.on('POST', `/v2/images/${IMAGE}/members`, 200, MEMBER);
    expect(await members.create(IMAGE, TENANT, { canShare: true })).toEqual(MEMBER);
    expect(JSON.parse(cloud.requests[0]!.text)).toEqual({ member: TENANT });
  });

  it('deletes with DELETE', async () => {
    cloud.on('DELETE', `/v2/images/${IMAGE}/members/${TENANT}`, 204);
    await members.delete(IMAGE, TENANT);
    expect(cloud.log()).toEqual([`DELETE /v2/images/${IMAGE}/members/${TENANT}`]);
  });
});

describe('MemberService, v1 (/v1/images/{id}/members, /v1/shared-images/{tenant})', () => {
  let fake: FakeGlanceV1;
  let members: MemberService;
  beforeEach(async () => {
    fake = await startFakeGlanceV1();
    members = new V1MembersApi(new GlanceTransport(http, fake.url, TOKEN));
  });
  afterEach(async () => {
    await fake.close();
  });

  it('creates with PUT and can_share, answers nothing, lists by image or by tenant, deletes', async () => {
    const image = fake.addImage({ name: 'shared' });
    expect(await members.create(image.id, TENANT, { canShare: true })).toBeUndefined();
    expect(JSON.parse(fake.requests[0]!.text)).toEqual({ member: { can_share: true } });
    const row = { image_id: image.id, member_id: TENANT, can_share: true };
    expect(await members.list({ imageId: image.id })).toEqual([row]);
    expect(await members.list({ tenantId: TENANT })).toEqual([row]);
    await members.delete(image.id, TENANT);
    expect(await members.list({ imageId: image.id })).toEqual([]);
    expect(fake.log()).toEqual([
      `PUT /v1/images/${image.id}/members/${TENANT}`,
      `GET /v1/images/${image.id}/members`,
      `GET /v1/shared-images/${TENANT}`,
      `DELETE /v1/images/${image.id}/members/${TENANT}`,
      `GET /v1/images/${image.id}/members`,
    ]);
  });

  it('refuses both filters and neither, in the v1 shell words, before sending anything', async () => {
    expect(await failure(members.list({ imageId: IMAGE, tenantId: TENANT }))).toBe('Unable to filter members by both --image-id and --tenant-id.');
    expect(await failure(members.list({}))).toBe('Unable to list all members. Specify --image-id or --tenant-id');
    expect(fake.log()).toEqual([]);
  });
});

describe('openImageApi', () => {
  it('speaks v2 without asking GET /versions unless v1 was asked for', async () => {
    const cloud = await startFakeOpenStack();
    try {
      for (const requested of [undefined, 2] as const) {
        const api = await openImageApi(clientFor(cloud.url), requested);
        expect([api.version, api.images.apiVersion, api.wantsV1Output(), api.wantsV1Output(true), api.endpoint]).toEqual([2, 2, false, true, cloud.url]);
      }
      expect(cloud.requests).toEqual([]);
    } finally {
      await cloud.close();
    }
  });

  it('asked for v1, speaks v1 to a cloud that offers only v1: v1 images and members, and v2-only resources refused in one line', async () => {
    const fake = await startFakeGlanceV1();
    try {
      const api = await openImageApi(clientFor(fake.url), 1);
      expect([api.version, api.images.apiVersion, api.members instanceof V1MembersApi, api.wantsV1Output()]).toEqual([1, 1, true, true]);
      expect(() => api.v2('member-get')).toThrow(new CliError('member-get is not available in Image API v1'));
      expect(fake.log()).toEqual(['GET /versions']);
    } finally {
      await fake.close();
    }
  });

  it('asked for v1, keeps speaking v2 to a cloud that offers v2, and still prints v1 tables', async () => {
    const cloud = await startFakeOpenStack();
    try {
      cloud.on('GET', '/versions', 300, V2_VERSIONS);
      const client = clientFor(cloud.url);
      const api = await openImageApi(client, 1);
      expect([api.version, api.members === client.members, api.wantsV1Output()]).toEqual([2, true, true]);
      expect(api.v2('member-get')).toBe(client);
    } finally {
      await cloud.close();
    }
  });
});
