/** The /v2/metadefs API layer against the loopback fake: URLs, query order, paging, bodies and what it strips. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GlanceError } from '../../../src/glance/errors.js';
import { MetadefsApi } from '../../../src/glance/metadefs/index.js';
import { GlanceTransport } from '../../../src/glance/transport.js';
import { HttpClient } from '../../../src/http/client.js';
import { startFakeOpenStack, TOKEN, type FakeOpenStack } from '../../helpers/fake-openstack.js';

const NS = '/v2/metadefs/namespaces';

let fake: FakeOpenStack;
let http: HttpClient;
let metadefs: MetadefsApi;

beforeEach(async () => {
  fake = await startFakeOpenStack();
  http = new HttpClient({ userAgent: 'glance-test', timeoutMs: 5000, tls: { insecure: false } });
  metadefs = new MetadefsApi(new GlanceTransport(http, fake.url, TOKEN));
});
afterEach(async () => {
  await http.close();
  await fake.close();
  expect(fake.unmatched).toEqual([]);
});

async function all<T>(generator: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of generator) {
    items.push(item);
  }
  return items;
}

function namespace(name: string): Record<string, unknown> {
  return { namespace: name, visibility: 'public', protected: true, owner: 'admin', self: `${NS}/${name}`, schema: '/v2/schemas/metadefs/namespace' };
}

describe('namespaces', () => {
  it('lists page after page, with the filters in the reference order and 20 a page by default', async () => {
    fake
      .on('GET', `${NS}?resource_types=OS::Glance::Image,OS::Nova::Flavor&visibility=public&limit=20`, 200, {
        namespaces: [namespace('A'), namespace('B')],
        next: `${NS}?limit=20&marker=B`,
      })
      .on('GET', `${NS}?limit=20&marker=B`, 200, { namespaces: [namespace('C')] });
    const found = await all(metadefs.namespaces.list({ resourceTypes: ['OS::Glance::Image', 'OS::Nova::Flavor'], visibility: 'public' }));
    expect(found.map((entry) => entry.namespace)).toEqual(['A', 'B', 'C']);
    expect(found[0]).not.toHaveProperty('self');
    expect(found[0]).toHaveProperty('schema');
  });

  it('asks for --page-size namespaces a page; 0 means the default, as in the reference', async () => {
    fake.on('GET', `${NS}?limit=5`, 200, { namespaces: [] }).on('GET', `${NS}?limit=20`, 200, { namespaces: [] });
    await all(metadefs.namespaces.list({}, { pageSize: 5 }));
    await all(metadefs.namespaces.list({}, { pageSize: 0 }));
    expect(fake.log()).toEqual([`GET ${NS}?limit=5`, `GET ${NS}?limit=20`]);
  });

  it('reads one namespace, for a resource type when asked, with every name one encoded path segment', async () => {
    fake.on('GET', `${NS}/OS%3A%3ACompute%3A%3ALibvirt?resource_type=OS::Glance::Image`, 200, namespace('OS::Compute::Libvirt'));
    const found = await metadefs.namespaces.get('OS::Compute::Libvirt', { resourceType: 'OS::Glance::Image' });
    expect(found).toEqual({ namespace: 'OS::Compute::Libvirt', visibility: 'public', protected: true, owner: 'admin', schema: '/v2/schemas/metadefs/namespace' });
  });

  it.each([
    ['..', '%2E%2E'],
    ['.', '%2E'],
    ['a/b', 'a%2Fb'],
    ['a b?#%', 'a%20b%3F%23%25'],
    ['...', '...'],
  ])('encodes the name %j as the segment %s, never as a step up the path', async (name, encoded) => {
    fake.on('DELETE', `${NS}/ns/tags/${encoded}`, 204);
    await metadefs.tags.delete('ns', name);
    expect(fake.log()).toEqual([`DELETE ${NS}/ns/tags/${encoded}`]);
  });

  it('creates from a document and drops the self link from the answer', async () => {
    fake.on('POST', NS, 201, namespace('New'));
    const created = await metadefs.namespaces.create({ namespace: 'New', visibility: 'public' });
    expect(JSON.parse(fake.requests[0]!.text)).toEqual({ namespace: 'New', visibility: 'public' });
    expect(created).not.toHaveProperty('self');
  });

  it('updates as the reference does: reads, puts it back changed without what Glance sets, reads it under its new name', async () => {
    const current = { ...namespace('Old'), description: 'd', created_at: 'c', updated_at: 'u', properties: { p: { type: 'string', title: 'P' } } };
    fake
      .on('GET', `${NS}/Old`, 200, current)
      .on('PUT', `${NS}/Old`, 200, namespace('New'))
      .on('GET', `${NS}/New`, 200, { ...current, namespace: 'New' });
    const updated = await metadefs.namespaces.update('Old', { namespace: 'New', description: 'e' });
    expect(fake.log()).toEqual([`GET ${NS}/Old`, `PUT ${NS}/Old`, `GET ${NS}/New`]);
    expect(JSON.parse(fake.requests[1]!.text)).toEqual({
      namespace: 'New',
      visibility: 'public',
      protected: true,
      owner: 'admin',
      description: 'e',
      properties: { p: { type: 'string', title: 'P' } },
    });
    expect(updated.namespace).toBe('New');
  });

  it('surfaces Glance errors as GlanceError with the reference wording', async () => {
    fake.on('DELETE', `${NS}/nope`, 404, '<html>\n <body>\n  <h1>404 Not Found</h1>\n  Namespace nope not found<br /><br />\n </body>\n</html>', {
      'content-type': 'text/html; charset=UTF-8',
    });
    const error = await metadefs.namespaces.delete('nope').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(GlanceError);
    expect((error as GlanceError).message).toBe('HTTP 404 Not Found: Namespace nope not found');
  });
});

describe('properties', () => {
  it('lists every property with its key as its name', async () => {
    fake.on('GET', `${NS}/ns/properties`, 200, { properties: { hw_a: { name: 'a', title: 'A', type: 'string' }, b: { title: 'B', type: 'integer' } } });
    expect(await metadefs.properties.list('ns')).toEqual([
      { name: 'hw_a', title: 'A', type: 'string' },
      { title: 'B', type: 'integer', name: 'b' },
    ]);
  });

  it('updates: the whole property put back with the changes, read again under its new name', async () => {
    fake
      .on('GET', `${NS}/ns/properties/p`, 200, { name: 'p', title: 'P', type: 'string' })
      .on('PUT', `${NS}/ns/properties/p`, 200, {})
      .on('GET', `${NS}/ns/properties/q`, 200, { name: 'q', title: 'Q', type: 'string' });
    const updated = await metadefs.properties.update('ns', 'p', { name: 'q', title: 'Q' });
    expect(JSON.parse(fake.requests[1]!.text)).toEqual({ name: 'q', title: 'Q', type: 'string' });
    expect(updated).toEqual({ name: 'q', title: 'Q', type: 'string' });
  });

  it('deletes one, or all of a namespace', async () => {
    fake.on('DELETE', `${NS}/ns/properties/p`, 204).on('DELETE', `${NS}/ns/properties`, 204);
    await metadefs.properties.delete('ns', 'p');
    await metadefs.properties.deleteAll('ns');
    expect(fake.log()).toEqual([`DELETE ${NS}/ns/properties/p`, `DELETE ${NS}/ns/properties`]);
  });
});

describe('objects', () => {
  it('updates without schema, created_at and updated_at, and reads the object under its new name', async () => {
    const current = { name: 'o', description: 'd', properties: {}, created_at: 'c', updated_at: 'u', schema: 's', self: `${NS}/ns/objects/o` };
    fake
      .on('GET', `${NS}/ns/objects/o`, 200, current)
      .on('PUT', `${NS}/ns/objects/o`, 200, {})
      .on('GET', `${NS}/ns/objects/p`, 200, { ...current, name: 'p', self: `${NS}/ns/objects/p` });
    const updated = await metadefs.objects.update('ns', 'o', { name: 'p' });
    expect(JSON.parse(fake.requests[1]!.text)).toEqual({ name: 'p', description: 'd', properties: {} });
    expect(updated).toEqual({ name: 'p', description: 'd', properties: {}, created_at: 'c', updated_at: 'u', schema: 's' });
  });

  it('lists without self links; deletes all', async () => {
    fake.on('GET', `${NS}/ns/objects`, 200, { objects: [{ name: 'o', self: 'x' }], schema: 'v2/schemas/metadefs/objects' }).on('DELETE', `${NS}/ns/objects`, 204);
    expect(await metadefs.objects.list('ns')).toEqual([{ name: 'o' }]);
    await metadefs.objects.deleteAll('ns');
  });
});

describe('tags', () => {
  it('creates one tag with its name in the path and no body', async () => {
    fake.on('POST', `${NS}/ns/tags/ssd`, 201, { name: 'ssd', created_at: 'c', updated_at: 'u' });
    expect(await metadefs.tags.create('ns', 'ssd')).toEqual({ name: 'ssd', created_at: 'c', updated_at: 'u' });
    expect(fake.requests[0]!.text).toBe('');
  });

  it('creates many in one request, replacing the tags unless asked to append', async () => {
    fake.on('POST', `${NS}/ns/tags`, 201, { tags: [{ name: 'a' }, { name: 'b' }] }).on('POST', `${NS}/ns/tags`, 201, { tags: [{ name: 'c' }] });
    expect(await metadefs.tags.createMany('ns', ['a', 'b'], { append: false })).toEqual([{ name: 'a' }, { name: 'b' }]);
    await metadefs.tags.createMany('ns', ['c'], { append: true });
    expect(JSON.parse(fake.requests[0]!.text)).toEqual({ tags: [{ name: 'a' }, { name: 'b' }] });
    expect(fake.requests[0]!.headers).not.toHaveProperty('x-openstack-append');
    expect(fake.requests[1]!.headers['x-openstack-append']).toBe('True');
  });

  it('renames: reads the tag, puts back only its new name, reads it under that name', async () => {
    fake
      .on('GET', `${NS}/ns/tags/old`, 200, { name: 'old', created_at: 'c', updated_at: 'u' })
      .on('PUT', `${NS}/ns/tags/old`, 200, { name: 'new' })
      .on('GET', `${NS}/ns/tags/new`, 200, { name: 'new', created_at: 'c', updated_at: 'v' });
    expect(await metadefs.tags.rename('ns', 'old', 'new')).toEqual({ name: 'new', created_at: 'c', updated_at: 'v' });
    expect(JSON.parse(fake.requests[1]!.text)).toEqual({ name: 'new' });
  });
});

describe('resource types', () => {
  it('lists the known ones and a namespace\'s associations; associates and deassociates', async () => {
    fake
      .on('GET', '/v2/metadefs/resource_types', 200, { resource_types: [{ name: 'OS::Glance::Image', created_at: 'c' }] })
      .on('GET', `${NS}/ns/resource_types`, 200, { resource_type_associations: [{ name: 'OS::Glance::Image', prefix: 'hw_' }] })
      .on('POST', `${NS}/ns/resource_types`, 201, { name: 'OS::Nova::Flavor', prefix: 'hw:', created_at: 'c' })
      .on('DELETE', `${NS}/ns/resource_types/OS%3A%3ANova%3A%3AFlavor`, 204);
    expect(await metadefs.resourceTypes.list()).toEqual([{ name: 'OS::Glance::Image', created_at: 'c' }]);
    expect(await metadefs.resourceTypes.associations('ns')).toEqual([{ name: 'OS::Glance::Image', prefix: 'hw_' }]);
    expect(await metadefs.resourceTypes.associate('ns', { name: 'OS::Nova::Flavor', prefix: 'hw:' })).toEqual({ name: 'OS::Nova::Flavor', prefix: 'hw:', created_at: 'c' });
    await metadefs.resourceTypes.deassociate('ns', 'OS::Nova::Flavor');
    expect(JSON.parse(fake.requests[2]!.text)).toEqual({ name: 'OS::Nova::Flavor', prefix: 'hw:' });
  });
});
