/** md-object-*, md-property-*, md-tag-* and md-resource-type-*: requests, tables and messages against the loopback fake. */
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../helpers/cli.js';
import { fakeCloudPerTest } from '../../../helpers/fake-openstack.js';

const NS = '/v2/metadefs/namespaces/ns';
const cloud = fakeCloudPerTest({ issuesToken: true });

const OBJECT = {
  name: 'Replication',
  required: ['copies'],
  description: 'How many copies of the data the backend keeps, and where it keeps them: in the same rack, or in another zone',
  properties: { copies: { type: 'integer', title: 'Copies', minimum: 1 }, zone: { type: 'string', title: 'Zone' } },
  created_at: '2026-12-04T06:01:43Z',
  updated_at: '2026-12-04T06:01:43Z',
  self: `${NS}/objects/Replication`,
  schema: '/v2/schemas/metadefs/object',
};

describe('md-object-*', () => {
  it('md-object-show lists the property definitions by name', async () => {
    cloud.on('GET', `${NS}/objects/Replication`, 200, { ...OBJECT, description: 'Copies' });
    const run = await runCli(['md-object-show', 'ns', 'Replication'], { env: cloud.env });
    expect(run.stdout).toBe(
      [
        '+-------------+-----------------------------+',
        '| Property    | Value                       |',
        '+-------------+-----------------------------+',
        '| created_at  | 2026-12-04T06:01:43Z        |',
        '| description | Copies                      |',
        '| name        | Replication                 |',
        '| properties  | ["copies", "zone"]          |',
        '| required    | ["copies"]                  |',
        '| schema      | /v2/schemas/metadefs/object |',
        '| updated_at  | 2026-12-04T06:01:43Z        |',
        '+-------------+-----------------------------+',
        '',
      ].join('\n'),
    );
  });

  it('md-object-list wraps descriptions at 50 characters', async () => {
    cloud.on('GET', `${NS}/objects`, 200, { objects: [OBJECT, { name: 'Bare' }] });
    const run = await runCli(['md-object-list', 'ns'], { env: cloud.env });
    expect(run.stdout).toBe(
      [
        '+-------------+----------------------------------------------------+',
        '| name        | description                                        |',
        '+-------------+----------------------------------------------------+',
        '| Replication | How many copies of the data the backend keeps, and |',
        '|             | where it keeps them: in the same rack, or in       |',
        '|             | another zone                                       |',
        '| Bare        |                                                    |',
        '+-------------+----------------------------------------------------+',
        '',
      ].join('\n'),
    );
  });

  it('md-object-property-show shows one definition with its name; an unknown one is an error', async () => {
    cloud.on('GET', `${NS}/objects/Replication`, 200, OBJECT).on('GET', `${NS}/objects/Replication`, 200, OBJECT);
    const found = await runCli(['md-object-property-show', 'ns', 'Replication', 'copies', '-f', 'json'], { env: cloud.env });
    expect(JSON.parse(found.stdout)).toEqual({ type: 'integer', title: 'Copies', minimum: 1, name: 'copies' });
    cloud.keystoneIssuesToken();
    const missing = await runCli(['md-object-property-show', 'ns', 'Replication', 'toString'], { env: cloud.env });
    expect([missing.exitCode, missing.stdout, missing.stderr]).toEqual([1, '', 'Property toString not found in object Replication.\n']);
  });

  it('md-object-create sends --name and the --schema object, the schema winning', async () => {
    cloud.on('POST', `${NS}/objects`, 201, OBJECT);
    const run = await runCli(['md-object-create', 'ns', '--name', 'X', '--schema', '{"name": "Replication", "description": "d"}'], { env: cloud.env });
    expect(run.exitCode).toBe(0);
    expect(cloud.requests[1]!.text).toBe('{"name":"Replication","description":"d"}');
    expect(run.stdout).toContain('| properties  | ["copies", "zone"]');
  });

  it.each([
    ['not JSON', '{description: 1}', 'Schema is not a valid JSON object.'],
    ['a JSON string', '"text"', 'Schema is not a valid JSON object.'],
    ['an unknown key', '{"title": "T"}', "Additional properties are not allowed ('title' was unexpected)"],
  ])('md-object-create refuses %s, exit 1, nothing sent', async (_label, schema, message) => {
    const run = await runCli(['md-object-create', 'ns', '--name', 'X', '--schema', schema], { env: cloud.env });
    expect([run.exitCode, run.stderr]).toEqual([1, `${message}\n`]);
    expect(cloud.requests).toEqual([]);
  });

  it('md-object-update renames; an unknown key is refused as warlock words it', async () => {
    cloud
      .on('GET', `${NS}/objects/Replication`, 200, OBJECT)
      .on('PUT', `${NS}/objects/Replication`, 200, {})
      .on('GET', `${NS}/objects/Copies`, 200, { ...OBJECT, name: 'Copies' });
    const run = await runCli(['md-object-update', 'ns', 'Replication', '--name', 'Copies'], { env: cloud.env });
    expect(run.stdout).toContain('| name        | Copies ');
    expect(JSON.parse(cloud.requests[2]!.text)).toMatchObject({ name: 'Copies', description: OBJECT.description });
    const refused = await runCli(['md-object-update', 'ns', 'Copies', '--schema', '{"foo": [1, "a"]}'], { env: cloud.env });
    expect([refused.exitCode, refused.stderr]).toEqual([1, "Unable to set 'foo' to [1, 'a']. Reason: Additional properties are not allowed ('foo' was unexpected)\n"]);
  });

  it('md-object-delete', async () => {
    cloud.on('DELETE', `${NS}/objects/Replication`, 204);
    const run = await runCli(['md-object-delete', 'ns', 'Replication'], { env: cloud.env });
    expect([run.exitCode, run.stdout, run.stderr]).toEqual([0, '', '']);
  });
});

describe('md-property-*', () => {
  const PROPERTY = { name: 'tier', type: 'string', title: 'Tier', description: 'Storage tier', enum: ['gold', 'silver'] };

  it('md-property-create sends name and title first, then the schema', async () => {
    cloud.on('POST', `${NS}/properties`, 201, PROPERTY);
    const run = await runCli(['md-property-create', 'ns', '--name', 'tier', '--title', 'Tier', '--schema', '{"type": "string", "description": "Storage tier", "enum": ["gold", "silver"]}'], {
      env: cloud.env,
    });
    expect(cloud.requests[1]!.text).toBe('{"name":"tier","title":"Tier","type":"string","description":"Storage tier","enum":["gold","silver"]}');
    expect(run.stdout).toBe(
      [
        '+-------------+--------------------+',
        '| Property    | Value              |',
        '+-------------+--------------------+',
        '| description | Storage tier       |',
        '| enum        | ["gold", "silver"] |',
        '| name        | tier               |',
        '| title       | Tier               |',
        '| type        | string             |',
        '+-------------+--------------------+',
        '',
      ].join('\n'),
    );
  });

  it.each([
    ['no type', '{}', "'type' is a required property"],
    ['a bad type', '{"type": "text"}', "'text' is not one of ['array', 'boolean', 'integer', 'number', 'object', 'string', None]"],
    ['unknown keys before a missing type', '{"b": 1, "a": 2}', "Additional properties are not allowed ('a', 'b' were unexpected)"],
    ['a list', '[]', 'Schema is not a valid JSON object.'],
  ])('md-property-create refuses %s with jsonschema\'s first line', async (_label, schema, message) => {
    const run = await runCli(['md-property-create', 'ns', '--name', 'p', '--title', 'P', '--schema', schema], { env: cloud.env });
    expect([run.exitCode, run.stderr]).toEqual([1, `${message}\n`]);
    expect(cloud.requests).toEqual([]);
  });

  it('md-property-create without --schema is a usage error naming it', async () => {
    const run = await runCli(['md-property-create', 'ns', '--name', 'p', '--title', 'P'], { env: cloud.env });
    expect([run.exitCode, run.stderr.split('\n').at(-2)]).toEqual([2, 'glance md-property-create: error: the following arguments are required: --schema']);
  });

  it('md-property-update ignores empty values and puts the whole property back', async () => {
    cloud
      .on('GET', `${NS}/properties/tier`, 200, PROPERTY)
      .on('PUT', `${NS}/properties/tier`, 200, {})
      .on('GET', `${NS}/properties/tier`, 200, { ...PROPERTY, title: 'Level' });
    const run = await runCli(['md-property-update', 'ns', 'tier', '--name', '', '--title', 'Level'], { env: cloud.env });
    expect(run.exitCode).toBe(0);
    expect(JSON.parse(cloud.requests[2]!.text)).toEqual({ ...PROPERTY, title: 'Level' });
  });

  it('md-property-update names the value the schema refuses', async () => {
    const run = await runCli(['md-property-update', 'ns', 'tier', '--schema', '{"type": "text"}'], { env: cloud.env });
    expect([run.exitCode, run.stderr]).toEqual([1, "Unable to set 'type' to 'text'. Reason: 'text' is not one of ['array', 'boolean', 'integer', 'number', 'object', 'string', None]\n"]);
  });

  it('md-property-list names each property by its key; md-property-show by the name asked for', async () => {
    cloud
      .on('GET', `${NS}/properties`, 200, { properties: { hw_tier: PROPERTY, copies: { type: 'integer', title: 'Copies' }, bare: { title: '', type: null } } })
      .on('GET', `${NS}/properties/hw_tier`, 200, PROPERTY);
    const list = await runCli(['md-property-list', 'ns'], { env: cloud.env });
    expect(list.stdout).toBe(
      [
        '+---------+--------+---------+',
        '| name    | title  | type    |',
        '+---------+--------+---------+',
        '| hw_tier | Tier   | string  |',
        '| copies  | Copies | integer |',
        '| bare    |        |         |',
        '+---------+--------+---------+',
        '',
      ].join('\n'),
    );
    cloud.keystoneIssuesToken();
    const show = await runCli(['md-property-show', 'ns', 'hw_tier', '-f', 'value', '-c', 'name'], { env: cloud.env });
    expect(show.stdout).toBe('hw_tier\n');
  });

  it('md-property-delete', async () => {
    cloud.on('DELETE', `${NS}/properties/tier`, 204);
    const run = await runCli(['md-property-delete', 'ns', 'tier'], { env: cloud.env });
    expect([run.exitCode, run.stdout]).toEqual([0, '']);
  });
});

describe('md-tag-*', () => {
  const TAG = { name: 'ssd', created_at: '2026-12-04T06:01:46Z', updated_at: '2026-12-04T06:01:46Z' };

  it('md-tag-create trims the name and posts it in the path', async () => {
    cloud.on('POST', `${NS}/tags/ssd`, 201, TAG);
    const run = await runCli(['md-tag-create', 'ns', '--name', '  ssd '], { env: cloud.env });
    expect(run.stdout).toBe(
      [
        '+------------+----------------------+',
        '| Property   | Value                |',
        '+------------+----------------------+',
        '| created_at | 2026-12-04T06:01:46Z |',
        '| name       | ssd                  |',
        '| updated_at | 2026-12-04T06:01:46Z |',
        '+------------+----------------------+',
        '',
      ].join('\n'),
    );
  });

  it.each([
    ['md-tag-create', ['--name', '  '], 'Please supply at least one non-blank tag name.'],
    ['md-tag-update', ['ssd', '--name', ' '], 'Please supply at least one non-blank tag name.'],
    ['md-tag-create-multiple', ['--names', ' , ,'], 'Please supply at least one tag name. For example: --names Tag1'],
  ])('%s refuses blank names, nothing sent', async (name, extra, message) => {
    const run = await runCli([name, 'ns', ...extra], { env: cloud.env });
    expect([run.exitCode, run.stderr]).toEqual([1, `${message}\n`]);
    expect(cloud.requests).toEqual([]);
  });

  it('md-tag-create-multiple splits on --delim, drops blanks, and appends with --append', async () => {
    cloud.on('POST', `${NS}/tags`, 201, { tags: [{ name: 'a b' }, { name: 'c' }] });
    const run = await runCli(['md-tag-create-multiple', 'ns', '--names', ' a b ;;c', '--delim', ';', '--append'], { env: cloud.env });
    expect(JSON.parse(cloud.requests[1]!.text)).toEqual({ tags: [{ name: 'a b' }, { name: 'c' }] });
    expect(cloud.requests[1]!.headers['x-openstack-append']).toBe('True');
    expect(run.stdout).toBe(['+------+', '| name |', '+------+', '| a b  |', '| c    |', '+------+', ''].join('\n'));
  });

  it('md-tag-update renames; md-tag-list and md-tag-show read', async () => {
    cloud
      .on('GET', `${NS}/tags/ssd`, 200, TAG)
      .on('PUT', `${NS}/tags/ssd`, 200, { name: 'flash' })
      .on('GET', `${NS}/tags/flash`, 200, { ...TAG, name: 'flash' })
      .on('GET', `${NS}/tags`, 200, { tags: [{ name: 'flash' }, { name: 'nvme' }] });
    const update = await runCli(['md-tag-update', 'ns', 'ssd', '--name', 'flash', '-f', 'value', '-c', 'name'], { env: cloud.env });
    expect(update.stdout).toBe('flash\n');
    expect(JSON.parse(cloud.requests[2]!.text)).toEqual({ name: 'flash' });
    cloud.keystoneIssuesToken();
    const list = await runCli(['md-tag-list', 'ns', '-f', 'csv'], { env: cloud.env });
    expect(list.stdout).toBe('"name"\n"flash"\n"nvme"\n');
  });

  it('md-tag-delete of a tag named .. addresses that tag, not the namespace', async () => {
    cloud.on('DELETE', `${NS}/tags/%2E%2E`, 204);
    const run = await runCli(['md-tag-delete', 'ns', '..'], { env: cloud.env });
    expect(run.exitCode).toBe(0);
    expect(cloud.log().at(-1)).toBe(`DELETE ${NS}/tags/%2E%2E`);
  });
});

describe('md-resource-type-*', () => {
  it('md-resource-type-list prints the names', async () => {
    cloud.on('GET', '/v2/metadefs/resource_types', 200, { resource_types: [{ name: 'OS::Glance::Image', created_at: 'c' }, { name: 'OS::Nova::Flavor', created_at: 'c' }] });
    const run = await runCli(['md-resource-type-list'], { env: cloud.env });
    expect(run.stdout).toBe(['+-------------------+', '| name              |', '+-------------------+', '| OS::Glance::Image |', '| OS::Nova::Flavor  |', '+-------------------+', ''].join('\n'));
  });

  it('md-resource-type-associate posts --name, --prefix and --properties-target', async () => {
    cloud.on('POST', `${NS}/resource_types`, 201, { name: 'OS::Cinder::Volume', prefix: 'hw_', properties_target: 'image', created_at: 'c', updated_at: 'u' });
    const run = await runCli(['md-resource-type-associate', 'ns', '--name', 'OS::Cinder::Volume', '--prefix', 'hw_', '--properties-target', 'image'], { env: cloud.env });
    expect(JSON.parse(cloud.requests[1]!.text)).toEqual({ properties_target: 'image', prefix: 'hw_', name: 'OS::Cinder::Volume' });
    expect(run.stdout).toContain('| prefix            | hw_                |');
  });

  it('md-resource-type-associate prints -f shell, its --prefix staying the association\'s', async () => {
    cloud.on('POST', `${NS}/resource_types`, 201, { name: 'OS::Cinder::Volume', prefix: 'hw_', created_at: 'c', updated_at: 'u' });
    const run = await runCli(['md-resource-type-associate', 'ns', '--name', 'OS::Cinder::Volume', '--prefix', 'hw_', '-f', 'shell', '-c', 'name', '-c', 'prefix'], { env: cloud.env });
    expect(JSON.parse(cloud.requests[1]!.text)).toEqual({ prefix: 'hw_', name: 'OS::Cinder::Volume' });
    expect([run.exitCode, run.stdout]).toEqual([0, 'name="OS::Cinder::Volume"\nprefix="hw_"\n']);
  });

  it('md-resource-type-associate without --name says what jsonschema says first', async () => {
    const run = await runCli(['md-resource-type-associate', 'ns', '--prefix', 'x_'], { env: cloud.env });
    expect([run.exitCode, run.stderr]).toEqual([1, "'name' is a required property\n"]);
    expect(cloud.requests).toEqual([]);
  });

  it('md-resource-type-deassociate', async () => {
    cloud.on('DELETE', `${NS}/resource_types/OS%3A%3ANova%3A%3AFlavor`, 204);
    const run = await runCli(['md-resource-type-deassociate', 'ns', 'OS::Nova::Flavor'], { env: cloud.env });
    expect([run.exitCode, run.stdout, run.stderr]).toEqual([0, '', '']);
  });
});
