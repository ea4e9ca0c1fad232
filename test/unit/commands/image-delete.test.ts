import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { startFakeOpenStack, type FakeOpenStack } from '../../helpers/fake-openstack.js';

let cloud: FakeOpenStack;
beforeEach(async () => {
  cloud = await startFakeOpenStack();
});
afterEach(async () => {
  await cloud.close();
});

describe('image-delete', () => {
  it('deletes every id, reports each failure in the reference words, and exits 1 at the end', async () => {
    cloud
      .keystoneIssuesToken()
      .on('DELETE', '/v2/images/a', 204)
      .on('DELETE', '/v2/images/b', 403, '')
      .on('DELETE', '/v2/images/c', 404, '')
      .on('DELETE', '/v2/images/d', 409, '')
      .on('DELETE', '/v2/images/e', 500, '')
      .on('DELETE', '/v2/images/f', 204);
    const run = await runCli(['image-delete', 'a', 'b', 'c', 'd', 'e', 'f'], { env: cloud.env });
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      "You are not permitted to delete the image 'b'.\n" +
        "No image with an ID of 'c' exists.\n" +
        "Unable to delete image 'd' because it is in use.\n" +
        "'HTTP HTTPInternalServerError': Unable to delete image 'e'\n",
    );
    expect(cloud.log().slice(1)).toEqual(['a', 'b', 'c', 'd', 'e', 'f'].map((id) => `DELETE /v2/images/${id}`));
  });

  it('exits 0 when every delete succeeds', async () => {
    cloud.keystoneIssuesToken().on('DELETE', '/v2/images/a', 204);
    const run = await runCli(['image-delete', 'a'], { env: cloud.env });
    expect([run.exitCode, run.stdout, run.stderr]).toEqual([0, '', '']);
  });
});
