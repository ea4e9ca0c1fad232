import { describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { fakeCloudPerTest, image } from '../../helpers/fake-openstack.js';

const ID = '6f1b8a3e-0c3c-4b1e-9a51-2a6f7c1d9e01';
const HASH = '26de41bd4512c297e264d24ac9ced4c509e8f60eb3cd2fbf7168fa1fca893e5c6a7c892b49f0799bc458f1e496f16488ceffb04e030897b80ed427233b8ac3e6';

const cloud = fakeCloudPerTest();

const ACTIVE = image({ checksum: '4baa4e8d06946979f7ff531268360596', os_hash_algo: 'sha512', os_hash_value: HASH, size: 4521984, virtual_size: 67108864 });

describe('image-show', () => {
  it('prints the property table as python-glanceclient does', async () => {
    cloud.keystoneIssuesToken().on('GET', `/v2/images/${ID}`, 200, ACTIVE);
    const run = await runCli(['image-show', ID], { env: cloud.env });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toBe(
      [
        '+------------------+----------------------------------------------------------------------------------+',
        '| Property         | Value                                                                            |',
        '+------------------+----------------------------------------------------------------------------------+',
        '| checksum         | 4baa4e8d06946979f7ff531268360596                                                 |',
        '| container_format | bare                                                                             |',
        '| created_at       | 2026-11-25T11:53:58Z                                                             |',
        '| disk_format      | qcow2                                                                            |',
        `| id               | ${ID}                                             |`,
        '| min_disk         | 0                                                                                |',
        '| min_ram          | 0                                                                                |',
        '| name             | cirros                                                                           |',
        '| os_hash_algo     | sha512                                                                           |',
        '| os_hash_value    | 26de41bd4512c297e264d24ac9ced4c509e8f60eb3cd2fbf7168fa1fca893e5c6a7c892b49f0799b |',
        '|                  | c458f1e496f16488ceffb04e030897b80ed427233b8ac3e6                                 |',
        '| os_hidden        | False                                                                            |',
        '| owner            | 7029d37fa0fd4120bc7490157dfcec9a                                                 |',
        '| protected        | False                                                                            |',
        '| size             | 4521984                                                                          |',
        '| status           | active                                                                           |',
        '| stores           | fast                                                                             |',
        '| tags             | []                                                                               |',
        '| updated_at       | 2026-11-25T11:53:58Z                                                             |',
        '| virtual_size     | 67108864                                                                         |',
        '| visibility       | public                                                                           |',
        '+------------------+----------------------------------------------------------------------------------+',
        '',
      ].join('\n'),
    );
  });

  it('shows a human-readable size, Not available for an unknown virtual size, and wraps at --max-column-width', async () => {
    cloud.keystoneIssuesToken().on('GET', `/v2/images/${ID}`, 200, { ...ACTIVE, virtual_size: null });
    const run = await runCli(['image-show', '--human-readable', '--max-column-width', '40', ID], { env: cloud.env });
    const lines = run.stdout.split('\n');
    expect(lines).toContain('| size             | 4.3MB                                    |');
    expect(lines).toContain('| virtual_size     | Not available                            |');
    expect(lines.filter((line) => line.startsWith('|                  |'))).toHaveLength(3);
  });

  it('words a missing image as the reference does', async () => {
    cloud.keystoneIssuesToken().on('GET', '/v2/images/nope', 404, '<html>\n <head>\n  <title>404 Not Found</title>\n </head>\n <body>\n  <h1>404 Not Found</h1>\n  No image found with ID nope<br /><br />\n\n\n </body>\n</html>', {
      'content-type': 'text/html; charset=UTF-8',
    });
    const run = await runCli(['image-show', 'nope'], { env: cloud.env });
    expect([run.exitCode, run.stdout, run.stderr]).toEqual([1, '', 'HTTP 404 Not Found: No image found with ID nope\n']);
  });
});

describe('image-update', () => {
  it('sends one JSON patch: replace what exists, add what does not, remove only existing properties', async () => {
    cloud
      .keystoneIssuesToken()
      .on('GET', `/v2/images/${ID}`, 200, { ...ACTIVE, foo: 'bar' })
      .on('PATCH', `/v2/images/${ID}`, 200, { ...ACTIVE, name: 'renamed', os_distro: 'cirros' });
    const run = await runCli(
      ['image-update', ID, '--name', 'renamed', '--min-ram', '64', '--property', 'os_distro=cirros', '--remove-property', 'foo', '--remove-property', 'absent'],
      { env: cloud.env },
    );
    expect(run.exitCode).toBe(0);
    const patch = cloud.requests[2]!;
    expect(patch.headers['content-type']).toBe('application/openstack-images-v2.1-json-patch');
    expect(JSON.parse(patch.text)).toEqual([
      { op: 'replace', path: '/name', value: 'renamed' },
      { op: 'replace', path: '/min_ram', value: 64 },
      { op: 'add', path: '/os_distro', value: 'cirros' },
      { op: 'remove', path: '/foo' },
    ]);
    expect(run.stdout).toContain('| os_distro        | cirros ');
  });
});

describe('image-tag-update', () => {
  it('prints the image id and its tags as a Python list', async () => {
    cloud.keystoneIssuesToken().on('PUT', `/v2/images/${ID}/tags/smoke`, 204).on('GET', `/v2/images/${ID}`, 200, { ...ACTIVE, tags: ['smoke'] });
    const run = await runCli(['image-tag-update', ID, 'smoke'], { env: cloud.env });
    expect(run.stdout).toBe(
      [
        '+--------------------------------------+-----------+',
        '| ID                                   | Tags      |',
        '+--------------------------------------+-----------+',
        `| ${ID} | ['smoke'] |`,
        '+--------------------------------------+-----------+',
        '',
      ].join('\n'),
    );
  });
});
