import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { fakeCloudPerTest, image } from '../../helpers/fake-openstack.js';
import { qcow2Bytes } from '../../helpers/disk-images.js';

const ID = '6f1b8a3e-0c3c-4b1e-9a51-2a6f7c1d9e01';
/** A qcow2, as --disk-format says: the inspection refuses data of another format. */
const DATA = qcow2Bytes(Buffer.from('image bytes '.repeat(1000)));
const MD5 = createHash('md5').update(DATA).digest('hex');
const SHA512 = createHash('sha512').update(DATA).digest('hex');
const ARGS = ['image-create', '--name', 'cirros', '--disk-format', 'qcow2', '--container-format', 'bare'];

function uploadedImage(fields: Record<string, unknown> = {}): Record<string, unknown> {
  return image({ checksum: MD5, os_hash_algo: 'sha512', os_hash_value: SHA512, size: DATA.length, ...fields });
}

const cloud = fakeCloudPerTest();

describe('image-create', () => {
  it('creates a record only when stdin is /dev/null, whatever python-glanceclient would do', async () => {
    cloud.keystoneIssuesToken().on('POST', '/v2/images', 201, image({ status: 'queued' }));
    const run = await runCli(ARGS, { env: cloud.env, stdinKind: 'null-device' });
    expect(run.exitCode).toBe(0);
    expect(cloud.log()).toEqual(['POST /v3/auth/tokens', 'POST /v2/images']);
    expect(JSON.parse(cloud.requests[1]!.text)).toEqual({ name: 'cirros', disk_format: 'qcow2', container_format: 'bare' });
    expect(run.stdout).toContain('| status           | queued ');
  });

  it('uploads piped stdin, sends no size for a pipe, and prints the image read back', async () => {
    cloud
      .keystoneIssuesToken()
      .on('POST', '/v2/images', 201, image({ status: 'queued' }))
      .on('PUT', `/v2/images/${ID}/file`, 204)
      .on('GET', `/v2/images/${ID}`, 200, uploadedImage());
    const run = await runCli(ARGS, { env: cloud.env, stdinKind: 'pipe', stdinData: DATA });
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    expect(cloud.log()).toEqual(['POST /v3/auth/tokens', 'POST /v2/images', `PUT /v2/images/${ID}/file`, `GET /v2/images/${ID}`]);
    const put = cloud.requests[2]!;
    expect(put.headers['content-type']).toBe('application/octet-stream');
    expect(put.headers['x-auth-token']).toBe('gAAAAAB-secret-token-value');
    expect(put.headers['x-openstack-image-size']).toBeUndefined();
    expect(put.body.equals(DATA)).toBe(true);
    expect(run.stdout).toContain(`| checksum         | ${MD5} `);
  });

  it('sends the size of a file on stdin in x-openstack-image-size', async () => {
    cloud
      .keystoneIssuesToken()
      .on('POST', '/v2/images', 201, image({ status: 'queued' }))
      .on('PUT', `/v2/images/${ID}/file`, 204)
      .on('GET', `/v2/images/${ID}`, 200, uploadedImage());
    const run = await runCli(ARGS, { env: cloud.env, stdinKind: 'file', stdinData: DATA });
    expect(run.exitCode).toBe(0);
    expect(cloud.requests[2]!.headers['x-openstack-image-size']).toBe(String(DATA.length));
    expect(cloud.requests[2]!.headers['content-length']).toBe(String(DATA.length));
  });

  it('deletes the new image and fails when Glance recorded a different os_hash_value', async () => {
    cloud
      .keystoneIssuesToken()
      .on('POST', '/v2/images', 201, image({ status: 'queued' }))
      .on('PUT', `/v2/images/${ID}/file`, 204)
      .on('GET', `/v2/images/${ID}`, 200, uploadedImage({ os_hash_value: '0'.repeat(128) }))
      .on('DELETE', `/v2/images/${ID}`, 204);
    const run = await runCli(ARGS, { env: cloud.env, stdinKind: 'pipe', stdinData: DATA });
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toBe('');
    expect(cloud.log().at(-1)).toBe(`DELETE /v2/images/${ID}`);
    expect(run.stderr).toBe(
      `Deleted image ${ID}: its upload did not complete.\n` +
        `Upload verification failed for image ${ID}: os_hash_value is ${'0'.repeat(128)} but the data sent has sha512 ${SHA512}\n`,
    );
  });

  it('checks the md5 checksum on a cloud whose records have no os_hash_algo (Glance before Rocky)', async () => {
    const legacy = (fields: Record<string, unknown>): Record<string, unknown> => {
      const { os_hash_algo: _algo, os_hash_value: _value, ...rest } = image(fields);
      return rest;
    };
    cloud
      .keystoneIssuesToken()
      .on('POST', '/v2/images', 201, legacy({ status: 'queued' }))
      .on('PUT', `/v2/images/${ID}/file`, 204)
      .on('GET', `/v2/images/${ID}`, 200, legacy({ checksum: '0'.repeat(32), size: DATA.length }))
      .on('DELETE', `/v2/images/${ID}`, 204);
    const run = await runCli(ARGS, { env: cloud.env, stdinKind: 'pipe', stdinData: DATA });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toBe(
      `Deleted image ${ID}: its upload did not complete.\n` +
        `Upload verification failed for image ${ID}: checksum is ${'0'.repeat(32)} but the data sent has md5 ${MD5}\n`,
    );
  });

  it('says when only the size could be verified: a cloud with another os_hash_algo', async () => {
    cloud
      .keystoneIssuesToken()
      .on('POST', '/v2/images', 201, image({ status: 'queued' }))
      .on('PUT', `/v2/images/${ID}/file`, 204)
      .on('GET', `/v2/images/${ID}`, 200, uploadedImage({ os_hash_algo: 'sha256', os_hash_value: '0'.repeat(64) }));
    const run = await runCli(ARGS, { env: cloud.env, stdinKind: 'pipe', stdinData: DATA });
    expect(run.exitCode).toBe(0);
    expect(run.stderr).toBe(`Only the size of image ${ID} was verified: Glance recorded sha256, the client computed sha512\n`);
  });

  it('deletes the new image when the upload is refused, so nothing is left queued', async () => {
    cloud
      .keystoneIssuesToken()
      .on('POST', '/v2/images', 201, image({ status: 'queued' }))
      .on('PUT', `/v2/images/${ID}/file`, 413, '<html>\n <body>\n  <h1>413 Request Entity Too Large</h1>\n  Image exceeds the storage quota<br /><br />\n\n </body>\n</html>', {
        'content-type': 'text/html',
      })
      .on('DELETE', `/v2/images/${ID}`, 204);
    const run = await runCli(ARGS, { env: cloud.env, stdinKind: 'pipe', stdinData: DATA });
    expect(run.exitCode).toBe(1);
    expect(cloud.log().at(-1)).toBe(`DELETE /v2/images/${ID}`);
    expect(run.stderr).toBe(
      `Deleted image ${ID}: its upload did not complete.\nHTTP 413 Request Entity Too Large: Image exceeds the storage quota\n`,
    );
  });

  it('says which image is left when the clean-up itself fails', async () => {
    cloud
      .keystoneIssuesToken()
      .on('POST', '/v2/images', 201, image({ status: 'queued' }))
      .on('PUT', `/v2/images/${ID}/file`, 500, '')
      // Glance may still be busy with the cut request: three tries before giving up.
      .on('DELETE', `/v2/images/${ID}`, 500, '')
      .on('DELETE', `/v2/images/${ID}`, 409, '')
      .on('DELETE', `/v2/images/${ID}`, 500, '');
    const run = await runCli(ARGS, { env: cloud.env, stdinKind: 'pipe', stdinData: DATA });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toBe(
      `Image ${ID} was created but its upload did not complete, and deleting it failed (HTTP HTTPInternalServerError); ` +
        `delete it with: glance image-delete ${ID}\nHTTP HTTPInternalServerError\n`,
    );
  });

  it('never sends an upload from a pipe twice: a 503 on it is the error; the clean-up DELETE is retried by the HTTP client alone', async () => {
    cloud
      .keystoneIssuesToken()
      .on('POST', '/v2/images', 201, image({ status: 'queued' }))
      .on('PUT', `/v2/images/${ID}/file`, 503, '');
    for (let answer = 0; answer < 4; answer++) {
      cloud.on('DELETE', `/v2/images/${ID}`, 503, '');
    }
    const run = await runCli(ARGS, { env: cloud.env, stdinKind: 'pipe', stdinData: DATA });
    expect(run.exitCode).toBe(1);
    // --retries 3: four DELETEs in all, not the clean-up's three tries times four.
    expect(cloud.log()).toEqual(['POST /v3/auth/tokens', 'POST /v2/images', `PUT /v2/images/${ID}/file`, ...Array(4).fill(`DELETE /v2/images/${ID}`)]);
    const url = `${cloud.url}/v2/images/${ID}`;
    expect(run.stderr).toBe(
      `Retrying DELETE ${url} after HTTP 503 (attempt 2 of 4) in 0.5 s\n` +
        `Retrying DELETE ${url} after HTTP 503 (attempt 3 of 4) in 1 s\n` +
        `Retrying DELETE ${url} after HTTP 503 (attempt 4 of 4) in 2 s\n` +
        `Image ${ID} was created but its upload did not complete, and deleting it failed (HTTP HTTPServiceUnavailable); ` +
        `delete it with: glance image-delete ${ID}\nHTTP HTTPServiceUnavailable\n`,
    );
  });

  it('requires both formats when there is data, before any request', async () => {
        const run = await runCli(['image-create', '--name', 'x'], { env: cloud.env, stdinKind: 'pipe', stdinData: DATA });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toBe('error: Must provide --disk-format, --container-format when using stdin.\n');
    expect(cloud.log()).toEqual([]);
  });

  it('names a file it cannot read, before any request', async () => {
        const run = await runCli([...ARGS, '--file', '/nonexistent/cirros.img'], { env: cloud.env });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toBe('File /nonexistent/cirros.img does not exist or user does not have read privileges to it\n');
    expect(cloud.log()).toEqual([]);
  });

  it('rejects a disk format outside the schema with the reference first line', async () => {
    const run = await runCli(['image-create', '--name', 'x', '--disk-format', 'foo'], { env: cloud.env });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toBe(
      "Unable to set 'disk_format' to 'foo'. Reason: 'foo' is not one of [None, 'ami', 'ari', 'aki', 'vhd', 'vhdx', 'vmdk', 'raw', 'qcow2', 'vdi', 'iso', 'ploop']\n",
    );
  });

  it('refuses --size without data and --store without data', async () => {
    const size = await runCli([...ARGS, '--size', '10'], { env: cloud.env });
    expect(size.stderr).toBe("Setting 'size' during image creation is not supported. Please use --size only when uploading data.\n");
    const store = await runCli([...ARGS, '--store', 'fast'], { env: cloud.env });
    expect(store.stderr).toBe('--store option should only be provided with --file option or stdin.\n');
    expect([size.exitCode, store.exitCode]).toEqual([1, 1]);
  });

  it('checks --store against the stores the cloud offers', async () => {
    cloud.keystoneIssuesToken().on('GET', '/v2/info/stores', 200, { stores: [{ id: 'fast' }, { id: 'cheap' }] });
    const run = await runCli([...ARGS, '--store', 'slow'], { env: cloud.env, stdinKind: 'pipe', stdinData: DATA });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toBe("Store 'slow' is not valid for this cloud. Valid values can be retrieved with stores-info command.\n");
    expect(cloud.log()).toEqual(['POST /v3/auth/tokens', 'GET /v2/info/stores']);
  });

  it('sends typed schema fields, tags, --hidden and --property values', async () => {
    cloud.keystoneIssuesToken().on('POST', '/v2/images', 201, image({ status: 'queued' }));
    const run = await runCli(
      ['image-create', '--name', 'n', '--protected', 'yes', '--min-ram', '64', '--tags', 'a', 'b', '--hidden', 'True', '--property', 'os_distro=cirros', '--property', 'k=a=b'],
      { env: cloud.env },
    );
    expect(run.exitCode).toBe(0);
    expect(JSON.parse(cloud.requests[1]!.text)).toEqual({
      name: 'n',
      protected: true,
      min_ram: 64,
      tags: ['a', 'b'],
      os_hidden: true,
      os_distro: 'cirros',
      k: 'a=b',
    });
  });

  it('rejects a non-boolean --protected as a usage error', async () => {
    const run = await runCli(['image-create', '--protected', 'maybe'], { env: cloud.env });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain("invalid boolean value: 'maybe'");
  });

  describe('machine output', () => {
    function createsWithData(fields: Record<string, unknown> = {}): void {
      cloud
        .keystoneIssuesToken()
        .on('POST', '/v2/images', 201, image({ status: 'queued' }))
        .on('PUT', `/v2/images/${ID}/file`, 204)
        .on('GET', `/v2/images/${ID}`, 200, uploadedImage({ min_ram: 512, protected: true, tags: ['golden', 'x86'], ...fields }));
    }

    it('-f json: one object keyed by the API field names, with JSON types; links left out', async () => {
      createsWithData();
      const run = await runCli([...ARGS, '-f', 'json'], { env: cloud.env, stdinKind: 'pipe', stdinData: DATA });
      expect([run.exitCode, run.stderr]).toEqual([0, '']);
      const record = JSON.parse(run.stdout) as Record<string, unknown>;
      expect(record).toEqual({
        id: ID,
        name: 'cirros',
        status: 'active',
        visibility: 'public',
        protected: true,
        os_hidden: false,
        checksum: MD5,
        os_hash_algo: 'sha512',
        os_hash_value: SHA512,
        size: DATA.length,
        virtual_size: null,
        disk_format: 'qcow2',
        container_format: 'bare',
        min_disk: 0,
        min_ram: 512,
        owner: '7029d37fa0fd4120bc7490157dfcec9a',
        tags: ['golden', 'x86'],
        stores: 'fast',
        created_at: '2026-11-25T11:53:58Z',
        updated_at: '2026-11-25T11:53:58Z',
      });
      // The table's "Not available" is for the table only.
      expect(run.stdout).toContain('"virtual_size": null');
    });

    it('-f value -c id: the new image id alone, for ID=$(...)', async () => {
      cloud.keystoneIssuesToken().on('POST', '/v2/images', 201, image({ status: 'queued' }));
      const run = await runCli([...ARGS, '-f', 'value', '-c', 'id'], { env: cloud.env, stdinKind: 'null-device' });
      expect([run.exitCode, run.stdout]).toEqual([0, `${ID}\n`]);
    });

    it('-f shell -c status -c size: variables a shell can eval; null is empty', async () => {
      cloud.keystoneIssuesToken().on('POST', '/v2/images', 201, image({ status: 'queued' }));
      const run = await runCli([...ARGS, '-f', 'shell', '-c', 'status', '-c', 'size', '--prefix', 'img_'], { env: cloud.env, stdinKind: 'null-device' });
      expect(run.stdout).toBe('img_status="queued"\nimg_size=""\n');
    });

    it('-f json with --human-readable keeps the size a number', async () => {
      createsWithData();
      const run = await runCli([...ARGS, '--human-readable', '-f', 'json', '-c', 'size'], { env: cloud.env, stdinKind: 'pipe', stdinData: DATA });
      expect(JSON.parse(run.stdout)).toEqual({ size: DATA.length });
    });

    it('v1 options: the v1 record in json, custom properties under their own names', async () => {
      cloud.keystoneIssuesToken().on('POST', '/v2/images', 201, image({ status: 'queued', visibility: 'private', os_distro: 'cirros' }));
      const run = await runCli([...ARGS, '--is-public', 'False', '--property', 'os_distro=cirros', '-f', 'json'], { env: cloud.env, stdinKind: 'null-device' });
      const record = JSON.parse(run.stdout) as Record<string, unknown>;
      expect(record).toMatchObject({ is_public: false, deleted: false, deleted_at: null, protected: false, os_distro: 'cirros', size: null });
      expect(record).not.toHaveProperty('visibility');
      expect(record).not.toHaveProperty("Property 'os_distro'");
    });

    it('an unknown -c field is a usage error naming the valid ones, and the image made', async () => {
      cloud.keystoneIssuesToken().on('POST', '/v2/images', 201, image({ status: 'queued' }));
      const run = await runCli([...ARGS, '-c', 'bogus'], { env: cloud.env, stdinKind: 'null-device' });
      expect(run.exitCode).toBe(2);
      expect(run.stdout).toBe('');
      const last = run.stderr.trimEnd().split('\n').at(-1);
      expect(last).toMatch(/^glance image-create: error: argument -c\/--column: invalid choice: 'bogus' \(choose from 'id', 'name', 'status', /);
      expect(last).toContain("'min_ram'");
      expect(last).not.toContain("'self'");
      expect(last).toMatch(/; the image was created all the same: 6f1b8a3e-0c3c-4b1e-9a51-2a6f7c1d9e01$/);
    });

    it('-f before the subcommand is still --force, not --format', async () => {
      cloud.keystoneIssuesToken().on('POST', '/v2/images', 201, image({ status: 'queued' }));
      const run = await runCli(['-f', ...ARGS], { env: cloud.env, stdinKind: 'null-device' });
      expect(run.exitCode).toBe(0);
      expect(run.stdout).toMatch(/^\+-+\+-+\+\n\| Property +\| Value +\|\n/);
    });
  });
});
