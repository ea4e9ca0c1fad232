import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GlanceError } from '../../../src/glance/errors.js';
import { GlanceTransport } from '../../../src/glance/transport.js';
import { V1MembersApi } from '../../../src/glance/v1/members.js';
import { HttpClient } from '../../../src/http/client.js';
import { startFakeGlanceV1, type FakeGlanceV1 } from '../../helpers/fake-glance-v1.js';
import { TOKEN } from '../../helpers/fake-openstack.js';

const TENANT = '7029d37fa0fd4120bc7490157dfcec9a';

let fake: FakeGlanceV1;
let http: HttpClient;
let members: V1MembersApi;

beforeEach(async () => {
  fake = await startFakeGlanceV1();
  http = new HttpClient({ userAgent: 'glance-test', timeoutMs: 5000, tls: { insecure: false } });
  members = new V1MembersApi(new GlanceTransport(http, fake.url, TOKEN));
});
afterEach(async () => {
  await http.close();
  await fake.close();
});

describe('V1MembersApi', () => {
  it('adds a member with PUT {"member": {"can_share": ...}} and lists the image members with image_id filled in', async () => {
    const image = fake.addImage({ name: 'shared' });
    await members.add(image.id, TENANT, true);
    await members.add(image.id, 'other-tenant');
    expect(fake.log()).toEqual([`PUT /v1/images/${image.id}/members/${TENANT}`, `PUT /v1/images/${image.id}/members/other-tenant`]);
    expect(JSON.parse(fake.requests[0]!.text)).toEqual({ member: { can_share: true } });
    expect(JSON.parse(fake.requests[1]!.text)).toEqual({ member: { can_share: false } });
    expect(fake.requests[0]!.headers['content-type']).toBe('application/json');

    expect(await members.listByImage(image.id)).toEqual([
      { image_id: image.id, member_id: TENANT, can_share: true },
      { image_id: image.id, member_id: 'other-tenant', can_share: false },
    ]);
    expect(fake.log().at(-1)).toBe(`GET /v1/images/${image.id}/members`);
  });

  it('lists the images shared with a tenant (GET /v1/shared-images/{tenant}) with member_id filled in', async () => {
    const first = fake.addImage({ name: 'a' });
    const second = fake.addImage({ name: 'b' });
    await members.add(first.id, TENANT);
    await members.add(second.id, TENANT, true);
    expect(await members.listByTenant(TENANT)).toEqual([
      { image_id: first.id, member_id: TENANT, can_share: false },
      { image_id: second.id, member_id: TENANT, can_share: true },
    ]);
    expect(fake.log().at(-1)).toBe(`GET /v1/shared-images/${TENANT}`);
  });

  it('removes a member with DELETE', async () => {
    const image = fake.addImage({ name: 'shared' });
    await members.add(image.id, TENANT);
    await members.remove(image.id, TENANT);
    expect(fake.log().at(-1)).toBe(`DELETE /v1/images/${image.id}/members/${TENANT}`);
    expect(await members.listByImage(image.id)).toEqual([]);
  });

  it("relays Glance's 404s in glanceclient's words", async () => {
    const image = fake.addImage({ name: 'shared' });
    const missing = await members.remove(image.id, TENANT).catch((error: unknown) => error);
    expect(missing).toBeInstanceOf(GlanceError);
    expect((missing as GlanceError).message).toBe('HTTP 404 Not Found: Membership could not be found.');
    const noImage = await members.listByImage('nope').catch((error: unknown) => error);
    expect((noImage as GlanceError).message).toBe('HTTP 404 Not Found: The resource could not be found.: Image with identifier nope not found');
  });
});
