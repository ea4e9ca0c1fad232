/** --os-cacert, --os-cert and --os-key files are checked before any request. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { fakeCloudPerTest } from '../../helpers/fake-openstack.js';

const cloud = fakeCloudPerTest();
let directory: string;
beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'glance-tls-files-'));
});
afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

const CERTIFICATE = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';

describe('TLS files', () => {
  it.each([
    ['--os-cacert', 'certificate'],
    ['--os-cert', 'certificate'],
    ['--os-key', 'private key'],
  ])('%s with a file that holds no PEM block is refused before any request', async (option, kind) => {
    const file = join(directory, 'not-pem.der');
    await writeFile(file, Buffer.from([0x30, 0x82, 0x01, 0x0a, 0x02, 0x82]));
    const run = await runCli([option, file, '--os-image-url', cloud.url, '--os-auth-token', 'x', 'image-list'], { env: {} });
    expect([run.exitCode, run.stdout, run.stderr]).toEqual([1, '', `${option} ${file} holds no PEM ${kind}\n`]);
    expect(cloud.requests).toEqual([]);
  });

  it('a PEM bundle is taken', async () => {
    const file = join(directory, 'ca.pem');
    await writeFile(file, `# a bundle\n${CERTIFICATE}`);
    cloud.on('GET', /^\/v2\/images\?/, 200, { images: [] });
    const run = await runCli(['--os-cacert', file, '--os-image-url', cloud.url, '--os-auth-token', 'x', 'image-list'], { env: {} });
    expect(run.stderr).toBe('');
  });
});
