/** usage and explain against the loopback fake cloud. */
import { describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { fakeCloudPerTest } from '../../helpers/fake-openstack.js';

const cloud = fakeCloudPerTest({ issuesToken: true });

describe('usage', () => {
  const USAGE = {
    usage: {
      image_size_total: { limit: 1000, usage: 0 },
      image_stage_total: { limit: 1000, usage: 12 },
      image_count_total: { limit: 100, usage: 3 },
      image_count_uploading: { limit: 10, usage: 0 },
    },
  };

  it("prints each quota in Glance's order, as print_dict_list does (0 included)", async () => {
    cloud.on('GET', '/v2/info/usage', 200, USAGE);
    const run = await runCli(['usage'], { env: cloud.env });
    expect([run.exitCode, run.stderr]).toEqual([0, '']);
    // Printed by python-glanceclient 4.1's do_usage from the same JSON.
    expect(run.stdout).toBe(
      [
        '+-----------------------+-------+-------+',
        '| Quota                 | Limit | Usage |',
        '+-----------------------+-------+-------+',
        '| image_size_total      | 1000  | 0     |',
        '| image_stage_total     | 1000  | 12    |',
        '| image_count_total     | 100   | 3     |',
        '| image_count_uploading | 10    | 0     |',
        '+-----------------------+-------+-------+',
        '',
      ].join('\n'),
    );
    expect(cloud.log()).toEqual(['POST /v3/auth/tokens', 'GET /v2/info/usage']);
  });

  it('prints the header block alone for a cloud without Keystone limits', async () => {
    cloud.on('GET', '/v2/info/usage', 200, { usage: {} });
    const run = await runCli(['usage'], { env: cloud.env });
    expect(run.stdout).toBe(['+-------+-------+-------+', '| Quota | Limit | Usage |', '+-------+-------+-------+', '+-------+-------+-------+', ''].join('\n'));
  });

  it('gives numbers to -f json and csv', async () => {
    cloud.on('GET', '/v2/info/usage', 200, USAGE);
    const json = await runCli(['usage', '-f', 'json'], { env: cloud.env });
    expect(JSON.parse(json.stdout)[2]).toEqual({ Quota: 'image_count_total', Limit: 100, Usage: 3 });
    cloud.keystoneIssuesToken().on('GET', '/v2/info/usage', 200, USAGE);
    const csv = await runCli(['usage', '-f', 'csv', '-c', 'Quota', '-c', 'Usage'], { env: cloud.env });
    expect(csv.stdout).toBe('"Quota","Usage"\n"image_size_total",0\n"image_stage_total",12\n"image_count_total",3\n"image_count_uploading",0\n');
  });
});

describe('explain', () => {
  const SCHEMA = {
    name: 'image',
    properties: {
      id: { type: 'string', description: 'An identifier for the image' },
      name: { type: ['null', 'string'], description: 'Descriptive name for the image', maxLength: 255 },
      self: { type: 'string' },
      locations: { type: 'array', description: 'A set of URLs to access the image file kept in external store' },
    },
  };

  it('lists the attributes in schema order, an empty cell where there is no description', async () => {
    cloud.on('GET', '/v2/schemas/image', 200, SCHEMA);
    const run = await runCli(['explain', 'image'], { env: cloud.env });
    expect([run.exitCode, run.stderr]).toEqual([0, '']);
    // Printed by python-glanceclient 4.1's do_explain from the same schema.
    expect(run.stdout).toBe(
      [
        '+-----------+---------------------------------------------------------------+',
        '| Attribute | Description                                                   |',
        '+-----------+---------------------------------------------------------------+',
        '| id        | An identifier for the image                                   |',
        '| name      | Descriptive name for the image                                |',
        '| self      |                                                               |',
        '| locations | A set of URLs to access the image file kept in external store |',
        '+-----------+---------------------------------------------------------------+',
        '',
      ].join('\n'),
    );
  });

  it('does not wrap long descriptions', async () => {
    const description = `${'word '.repeat(40)}end`;
    cloud.on('GET', '/v2/schemas/image', 200, { name: 'image', properties: { tags: { description } } });
    const run = await runCli(['explain', 'image'], { env: cloud.env });
    expect(run.stdout.split('\n')[3]).toBe(`| tags      | ${description} |`);
  });

  it('asks for a metadefs model with its slash, each part one encoded segment', async () => {
    cloud.on('GET', '/v2/schemas/metadefs/namespace', 200, { name: 'namespace', properties: { namespace: { description: 'The unique namespace text.' } } });
    expect((await runCli(['explain', 'metadefs/namespace', '-f', 'value'], { env: cloud.env })).stdout).toBe('namespace The unique namespace text.\n');
    cloud.keystoneIssuesToken().on('GET', '/v2/schemas/a%20b/c%3Fd', 404, '');
    expect((await runCli(['explain', 'a b/c?d'], { env: cloud.env })).stderr).toBe("Unable to find requested model 'a b/c?d'\n");
  });

  it('names a model Glance does not have', async () => {
    cloud.on('GET', '/v2/schemas/nothing', 404, '');
    const run = await runCli(['explain', 'nothing'], { env: cloud.env });
    expect([run.exitCode, run.stdout, run.stderr]).toEqual([1, '', "Unable to find requested model 'nothing'\n"]);
  });

  it('needs the model (a usage error)', async () => {
    const run = await runCli(['explain'], { env: cloud.env });
    expect(run.exitCode).toBe(2);
    expect(run.stderr.trimEnd().split('\n').at(-1)).toBe('glance explain: error: the following arguments are required: <MODEL>');
  });
});
