/** md-namespace-*: options, requests, tables and messages against the loopback fake. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../helpers/cli.js';
import { fakeCloudPerTest } from '../../../helpers/fake-openstack.js';

const NS = '/v2/metadefs/namespaces';
const cloud = fakeCloudPerTest({ issuesToken: true });
const dir = mkdtempSync(join(tmpdir(), 'glance-md-unit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A namespace with one of everything, as GET /v2/metadefs/namespaces/{name} returns it. */
const FULL = {
  namespace: 'MyCorp::Storage',
  display_name: 'Storage',
  description: 'Storage options',
  visibility: 'public',
  protected: false,
  owner: 'admin',
  created_at: '2026-12-04T06:01:22Z',
  updated_at: '2026-12-04T06:03:32Z',
  resource_type_associations: [
    { name: 'OS::Glance::Image', prefix: 'hw_', created_at: '2026-12-04T06:01:39Z' },
    { name: 'OS::Cinder::Volume', prefix: 'hw_', properties_target: 'image', created_at: '2026-12-04T06:01:39Z' },
  ],
  properties: { hw_tier: { name: 'tier', type: 'string', title: 'Tier', enum: ['gold', 'silver'] }, hw_copies: { type: 'integer', title: 'Copies' } },
  objects: [{ name: 'Replication', description: 'Copies', properties: { copies: { type: 'integer', title: 'Copies' } }, self: `${NS}/MyCorp::Storage/objects/Replication` }],
  tags: [{ name: 'ssd' }, { name: 'nvme' }],
  self: `${NS}/MyCorp::Storage`,
  schema: '/v2/schemas/metadefs/namespace',
};
const NAME = 'MyCorp%3A%3AStorage';

const FULL_TABLE = [
  '+----------------------------+---------------------------------------------+',
  '| Property                   | Value                                       |',
  '+----------------------------+---------------------------------------------+',
  '| created_at                 | 2026-12-04T06:01:22Z                        |',
  '| description                | Storage options                             |',
  '| display_name               | Storage                                     |',
  '| namespace                  | MyCorp::Storage                             |',
  '| objects                    | ["Replication"]                             |',
  '| owner                      | admin                                       |',
  '| properties                 | ["hw_tier", "hw_copies"]                    |',
  '| protected                  | False                                       |',
  '| resource_type_associations | ["OS::Glance::Image", "OS::Cinder::Volume"] |',
  '| schema                     | /v2/schemas/metadefs/namespace              |',
  '| tags                       | ["ssd", "nvme"]                             |',
  '| updated_at                 | 2026-12-04T06:03:32Z                        |',
  '| visibility                 | public                                      |',
  '+----------------------------+---------------------------------------------+',
  '',
].join('\n');

function html404(text: string): [number, string, Record<string, string>] {
  return [404, `<html>\n <head>\n  <title>404 Not Found</title>\n </head>\n <body>\n  <h1>404 Not Found</h1>\n  ${text}<br /><br />\n\n\n </body>\n</html>`, { 'content-type': 'text/html; charset=UTF-8' }];
}

describe('md-namespace-show', () => {
  it('lists what the namespace holds by name, as _namespace_show does', async () => {
    cloud.on('GET', `${NS}/${NAME}`, 200, FULL);
    const run = await runCli(['md-namespace-show', 'MyCorp::Storage'], { env: cloud.env });
    expect([run.exitCode, run.stderr]).toEqual([0, '']);
    expect(run.stdout).toBe(FULL_TABLE);
  });

  it('gives json the namespace whole, less its self link', async () => {
    cloud.on('GET', `${NS}/${NAME}`, 200, FULL);
    const run = await runCli(['md-namespace-show', 'MyCorp::Storage', '-f', 'json'], { env: cloud.env });
    const { self: _self, ...expected } = FULL;
    expect(JSON.parse(run.stdout)).toEqual(expected);
  });

  it('asks for a resource type\'s prefixes; --max-column-width 0 means 80, as in the reference', async () => {
    cloud.on('GET', `${NS}/${NAME}?resource_type=OS::Glance::Image`, 200, FULL);
    const run = await runCli(['md-namespace-show', 'MyCorp::Storage', '--resource-type', 'OS::Glance::Image', '--max-column-width', '0'], { env: cloud.env });
    expect(run.stdout).toBe(FULL_TABLE);
  });

  it('wraps values at --max-column-width', async () => {
    cloud.on('GET', `${NS}/${NAME}`, 200, FULL);
    const run = await runCli(['md-namespace-show', 'MyCorp::Storage', '--max-column-width', '20', '-c', 'tags', '-c', 'namespace'], { env: cloud.env });
    expect(run.stdout).toBe(
      [
        '+-----------+-----------------+',
        '| Property  | Value           |',
        '+-----------+-----------------+',
        '| tags      | ["ssd", "nvme"] |',
        '| namespace | MyCorp::Storage |',
        '+-----------+-----------------+',
        '',
      ].join('\n'),
    );
  });

  it('reports an unknown namespace as Glance words it, exit 1', async () => {
    cloud.on('GET', `${NS}/nope`, ...html404('Metadata definition namespace=nope was not found.'));
    const run = await runCli(['md-namespace-show', 'nope'], { env: cloud.env });
    expect([run.exitCode, run.stdout, run.stderr]).toEqual([1, '', 'HTTP 404 Not Found: Metadata definition namespace=nope was not found.\n']);
  });
});

describe('md-namespace-create', () => {
  it('posts the schema options by their API names and turns resource type names into associations', async () => {
    cloud.on('POST', NS, 201, { namespace: 'N', display_name: 'D', visibility: 'public', protected: true, owner: 'o', self: `${NS}/N`, schema: 's' });
    const run = await runCli(
      ['md-namespace-create', 'N', '--display-name', 'D', '--visibility', 'public', '--protected', 'yes', '--resource-type-associations', 'OS::Glance::Image', 'OS::Nova::Flavor'],
      { env: cloud.env },
    );
    expect(run.exitCode).toBe(0);
    expect(JSON.parse(cloud.requests[1]!.text)).toEqual({
      namespace: 'N',
      display_name: 'D',
      visibility: 'public',
      protected: true,
      resource_type_associations: [{ name: 'OS::Glance::Image' }, { name: 'OS::Nova::Flavor' }],
    });
    expect(run.stdout).toContain('| protected    | True   |');
    expect(run.stdout).not.toContain('self');
  });

  it('refuses a visibility outside the schema before sending anything', async () => {
    const run = await runCli(['md-namespace-create', 'N', '--visibility', 'shared'], { env: cloud.env });
    expect([run.exitCode, run.stderr]).toEqual([1, "Unable to set 'visibility' to 'shared'. Reason: 'shared' is not one of ['public', 'private']\n"]);
    expect(cloud.requests).toEqual([]);
  });

  it('offers no option for what Glance sets itself (created_at, schema, self ...)', async () => {
    const run = await runCli(['md-namespace-create', 'N', '--created-at', 'x'], { env: cloud.env });
    expect(run.exitCode).toBe(2);
    // The usage breaks right after the command name: the error line still names the command.
    expect(run.stderr.split('\n').slice(0, 2)).toEqual(['usage: glance md-namespace-create', expect.stringMatching(/^ +\[--resource-type-associations /)]);
    expect(run.stderr.split('\n').at(-2)).toBe('glance md-namespace-create: error: unrecognized arguments: --created-at');
  });
});

describe('md-namespace-update', () => {
  it('reads, puts back changed and reads again; --namespace renames', async () => {
    cloud
      .on('GET', `${NS}/${NAME}`, 200, FULL)
      .on('PUT', `${NS}/${NAME}`, 200, {})
      .on('GET', `${NS}/MyCorp%3A%3ADisks`, 200, { ...FULL, namespace: 'MyCorp::Disks', description: 'Disks' });
    const run = await runCli(['md-namespace-update', 'MyCorp::Storage', '--namespace', 'MyCorp::Disks', '--description', 'Disks'], { env: cloud.env });
    expect(run.exitCode).toBe(0);
    const put = JSON.parse(cloud.requests[2]!.text) as Record<string, unknown>;
    expect([put.namespace, put.description, 'created_at' in put, 'schema' in put, 'self' in put]).toEqual(['MyCorp::Disks', 'Disks', false, false, false]);
    expect(run.stdout).toContain('| namespace                  | MyCorp::Disks ');
  });

  it('says which value the schema refuses', async () => {
    const run = await runCli(['md-namespace-update', 'N', '--visibility', 'bogus'], { env: cloud.env });
    expect([run.exitCode, run.stderr]).toEqual([1, "Unable to set 'visibility' to 'bogus'. Reason: 'bogus' is not one of ['public', 'private']\n"]);
  });
});

describe('md-namespace-list', () => {
  it('prints one column of names from every page', async () => {
    cloud
      .on('GET', `${NS}?resource_types=OS::Glance::Image&limit=1`, 200, { namespaces: [{ namespace: 'A' }], next: `${NS}?limit=1&marker=A` })
      .on('GET', `${NS}?limit=1&marker=A`, 200, { namespaces: [{ namespace: 'OS::Compute::Libvirt' }] });
    const run = await runCli(['md-namespace-list', '--resource-types', 'OS::Glance::Image', '--page-size', '1'], { env: cloud.env });
    expect(run.stdout).toBe(['+----------------------+', '| namespace            |', '+----------------------+', '| A                    |', '| OS::Compute::Libvirt |', '+----------------------+', ''].join('\n'));
  });
});

describe('md-namespace-delete and the bulk deletes', () => {
  it.each([
    ['md-namespace-delete', ''],
    ['md-namespace-objects-delete', '/objects'],
    ['md-namespace-properties-delete', '/properties'],
    ['md-namespace-tags-delete', '/tags'],
  ])('%s sends DELETE %s and prints nothing', async (name, suffix) => {
    cloud.on('DELETE', `${NS}/${NAME}${suffix}`, 204);
    const run = await runCli([name, 'MyCorp::Storage'], { env: cloud.env });
    expect([run.exitCode, run.stdout, run.stderr]).toEqual([0, '', '']);
    expect(cloud.log().at(-1)).toBe(`DELETE ${NS}/${NAME}${suffix}`);
  });
});

describe('md-namespace-resource-type-list', () => {
  it('prints name, prefix and properties_target, blank where there is none', async () => {
    cloud.on('GET', `${NS}/${NAME}/resource_types`, 200, { resource_type_associations: FULL.resource_type_associations });
    const run = await runCli(['md-namespace-resource-type-list', 'MyCorp::Storage'], { env: cloud.env });
    expect(run.stdout).toBe(
      [
        '+--------------------+--------+-------------------+',
        '| name               | prefix | properties_target |',
        '+--------------------+--------+-------------------+',
        '| OS::Glance::Image  | hw_    |                   |',
        '| OS::Cinder::Volume | hw_    | image             |',
        '+--------------------+--------+-------------------+',
        '',
      ].join('\n'),
    );
  });
});

describe('md-namespace-import', () => {
  const DOCUMENT = { namespace: 'Imported', visibility: 'public', properties: { p: { type: 'string', title: 'P' } }, objects: [], tags: [{ name: 't' }] };

  it('posts the document of --file as it is and shows the namespace', async () => {
    const file = join(dir, 'ns.json');
    writeFileSync(file, JSON.stringify(DOCUMENT));
    cloud.on('POST', NS, 201, { ...DOCUMENT, self: `${NS}/Imported` });
    const run = await runCli(['md-namespace-import', '--file', file], { env: cloud.env });
    expect(run.exitCode).toBe(0);
    expect(JSON.parse(cloud.requests[1]!.text)).toEqual(DOCUMENT);
    expect(run.stdout).toContain('| properties | ["p"]    |');
    expect(run.stdout).toContain('| tags       | ["t"]    |');
  });

  it('leaves out what Glance sets itself, so that md-namespace-show -f json imports as it is', async () => {
    const shown = {
      ...DOCUMENT,
      owner: 'admin',
      created_at: 'c',
      updated_at: 'u',
      schema: '/v2/schemas/metadefs/namespace',
      objects: [{ name: 'o', created_at: 'c', self: 's', schema: 'x', properties: {} }],
      tags: [{ name: 't', created_at: 'c' }],
      resource_type_associations: [{ name: 'OS::Glance::Image', prefix: 'p_', created_at: 'c', updated_at: 'u' }],
    };
    cloud.on('POST', NS, 201, DOCUMENT);
    const run = await runCli(['md-namespace-import'], { env: cloud.env, stdinKind: 'file', stdinData: Buffer.from(JSON.stringify(shown)) });
    expect(run.exitCode).toBe(0);
    expect(JSON.parse(cloud.requests[1]!.text)).toEqual({
      ...DOCUMENT,
      owner: 'admin',
      objects: [{ name: 'o', properties: {} }],
      tags: [{ name: 't' }],
      resource_type_associations: [{ name: 'OS::Glance::Image', prefix: 'p_' }],
    });
  });

  it('reads a pipe on stdin when there is no --file', async () => {
    cloud.on('POST', NS, 201, DOCUMENT);
    const run = await runCli(['md-namespace-import'], { env: cloud.env, stdinKind: 'pipe', stdinData: Buffer.from(JSON.stringify(DOCUMENT)) });
    expect(run.exitCode).toBe(0);
    expect(JSON.parse(cloud.requests[1]!.text)).toEqual(DOCUMENT);
  });

  it.each([
    ['no data (a terminal)', [], { stdinKind: 'terminal' as const }, 'No metadata definition namespace passed via stdin or --file argument.'],
    ['no data (/dev/null)', [], {}, 'No metadata definition namespace passed via stdin or --file argument.'],
    ['not JSON', [], { stdinKind: 'pipe' as const, stdinData: Buffer.from('{"namespace": ') }, 'Schema is not a valid JSON object.'],
    ['a JSON list', [], { stdinKind: 'pipe' as const, stdinData: Buffer.from('[{"namespace": "x"}]') }, 'Schema is not a valid JSON object.'],
    ['no namespace', [], { stdinKind: 'pipe' as const, stdinData: Buffer.from('{"display_name": "x"}') }, "'namespace' is a required property"],
    ['unknown keys', [], { stdinKind: 'pipe' as const, stdinData: Buffer.from('{"namespace": "x", "foo": 1, "bar": 2}') }, "Additional properties are not allowed ('bar', 'foo' were unexpected)"],
    ['a bad visibility', [], { stdinKind: 'pipe' as const, stdinData: Buffer.from('{"namespace": "x", "visibility": "shared"}') }, "'shared' is not one of ['public', 'private']"],
    ['a missing file', ['--file', '/nonexistent/ns.json'], {}, "[Errno 2] No such file or directory: '/nonexistent/ns.json'"],
    ['a directory', ['--file', '/'], {}, "[Errno 21] Is a directory: '/'"],
  ])('%s: one line on stderr, exit 1, nothing sent', async (_label, extra, io, message) => {
    const run = await runCli(['md-namespace-import', ...extra], { env: cloud.env, ...io });
    expect([run.exitCode, run.stdout, run.stderr]).toEqual([1, '', `${message}\n`]);
    expect(cloud.requests).toEqual([]);
  });
});
