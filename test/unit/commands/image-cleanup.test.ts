/** A create that does not finish leaves no image behind, even when it is interrupted or Glance is slow to let go. */
import { describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { fakeCloudPerTest, image } from '../../helpers/fake-openstack.js';
import { qcow2Bytes } from '../../helpers/disk-images.js';

const ID = '6f1b8a3e-0c3c-4b1e-9a51-2a6f7c1d9e01';
const ARGS = ['image-create', '--name', 'cirros', '--disk-format', 'qcow2', '--container-format', 'bare'];
const cloud = fakeCloudPerTest();

describe('clean-up of an unfinished image-create', () => {
  it('tries the delete again while Glance is busy with the cut upload', async () => {
    cloud
      .keystoneIssuesToken()
      .on('POST', '/v2/images', 201, image({ status: 'queued' }))
      .on('PUT', `/v2/images/${ID}/file`, 500, '')
      .on('DELETE', `/v2/images/${ID}`, 500, '')
      .on('DELETE', `/v2/images/${ID}`, 204);
    const run = await runCli(ARGS, { env: cloud.env, stdinKind: 'pipe', stdinData: qcow2Bytes() });
    expect([run.exitCode, run.stderr]).toEqual([1, `Deleted image ${ID}: its upload did not complete.\nHTTP HTTPInternalServerError\n`]);
    expect(cloud.log().filter((line) => line.startsWith('DELETE'))).toHaveLength(2);
  });

  it('does not cut the create request on Ctrl-C: the new image is deleted instead of orphaned', async () => {
    const interrupt = new AbortController();
    cloud
      .keystoneIssuesToken()
      .route('POST', '/v2/images', (_request, response) => {
        // Ctrl-C arrives while Glance is creating the image.
        interrupt.abort();
        setTimeout(() => {
          response.writeHead(201, { 'content-type': 'application/json' });
          response.end(JSON.stringify(image({ status: 'queued' })));
        }, 50);
      })
      .on('DELETE', `/v2/images/${ID}`, 204);
    const run = await runCli(ARGS, { env: cloud.env, stdinKind: 'pipe', stdinData: qcow2Bytes(), signal: interrupt.signal });
    expect(run.exitCode).toBe(130);
    expect(run.stderr).toBe(`Deleted image ${ID}: the command was interrupted.\n... terminating glance client\n`);
    expect(cloud.log()).toEqual(['POST /v3/auth/tokens', 'POST /v2/images', `DELETE /v2/images/${ID}`]);
  });
});
