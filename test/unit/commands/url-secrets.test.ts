/**
 * A password or a signature in a URL the user gives (--copy-from, --uri, --url, --location) never
 * reaches the screen: not in our messages, not in Glance's messages that quote it, not in --debug.
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { fakeCloudPerTest, image } from '../../helpers/fake-openstack.js';

const ID = '6f1b8a3e-0c3c-4b1e-9a51-2a6f7c1d9e01';
const SECRET = 'url-pass-w0rd';
const CREATE = ['image-create', '--name', 'x', '--disk-format', 'raw', '--container-format', 'bare'];
const METHODS = { 'import-methods': { value: ['glance-direct', 'web-download'] } };

const cloud = fakeCloudPerTest({ issuesToken: true });

/** What a Glance with an import filter answers for a URL it will not fetch: the URL quoted whole. */
function refuses(url: string): [number, string, Record<string, string>] {
  const html = `<html>\n <head>\n  <title>400 Bad Request</title>\n </head>\n <body>\n  <h1>400 Bad Request</h1>\n  URI for web-download does not pass filtering: ${url}<br /><br />\n\n\n\n </body>\n</html>`;
  return [400, html, { 'content-type': 'text/html; charset=UTF-8' }];
}

describe('URLs with secrets', () => {
  it('--copy-from that the cloud refuses: its password is masked in the error (server mode)', async () => {
    const url = `http://alice:${SECRET}@[::1]:8000/cirros.img`;
    cloud
      .on('POST', '/v2/images', 201, image({ status: 'queued' }))
      .on('GET', '/v2/info/import', 200, METHODS)
      .on('POST', `/v2/images/${ID}/import`, ...refuses(url))
      .on('DELETE', `/v2/images/${ID}`, 204);
    const run = await runCli([...CREATE, '--copy-from', url, '--copy-from-mode', 'server'], { env: cloud.env });
    expect([run.exitCode, run.stderr]).toEqual([
      1,
      `Deleted image ${ID}: its upload did not complete.\nHTTP 400 Bad Request: URI for web-download does not pass filtering: http://alice:***@[::1]:8000/cirros.img\n`,
    ]);
    // The cloud needs the URL as given.
    expect(JSON.parse(cloud.requests[3]!.text).method.uri).toBe(url);
  });

  it('--copy-from in auto mode: the warning and the client-side fetch failure mask it too', async () => {
    const url = `${cloud.url.replace('//', `//alice:${SECRET}@`)}/files/x.img?X-Amz-Signature=0badc0de&X-Amz-Expires=60`;
    const shown = `${cloud.url.replace('//', '//alice:***@')}/files/x.img?X-Amz-Signature=***&X-Amz-Expires=60`;
    cloud
      .on('POST', '/v2/images', 201, image({ status: 'queued' }))
      .on('GET', '/v2/info/import', 200, METHODS)
      .on('POST', `/v2/images/${ID}/import`, ...refuses(url))
      .on('GET', '/files/x.img?X-Amz-Signature=0badc0de&X-Amz-Expires=60', 403, 'no')
      .on('DELETE', `/v2/images/${ID}`, 204);
    const run = await runCli([...CREATE, '--copy-from', url], { env: cloud.env });
    expect([run.exitCode, run.stderr]).toEqual([
      1,
      `The cloud refused to fetch ${shown} itself (HTTP 400 Bad Request: URI for web-download does not pass filtering: ${shown}); copying it through this client.\n` +
        `Deleted image ${ID}: its upload did not complete.\nUnable to read ${shown}: HTTP 403\n`,
    ]);
  });

  it('--debug request lines and bodies show the --copy-from URL masked', async () => {
    const url = `http://alice:${SECRET}@[::1]:8000/cirros.img?token=t0k3n`;
    cloud
      .on('POST', '/v2/images', 201, image({ status: 'queued' }))
      .on('GET', '/v2/info/import', 200, METHODS)
      .on('POST', `/v2/images/${ID}/import`, ...refuses(url))
      .on('DELETE', `/v2/images/${ID}`, 204);
    const run = await runCli(['--debug', ...CREATE, '--copy-from', url, '--copy-from-mode', 'server'], { env: cloud.env });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain(`-d '{"method":{"name":"web-download","uri":"http://alice:***@[::1]:8000/cirros.img?token=***"}}'`);
    expect(run.stderr).toContain('does not pass filtering: http://alice:***@[::1]:8000/cirros.img?token=***');
    expect(run.stderr).not.toContain(SECRET);
    expect(run.stderr).not.toContain('t0k3n');
  });

  it('--location that the cloud refuses', async () => {
    const url = `http://alice:${SECRET}@images.example/x.img`;
    cloud
      .on('POST', '/v2/images', 201, image({ status: 'queued' }))
      .on('PATCH', `/v2/images/${ID}`, 400, { message: `Invalid location ${url}` })
      .on('DELETE', `/v2/images/${ID}`, 204);
    const run = await runCli([...CREATE, '--location', url], { env: cloud.env });
    expect(run.exitCode).toBe(1);
    expect(run.stderr.split('\n').at(-2)).toBe(
      'This cloud did not accept the image location http://alice:***@images.example/x.img: HTTP Invalid location http://alice:***@images.example/x.img',
    );
    expect(run.stderr).not.toContain(SECRET);
  });

  it('image-import --uri that the cloud refuses', async () => {
    const url = `https://alice:${SECRET}@images.example/x.img`;
    cloud
      .on('GET', '/v2/info/import', 200, METHODS)
      .on('GET', `/v2/images/${ID}`, 200, image({ id: ID, status: 'queued' }))
      .on('POST', `/v2/images/${ID}/import`, ...refuses(url));
    const run = await runCli(['image-import', '--import-method', 'web-download', '--uri', url, ID], { env: cloud.env });
    expect([run.exitCode, run.stderr]).toEqual([1, 'HTTP 400 Bad Request: URI for web-download does not pass filtering: https://alice:***@images.example/x.img\n']);
  });

  it('location-update and location-delete name an unknown URL masked', async () => {
    const withLocations = image({ locations: [{ url: 'http://127.0.0.1:8000/a.img', metadata: {} }] });
    cloud.on('GET', `/v2/images/${ID}`, 200, withLocations).on('GET', `/v2/images/${ID}`, 200, withLocations);
    cloud.keystoneIssuesToken();
    const update = await runCli(['location-update', ID, '--url', `http://bob:${SECRET}@h/x`, '--metadata', '{}'], { env: cloud.env });
    expect([update.exitCode, update.stderr]).toEqual([1, 'HTTP Unknown URL: http://bob:***@h/x, the URL must be one of existing locations of current image\n']);
    const remove = await runCli(['location-delete', ID, '--url', `http://bob:${SECRET}@h/x`, '--url', 'https://h/y?sig=abc'], { env: cloud.env });
    expect([remove.exitCode, remove.stderr]).toEqual([1, "HTTP Unknown URL(s): ['http://bob:***@h/x', 'https://h/y?sig=***']\n"]);
  });

  it('an image endpoint that does not answer is named masked', async () => {
    const run = await runCli(['--os-image-url', `http://carol:${SECRET}@127.0.0.1:1`, 'image-show', ID], { env: { OS_AUTH_TOKEN: 't' } });
    expect(run.exitCode).toBe(1);
    // The lines before it say each retry, masked too.
    expect(run.stderr.trimEnd().split('\n').at(-1)).toMatch(/^Unable to establish connection to http:\/\/carol:\*\*\*@127\.0\.0\.1:1\/v2\/images\/6f1b8a3e-0c3c-4b1e-9a51-2a6f7c1d9e01: /);
    expect(run.stderr).toContain('Retrying GET http://carol:***@127.0.0.1:1/v2/images/');
    expect(run.stderr).not.toContain(SECRET);
  });
});
