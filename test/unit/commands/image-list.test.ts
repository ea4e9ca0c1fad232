import { describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { fakeCloudPerTest, image } from '../../helpers/fake-openstack.js';

const cloud = fakeCloudPerTest();

const A = image({ id: 'aaaaaaaa-0000-0000-0000-000000000001', name: 'alpha', size: 0, status: 'queued', disk_format: null });
const B = image({ id: 'bbbbbbbb-0000-0000-0000-000000000002', name: 'beta', size: 4521984 });

describe('image-list', () => {
  it('prints ID and Name in server order', async () => {
    cloud.keystoneIssuesToken().on('GET', '/v2/images?limit=200&sort_key=name&sort_dir=asc', 200, { images: [B, A] });
    const run = await runCli(['image-list'], { env: cloud.env });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toBe(
      [
        '+--------------------------------------+-------+',
        '| ID                                   | Name  |',
        '+--------------------------------------+-------+',
        '| bbbbbbbb-0000-0000-0000-000000000002 | beta  |',
        '| aaaaaaaa-0000-0000-0000-000000000001 | alpha |',
        '+--------------------------------------+-------+',
        '',
      ].join('\n'),
    );
  });

  it('adds the verbose columns with the global --verbose, blanking falsy cells', async () => {
    cloud.keystoneIssuesToken().on('GET', /^\/v2\/images\?/, 200, { images: [A] });
    const run = await runCli(['--verbose', 'image-list', '--include-stores'], { env: cloud.env });
    expect(run.stdout).toBe(
      [
        '+--------------------------------------+-------+-------------+------------------+------+--------+----------------------------------+--------+',
        '| ID                                   | Name  | Disk_format | Container_format | Size | Status | Owner                            | Stores |',
        '+--------------------------------------+-------+-------------+------------------+------+--------+----------------------------------+--------+',
        '| aaaaaaaa-0000-0000-0000-000000000001 | alpha |             | bare             |      | queued | 7029d37fa0fd4120bc7490157dfcec9a | fast   |',
        '+--------------------------------------+-------+-------------+------------------+------+--------+----------------------------------+--------+',
        '',
      ].join('\n'),
    );
  });

  it('prints the header block alone when there are no images', async () => {
    cloud.keystoneIssuesToken().on('GET', /^\/v2\/images\?/, 200, { images: [] });
    const run = await runCli(['image-list'], { env: cloud.env });
    expect(run.stdout).toBe('+----+------+\n| ID | Name |\n+----+------+\n+----+------+\n');
  });

  it('sends filters, limit, tags and sort in the reference order and follows next links up to --limit', async () => {
    cloud
      .keystoneIssuesToken()
      .on(
        'GET',
        '/v2/images?visibility=public&member_status=accepted&owner=o&checksum=c&os_hidden=True&os_hash_value=h&os_distro=cirros&limit=2&tag=a&tag=b&sort=name:desc',
        200,
        { images: [A, B], next: '/v2/images?marker=b&limit=2&sort=name:desc' },
      )
      .on('GET', '/v2/images?marker=b&limit=2&sort=name:desc', 200, { images: [A, B] });
    const run = await runCli(
      ['image-list', '--visibility', 'public', '--member-status', 'accepted', '--owner', 'o', '--checksum', 'c', '--hidden', '--hash', 'h',
        '--property-filter', 'os_distro=cirros', '--tag', 'a', '--tag', 'b', '--sort', 'name:desc', '--limit', '3', '--page-size', '2'],
      { env: cloud.env },
    );
    expect(run.exitCode).toBe(0);
    expect(run.stdout.split('\n').filter((line) => line.startsWith('| ') && !line.startsWith('| ID'))).toHaveLength(3);
    expect(cloud.requests).toHaveLength(3);
  });

  it.each([
    [['--sort-key', 'size'], '/v2/images?limit=200&sort_key=size'],
    [['--sort-dir', 'desc'], '/v2/images?limit=200&sort_dir=desc'],
    [['--limit', '0'], '/v2/images?limit=200&sort_key=name&sort_dir=asc'],
  ])('%j sends %s, as the reference does (Glance fills in the rest)', async (args, path) => {
    cloud.keystoneIssuesToken().on('GET', path, 200, { images: [A, B] });
    const run = await runCli(['image-list', ...args], { env: cloud.env });
    expect(run.exitCode).toBe(0);
    expect(run.stdout.split('\n')).toHaveLength(7);
  });

  it('sends every --sort-key then every --sort-dir', async () => {
    cloud.keystoneIssuesToken().on('GET', '/v2/images?limit=200&sort_key=name&sort_key=size&sort_dir=desc', 200, { images: [] });
    const run = await runCli(['image-list', '--sort-key', 'name', '--sort-key', 'size', '--sort-dir', 'desc'], { env: cloud.env });
    expect(run.exitCode).toBe(0);
  });

  it.each([
    [['--sort', 'name:up'], 'HTTP Invalid sort direction: up. It must be one of the following: asc, desc.'],
    [['--sort', 'owner'], 'HTTP Invalid sort key: owner. It must be one of the following: name, status, container_format, disk_format, size, id, created_at, updated_at.'],
    [['--sort', 'name', '--sort-key', 'size'], "HTTP The 'sort' argument is not supported with 'sort_key' or 'sort_dir'."],
    [
      ['--sort-key', 'name', '--sort-dir', 'asc', '--sort-dir', 'desc', '--sort-key', 'size', '--sort-key', 'id'],
      'HTTP Unexpected number of sort directions: either provide a single sort direction or an equal number of sort keys and sort directions.',
    ],
    [['--property-filter', 'foo'], 'Argument --property-filter expected properties in the format KEY=VALUE'],
  ])('rejects %j before logging in', async (args, message) => {
    const run = await runCli(['image-list', ...args], { env: cloud.env });
    expect([run.exitCode, run.stderr]).toEqual([1, `${message}\n`]);
    expect(cloud.requests).toEqual([]);
  });

  it('rejects an unknown --sort-key as a usage error', async () => {
    const run = await runCli(['image-list', '--sort-key', 'owner'], { env: cloud.env });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain("invalid choice: 'owner' (choose from 'name', 'status', 'container_format', 'disk_format', 'size', 'id', 'created_at', 'updated_at')");
  });

  describe('machine output', () => {
    const C = image({ id: 'cccccccc-0000-0000-0000-000000000003', name: 'gamma', size: 13, status: 'active', disk_format: 'raw', tags: ['a'] });

    it('-f json: the raw values with their JSON types, keyed by the headings; absent values null', async () => {
      cloud.keystoneIssuesToken().on('GET', /^\/v2\/images\?/, 200, { images: [A, C] });
      const run = await runCli(['--verbose', 'image-list', '--include-stores', '-f', 'json'], { env: cloud.env });
      expect(run.exitCode).toBe(0);
      const owner = '7029d37fa0fd4120bc7490157dfcec9a';
      expect(JSON.parse(run.stdout)).toEqual([
        { ID: A.id, Name: 'alpha', Disk_format: null, Container_format: 'bare', Size: 0, Status: 'queued', Owner: owner, Stores: 'fast' },
        { ID: C.id, Name: 'gamma', Disk_format: 'raw', Container_format: 'bare', Size: 13, Status: 'active', Owner: owner, Stores: 'fast' },
      ]);
      expect(run.stdout).toMatch(/^\[\n  \{\n    "ID": /);
    });

    it('-f json --noindent: one line; a row without the field gives null', async () => {
      const { stores: _stores, ...noStores } = C;
      cloud.keystoneIssuesToken().on('GET', /^\/v2\/images\?/, 200, { images: [noStores] });
      const run = await runCli(['image-list', '--include-stores', '-f', 'json', '--noindent'], { env: cloud.env });
      expect(run.stdout).toBe(`[{"ID":"${C.id}","Name":"gamma","Stores":null}]\n`);
    });

    it('-f value -c ID: one id a line, nothing else, for a shell loop', async () => {
      cloud.keystoneIssuesToken().on('GET', /^\/v2\/images\?/, 200, { images: [B, A] });
      const run = await runCli(['image-list', '-f', 'value', '-c', 'ID'], { env: cloud.env });
      expect([run.exitCode, run.stdout, run.stderr]).toEqual([0, `${B.id}\n${A.id}\n`, '']);
    });

    it('-c picks and orders columns in the table too; --sort-column sorts after paging', async () => {
      cloud.keystoneIssuesToken().on('GET', /^\/v2\/images\?/, 200, { images: [B, A] });
      const run = await runCli(['image-list', '-c', 'Name', '-c', 'ID', '--sort-column', 'Name'], { env: cloud.env });
      expect(run.stdout).toBe(
        [
          '+-------+--------------------------------------+',
          '| Name  | ID                                   |',
          '+-------+--------------------------------------+',
          `| alpha | ${A.id} |`,
          `| beta  | ${B.id} |`,
          '+-------+--------------------------------------+',
          '',
        ].join('\n'),
      );
    });

    it('-f csv: a header and quoted text', async () => {
      cloud.keystoneIssuesToken().on('GET', /^\/v2\/images\?/, 200, { images: [A] });
      const run = await runCli(['image-list', '-f', 'csv'], { env: cloud.env });
      expect(run.stdout).toBe(`"ID","Name"\n"${A.id}","alpha"\n`);
    });

    it('v1 columns in json, sizes as numbers even with --human-readable', async () => {
      cloud.keystoneIssuesToken().on('GET', /^\/v2\/images\?/, 200, { images: [B] });
      const run = await runCli(['image-list', '--human-readable', '-f', 'json'], { env: cloud.env });
      expect(JSON.parse(run.stdout)).toEqual([
        { ID: B.id, Name: 'beta', 'Disk Format': 'qcow2', 'Container Format': 'bare', Size: 4521984, Status: 'active' },
      ]);
    });

    it('an unknown -c column is a usage error naming the valid ones', async () => {
      cloud.keystoneIssuesToken().on('GET', /^\/v2\/images\?/, 200, { images: [A] });
      const run = await runCli(['image-list', '-c', 'Bogus'], { env: cloud.env });
      expect(run.exitCode).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr.trimEnd().split('\n').at(-1)).toBe("glance image-list: error: argument -c/--column: invalid choice: 'Bogus' (choose from 'ID', 'Name')");
    });

    it('-f shell is for one record: a usage error on a list, before any request', async () => {
      const run = await runCli(['image-list', '-f', 'shell'], { env: cloud.env });
      expect(run.exitCode).toBe(2);
      expect(run.stderr.trimEnd().split('\n').at(-1)).toBe(
        "glance image-list: error: argument -f/--format: invalid choice: 'shell' (choose from 'table', 'json', 'yaml', 'value', 'csv')",
      );
      expect(cloud.requests).toEqual([]);
    });
  });
});
