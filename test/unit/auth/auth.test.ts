import { describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { fakeCloudPerTest, image, PASSWORD, startFakeOpenStack, TOKEN } from '../../helpers/fake-openstack.js';

const cloud = fakeCloudPerTest();

const LIST = '/v2/images?limit=200&sort_key=name&sort_dir=asc';
const EMPTY_LIST = '+----+------+\n| ID | Name |\n+----+------+\n+----+------+\n';

function without(env: Record<string, string>, ...names: string[]): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !names.includes(name)));
}

describe('credentials', () => {
  it.each([
    [['OS_USERNAME'], 'You must provide a username via either --os-username or env[OS_USERNAME]'],
    [['OS_PASSWORD'], 'You must provide a password via either --os-password, env[OS_PASSWORD], or prompted response'],
    [
      ['OS_PROJECT_NAME'],
      'You must provide a project_id or project_name (with project_domain_name or project_domain_id) via   --os-project-id (env[OS_PROJECT_ID])  --os-project-name (env[OS_PROJECT_NAME]),  --os-project-domain-id (env[OS_PROJECT_DOMAIN_ID])  --os-project-domain-name (env[OS_PROJECT_DOMAIN_NAME])',
    ],
    [['OS_AUTH_URL'], 'You must provide an auth url via either --os-auth-url or via env[OS_AUTH_URL]'],
    [['OS_USERNAME', 'OS_PASSWORD', 'OS_AUTH_URL'], 'You must provide a username via either --os-username or env[OS_USERNAME]'],
  ])('without %j says so and sends nothing', async (missing, message) => {
    const run = await runCli(['image-list'], { env: without(cloud.env, ...missing) });
    expect([run.exitCode, run.stderr]).toEqual([1, `${message}\n`]);
    expect(cloud.requests).toEqual([]);
  });

  it('prompts for a missing password on a terminal', async () => {
    cloud.keystoneIssuesToken().on('GET', LIST, 200, { images: [] });
    const run = await runCli(['image-list'], { env: without(cloud.env, 'OS_PASSWORD'), password: 'typed' });
    expect(run.exitCode).toBe(0);
    expect(JSON.parse(cloud.requests[0]!.text).auth.identity.password.user.password).toBe('typed');
  });

  it('reads the legacy OS_TENANT_NAME and ignores empty variables', async () => {
    cloud.keystoneIssuesToken().on('GET', LIST, 200, { images: [] });
    const env = { ...without(cloud.env, 'OS_PROJECT_NAME'), OS_PROJECT_NAME: '', OS_TENANT_NAME: 'legacy' };
    const run = await runCli(['image-list'], { env });
    expect(run.stdout).toBe(EMPTY_LIST);
    expect(JSON.parse(cloud.requests[0]!.text).auth.scope.project.name).toBe('legacy');
  });

  it('lets command-line flags win over the environment', async () => {
    cloud.keystoneIssuesToken().on('GET', LIST, 200, { images: [] });
    const run = await runCli(['--os-username', 'flag-user', '--os-tenant-name', 'flag-project', 'image-list'], { env: cloud.env });
    expect(run.exitCode).toBe(0);
    const body = JSON.parse(cloud.requests[0]!.text).auth;
    expect([body.identity.password.user.name, body.scope.project.name]).toEqual(['flag-user', 'flag-project']);
  });
});

describe('keystone v3 password login', () => {
  it('sends the reference request body and uses the token from X-Subject-Token', async () => {
    cloud.keystoneIssuesToken().on('GET', LIST, 200, { images: [] });
    await runCli(['image-list'], { env: cloud.env });
    expect(JSON.parse(cloud.requests[0]!.text)).toEqual({
      auth: {
        identity: { methods: ['password'], password: { user: { password: PASSWORD, name: 'admin', domain: { name: 'Default' } } } },
        scope: { project: { name: 'admin', domain: { name: 'Default' } } },
      },
    });
    expect(cloud.requests[1]!.headers['x-auth-token']).toBe(TOKEN);
    expect(cloud.log()).toEqual(['POST /v3/auth/tokens', `GET ${LIST}`]);
  });

  it('puts a user and project named without a domain in the default domain, and uses ids when given', async () => {
    cloud.keystoneIssuesToken().on('GET', LIST, 200, { images: [] });
    const env = { ...without(cloud.env, 'OS_USER_DOMAIN_NAME', 'OS_PROJECT_DOMAIN_NAME', 'OS_PROJECT_NAME'), OS_PROJECT_ID: 'p-id' };
    await runCli(['image-list'], { env });
    const body = JSON.parse(cloud.requests[0]!.text).auth;
    expect(body.identity.password.user.domain).toEqual({ id: 'default' });
    expect(body.scope.project).toEqual({ id: 'p-id' });
  });

  it('discovers the v3 API from an unversioned auth URL', async () => {
    cloud
      .on('GET', '/', 300, { versions: { values: [{ id: 'v3.14', status: 'stable', links: [{ rel: 'self', href: `${cloud.url}/v3/` }] }] } })
      .keystoneIssuesToken()
      .on('GET', LIST, 200, { images: [] });
    const run = await runCli(['image-list'], { env: { ...cloud.env, OS_AUTH_URL: cloud.url } });
    expect(run.exitCode).toBe(0);
    expect(cloud.log()).toEqual(['GET /', 'POST /v3/auth/tokens', `GET ${LIST}`]);
  });

  it.each([
    ['another origin', (elsewhere: string) => `${elsewhere}/v3/`],
    ['a relative path', () => 'v3/'],
  ])('takes only the path of a discovered href (%s): the password, secret or token stays on the configured origin', async (_case, href) => {
    const elsewhere = await startFakeOpenStack();
    try {
      const logins: [string[], Record<string, string>][] = [
        [[], {}],
        [['--os-auth-type', 'v3applicationcredential', '--os-application-credential-id', 'ac'], { OS_APPLICATION_CREDENTIAL_SECRET: 'ac-secret' }],
        [['--os-auth-type', 'token', '--os-token', 'user-token'], {}],
      ];
      for (const [flags, env] of logins) {
        cloud
          .on('GET', '/', 300, { versions: { values: [{ id: 'v3.14', status: 'stable', links: [{ rel: 'self', href: href(elsewhere.url) }] }] } })
          .keystoneIssuesToken()
          .on('GET', LIST, 200, { images: [] });
        const run = await runCli([...flags, 'image-list'], { env: { ...cloud.env, OS_AUTH_URL: cloud.url, ...env } });
        expect([run.exitCode, run.stderr]).toEqual([0, '']);
      }
      expect(elsewhere.requests).toEqual([]);
      expect(cloud.log().filter((line) => line.startsWith('POST'))).toEqual(logins.map(() => 'POST /v3/auth/tokens'));
    } finally {
      await elsewhere.close();
    }
  });

  it('words a wrong password as keystoneauth does', async () => {
    cloud.on(
      'POST',
      '/v3/auth/tokens',
      401,
      { error: { code: 401, message: 'The request you have made requires authentication.', title: 'Unauthorized' } },
      { 'x-openstack-request-id': 'req-0b1c' },
    );
    const run = await runCli(['image-list'], { env: cloud.env });
    expect([run.exitCode, run.stdout]).toEqual([1, '']);
    expect(run.stderr).toBe('The request you have made requires authentication. (HTTP 401) (Request-ID: req-0b1c)\n');
  });

  it('names the URL it could not reach', async () => {
    const closed = await startFakeOpenStack();
    await closed.close();
    const run = await runCli(['image-list'], { env: { ...cloud.env, OS_AUTH_URL: `${closed.url}/v3` } });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toBe(`Unable to establish connection to ${closed.url}/v3/auth/tokens: connect ECONNREFUSED ${closed.url.slice(7)}\n`);
  });
});

describe('the image endpoint', () => {
  it.each([
    [{}, ''],
    [{ OS_ENDPOINT_TYPE: 'internal' }, '/internal'],
    [{ OS_INTERFACE: 'internalURL' }, '/internal'],
    [{ OS_REGION_NAME: 'RegionTwo' }, '/region-two'],
  ])('comes from the catalog by interface and region (%j)', async (env, prefix) => {
    cloud.keystoneIssuesToken().on('GET', `${prefix}${LIST}`, 200, { images: [] });
    const run = await runCli(['image-list'], { env: { ...cloud.env, ...env } });
    expect(run.exitCode).toBe(0);
  });

  it('says what it looked for when the catalog has no such endpoint', async () => {
    cloud.keystoneIssuesToken();
    const run = await runCli(['image-list'], { env: { ...cloud.env, OS_REGION_NAME: 'Nowhere' } });
    expect(run.stderr).toBe(
      "Could not find a public endpoint for service type 'image' in region Nowhere in the service catalog (check --os-endpoint-type/OS_INTERFACE, --os-region-name and --os-service-type)\n",
    );
  });

  it('skips Keystone with --os-auth-token and --os-image-url, stripping a version from the URL', async () => {
    cloud.on('GET', '/v2/images/x', 200, image({ id: 'x' }));
    const run = await runCli(['--os-auth-token', 'tok', '--os-image-url', `${cloud.url}/v2`, 'image-show', 'x'], { env: {} });
    expect(run.exitCode).toBe(0);
    expect(cloud.log()).toEqual(['GET /v2/images/x']);
    expect(cloud.requests[0]!.headers['x-auth-token']).toBe('tok');
  });

  it('maps a 401 from Glance to the reference message', async () => {
    cloud.on('GET', '/v2/images/x', 401, '');
    const run = await runCli(['image-show', 'x'], { env: { OS_AUTH_TOKEN: 'expired', OS_IMAGE_URL: cloud.url } });
    expect(run.stderr).toBe('HTTP HTTPUnauthorized\n');
  });
});

describe('--debug', () => {
  it('logs each request and response on stderr with the password and token redacted', async () => {
    cloud.keystoneIssuesToken().on('GET', LIST, 200, { images: [] });
    const run = await runCli(['--debug', 'image-list'], { env: cloud.env });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toBe(EMPTY_LIST);
    expect(run.stderr).toContain(`REQ: curl -g -i -X POST ${cloud.url}/v3/auth/tokens`);
    expect(run.stderr).toContain(`REQ: curl -g -i -X GET ${cloud.url}${LIST}`);
    expect(run.stderr).toContain('"password":"***"');
    expect(run.stderr).toContain('X-Subject-Token: {SHA256}');
    expect(run.stderr).toContain('RESP: [200]');
    expect(run.stderr).not.toContain(PASSWORD);
    expect(run.stderr).not.toContain(TOKEN);
  });

  it('is also turned on by GLANCECLIENT_DEBUG', async () => {
    cloud.keystoneIssuesToken().on('GET', LIST, 200, { images: [] });
    const run = await runCli(['image-list'], { env: { ...cloud.env, GLANCECLIENT_DEBUG: '1' } });
    expect(run.stderr).toContain('REQ: curl');
    expect(run.stderr).not.toContain(TOKEN);
  });
});
