/** Text a cloud controls (image names, properties, error messages) never reaches the terminal raw. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { image, startFakeOpenStack, type FakeOpenStack } from '../../helpers/fake-openstack.js';

const ID = '7a1e2f3c-0c3c-4b1e-9a51-2a6f7c1d9e03';
let cloud: FakeOpenStack;
beforeEach(async () => {
  cloud = await startFakeOpenStack();
});
afterEach(async () => {
  expect(cloud.unmatched).toEqual([]);
  await cloud.close();
});

describe('control characters from the cloud', () => {
  it('are escaped in table cells', async () => {
    cloud.keystoneIssuesToken().on('GET', `/v2/images/${ID}`, 200, image({ id: ID, name: 'ok\u001b[2J\u001b]0;owned\u0007', os_distro: 'abc\r\u202eexe' }));
    const run = await runCli(['image-show', ID, '-c', 'name', '-c', 'os_distro'], { env: cloud.env });
    expect([run.exitCode, run.stderr]).toEqual([0, '']);
    expect(run.stdout.split('\n').slice(3, 5)).toEqual(['| name      | ok\\x1b[2J\\x1b]0;owned\\x07 |', '| os_distro | abc\\x0d\\u202eexe          |']);
  });

  it('are kept in json, which escapes them itself', async () => {
    cloud.keystoneIssuesToken().on('GET', `/v2/images/${ID}`, 200, image({ id: ID, name: 'a\u001bb' }));
    const run = await runCli(['image-show', ID, '-f', 'json', '-c', 'name'], { env: cloud.env });
    expect(run.stdout).toBe('{\n  "name": "a\\u001bb"\n}\n');
  });

  it('are escaped in error messages quoted from the server', async () => {
    cloud.keystoneIssuesToken().on('GET', `/v2/images/${ID}`, 404, { message: 'No image \u001b[31mhere\u001b[0m', code: '404 Not Found', title: 'Not Found' });
    const run = await runCli(['image-show', ID], { env: cloud.env });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).not.toContain('\u001b');
    expect(run.stderr).toContain('\\x1b[31mhere\\x1b[0m');
  });
});
