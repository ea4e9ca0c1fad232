import { statSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { qemuImg, scratchDirectory } from '../../helpers/disk-images.js';
import { fakeCloudPerTest } from '../../helpers/fake-openstack.js';

const scratch = scratchDirectory();
const base = scratch.file('base.qcow2');
const child = scratch.file('child.qcow2');

beforeAll(() => {
  qemuImg('create', '-f', 'qcow2', base, '1G');
  // A relative backing file name, as qemu-img records it.
  qemuImg('create', '-f', 'qcow2', '-b', 'base.qcow2', '-F', 'qcow2', child);
});
afterAll(() => scratch.remove());

const cloud = fakeCloudPerTest();

describe('image-inspect', () => {
  it('prints format, sizes, the details and the verdict as a property table', async () => {
    const run = await runCli(['image-inspect', child]);
    expect(run).toMatchObject({ exitCode: 0, stderr: '' });
    const size = String(statSync(child).size).padEnd(33);
    expect(run.stdout).toBe(
      [
        '+---------------------+-----------------------------------+',
        '| Property            | Value                             |',
        '+---------------------+-----------------------------------+',
        '| format              | qcow2                             |',
        '| virtual_size        | 1073741824                        |',
        `| size                | ${size} |`,
        '| version             | 3                                 |',
        '| cluster_size        | 65536                             |',
        '| backing_file        | base.qcow2                        |',
        '| backing_file_format | qcow2                             |',
        '| data_file           | None                              |',
        '| encryption          | none                              |',
        '| snapshots           | 0                                 |',
        '| verdict             | unsafe: backing file "base.qcow2" |',
        '+---------------------+-----------------------------------+',
        '',
      ].join('\n'),
    );
  });

  it('says safe for a safe image', async () => {
    const run = await runCli(['image-inspect', base]);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('| verdict             | safe       |');
  });

  it('-f json has exactly format, virtual_size, size, safe, reasons and details', async () => {
    const run = await runCli(['image-inspect', child, '-f', 'json']);
    expect(run.exitCode).toBe(0);
    const data = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(Object.keys(data)).toEqual(['format', 'virtual_size', 'size', 'safe', 'reasons', 'details']);
    expect(data).toEqual({
      format: 'qcow2',
      virtual_size: 1073741824,
      size: statSync(child).size,
      safe: false,
      reasons: ['backing file "base.qcow2"'],
      details: { version: 3, cluster_size: 65536, backing_file: 'base.qcow2', backing_file_format: 'qcow2', data_file: null, encryption: 'none', snapshots: 0 },
    });
  });

  it('-c picks fields for value, shell and table output', async () => {
    expect((await runCli(['image-inspect', child, '-f', 'value', '-c', 'format', '-c', 'safe'])).stdout).toBe('qcow2 False\n');
    expect((await runCli(['image-inspect', base, '-f', 'shell', '-c', 'safe', '-c', 'virtual_size'])).stdout).toBe('safe="True"\nvirtual_size="1073741824"\n');
    expect((await runCli(['image-inspect', child, '-c', 'format'])).stdout).toBe(
      ['+----------+-------+', '| Property | Value |', '+----------+-------+', '| format   | qcow2 |', '+----------+-------+', ''].join('\n'),
    );
  });

  it('exits 1 with one line when the file cannot be read', async () => {
    const missing = scratch.file('missing.img');
    expect(await runCli(['image-inspect', missing])).toMatchObject({ exitCode: 1, stdout: '', stderr: `Cannot read ${missing}: no such file or directory\n` });
    expect(await runCli(['image-inspect', scratch.path])).toMatchObject({ exitCode: 1, stdout: '', stderr: `Cannot read ${scratch.path}: it is a directory\n` });
  });

  it('needs no credentials and sends nothing to the cloud', async () => {
    const run = await runCli(['image-inspect', base, '-f', 'value', '-c', 'safe'], { env: cloud.env });
    expect(run).toMatchObject({ exitCode: 0, stdout: 'True\n', stderr: '' });
    expect(cloud.requests).toEqual([]);
    // Nothing listens on port 9 of loopback (discard): an authentication attempt would fail.
    const closed = await runCli(['image-inspect', base, '-f', 'value', '-c', 'format'], { env: { OS_AUTH_URL: 'http://127.0.0.1:9/v3', OS_USERNAME: 'nobody', OS_PASSWORD: 'x', OS_PROJECT_NAME: 'p' } });
    expect(closed).toMatchObject({ exitCode: 0, stdout: 'qcow2\n', stderr: '' });
  });
});
