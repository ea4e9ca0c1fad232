/** What each auth plugin owns: its secret's keyring entry, its cache identity; token-only mode; unknown auth types. */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CredentialStore, CREDENTIAL_SERVICE } from '../../../src/auth/credential-store.js';
import type { Keyring } from '../../../src/auth/keyring.js';
import { authPlugin, credentialsFor } from '../../../src/auth/plugins/index.js';
import { connectToImageService } from '../../../src/auth/session.js';
import { resolveSettings, type AuthType, type Credentials, type Environment } from '../../../src/config/settings.js';
import { HttpClient } from '../../../src/http/client.js';
import { runCli } from '../../helpers/cli.js';
import { MemoryKeyring } from '../../helpers/memory-keyring.js';
import { fakeCloudPerTest, image, PASSWORD, TOKEN } from '../../helpers/fake-openstack.js';

const cloud = fakeCloudPerTest();

/** Every credential field set, so each plugin could build an identity from what it reads. */
const EVERYTHING: Credentials = {
  authUrl: 'http://k/v3',
  username: 'admin',
  userDomainName: 'Default',
  projectName: 'admin',
  applicationCredentialId: 'ac1',
  applicationCredentialName: 'ci',
  token: 'tok',
};
const TYPES: AuthType[] = ['password', 'v3password', 'v2password', 'token', 'v3applicationcredential'];

describe("a plugin's secret is its own", () => {
  it('each kind of secret has its own keyring accounts', () => {
    const password = authPlugin('password').secretIdentity(EVERYTHING)!;
    const applicationCredential = authPlugin('v3applicationcredential').secretIdentity(EVERYTHING)!;
    expect(password.account).toBe('password user=admin domain=Default at http://k/v3');
    expect(applicationCredential.account).toBe('application-credential id=ac1 at http://k/v3');
    expect(authPlugin('v3applicationcredential').secretIdentity({ ...EVERYTHING, applicationCredentialId: undefined })!.account).toBe(
      'application-credential name=ci user=admin domain=Default at http://k/v3',
    );
    expect(authPlugin('token').secretIdentity(EVERYTHING)).toBeUndefined();
  });

  it('every plugin with a secret names an identity for it, and its kind is the secret it asks for', () => {
    for (const type of TYPES) {
      const plugin = authPlugin(type);
      const identity = plugin.secretIdentity(EVERYTHING);
      expect(Boolean(identity), type).toBe(Boolean(plugin.secret));
      if (identity) {
        expect(identity.kind, type).toBe(plugin.secret!.kind);
        expect(plugin.fields, type).toContain(plugin.secret!.field);
      }
    }
  });

  async function login(keyring: Keyring, env: Environment, typed: string): Promise<{ prompts: string[]; body: Record<string, unknown> }> {
    const prompts: string[] = [];
    const http = new HttpClient({ userAgent: 'test', timeoutMs: 5000, tls: { insecure: false } });
    cloud.keystoneIssuesToken();
    try {
      const access = await connectToImageService(resolveSettings({}, env), {
        http,
        prompt: async (prompt) => {
          prompts.push(prompt);
          return typed;
        },
        credentialStore: new CredentialStore(keyring),
        notice: () => undefined,
      });
      expect(await access.session.token()).toBe(TOKEN);
    } finally {
      await http.close();
    }
    return { prompts, body: JSON.parse(cloud.requests.at(-1)!.text) as Record<string, unknown> };
  }

  it('an application credential secret never comes from the stored password entry', async () => {
    const keyring = new MemoryKeyring();
    const store = new CredentialStore(keyring);
    const credentials = { authUrl: `${cloud.url}/v3`, username: 'admin', userDomainName: 'Default', applicationCredentialName: 'ci' };
    await store.save(authPlugin('password').secretIdentity(credentials)!, PASSWORD);
    const env = {
      OS_AUTH_URL: `${cloud.url}/v3`,
      OS_AUTH_TYPE: 'v3applicationcredential',
      OS_USERNAME: 'admin',
      OS_USER_DOMAIN_NAME: 'Default',
      OS_APPLICATION_CREDENTIAL_NAME: 'ci',
    };
    const { prompts, body } = await login(keyring, env, 'typed-secret');
    expect(keyring.lookedUp).toEqual([`application-credential name=ci user=admin domain=Default at ${cloud.url}/v3`]);
    expect(prompts).toEqual(['Application credential secret: ']);
    expect(JSON.stringify(body)).not.toContain(PASSWORD);
    expect((body as { auth: { identity: { application_credential: { secret: string } } } }).auth.identity.application_credential.secret).toBe('typed-secret');
  });

  it('and a password never comes from a stored application credential secret', async () => {
    const keyring = new MemoryKeyring();
    const credentials = { authUrl: `${cloud.url}/v3`, username: 'admin', userDomainName: 'Default', applicationCredentialName: 'ci' };
    await new CredentialStore(keyring).save(authPlugin('v3applicationcredential').secretIdentity(credentials)!, 'stored-ac-secret');
    const { prompts, body } = await login(keyring, { ...cloud.env, OS_PASSWORD: '', OS_APPLICATION_CREDENTIAL_NAME: 'ci' }, 'typed-password');
    expect(keyring.lookedUp).toEqual([`password user=admin domain=Default at ${cloud.url}/v3`]);
    expect(prompts).toEqual(['OS Password: ']);
    expect(JSON.stringify(body)).not.toContain('stored-ac-secret');
    expect([...keyring.entries.keys()]).toEqual([`${CREDENTIAL_SERVICE}|application-credential name=ci user=admin domain=Default at ${cloud.url}/v3`]);
  });
});

describe('the fields a plugin reads', () => {
  const ALL: Credentials = { ...EVERYTHING, userId: 'u1', password: 'pw', applicationCredentialSecret: 's', projectId: 'p1', defaultDomainId: 'd', authToken: 't' };

  it('are all it is given', () => {
    expect(credentialsFor(authPlugin('v3applicationcredential'), ALL)).not.toHaveProperty('password');
    expect(credentialsFor(authPlugin('token'), ALL)).not.toHaveProperty('password');
    expect(credentialsFor(authPlugin('password'), ALL)).not.toHaveProperty('applicationCredentialSecret');
  });

  it.each(TYPES)('%s: are enough for its identities', (type) => {
    const plugin = authPlugin(type);
    for (const credentials of [ALL, EVERYTHING, { ...EVERYTHING, applicationCredentialId: undefined }]) {
      const given = credentialsFor(plugin, credentials);
      expect(plugin.cacheIdentity(given)).toEqual(plugin.cacheIdentity(credentials));
      expect(plugin.secretIdentity(given)).toEqual(plugin.secretIdentity(credentials));
    }
  });
});

describe('cache identities', () => {
  it('each plugin names its own auth type, so two methods for one user never share a token', () => {
    const identities = TYPES.map((type) => authPlugin(type).cacheIdentity(EVERYTHING));
    expect(identities.map((identity) => identity?.authType)).toEqual(['password', 'v3password', 'v2password', undefined, 'v3applicationcredential']);
  });
});

describe('token-only mode (--os-auth-token with --os-image-url)', () => {
  let cacheHome: string;
  beforeEach(() => {
    cacheHome = mkdtempSync(join(tmpdir(), 'glance-unit-cache-'));
  });
  afterEach(() => {
    rmSync(cacheHome, { recursive: true, force: true });
  });

  it('never renews: a 401 is the answer, Keystone is never asked, and nothing is cached', async () => {
    cloud.on('POST', '/v2/images', 401, '');
    const run = await runCli(['image-create', '--name', 'x'], {
      env: { ...cloud.env, OS_CACHE: '1', XDG_CACHE_HOME: cacheHome, OS_AUTH_TOKEN: 'given', OS_IMAGE_URL: cloud.url },
    });
    expect([run.exitCode, run.stderr]).toEqual([1, 'HTTP HTTPUnauthorized\n']);
    expect(cloud.log()).toEqual(['POST /v2/images']);
    expect(cloud.requests[0]!.headers['x-auth-token']).toBe('given');
    expect(readdirSync(cacheHome)).toEqual([]);
  });

  it('keeps no password or secret', async () => {
    const run = await runCli(['credential-store', 'set'], {
      env: { ...cloud.env, OS_AUTH_TOKEN: 'given', OS_IMAGE_URL: cloud.url },
      stdinKind: 'pipe',
      stdinData: Buffer.from('secret\n'),
    });
    expect([run.exitCode, run.stderr]).toEqual([1, 'Token-only mode (--os-auth-token with --os-image-url) has no password or secret to store\n']);
  });
});

describe('the token goes to Glance only', () => {
  it('--copy-from through the client after a renewal: neither the refused nor the new token reaches the source URL or Keystone', async () => {
    const cacheHome = mkdtempSync(join(tmpdir(), 'glance-unit-cache-'));
    try {
      const env = { ...cloud.env, OS_CACHE: '1', XDG_CACHE_HOME: cacheHome };
      cloud.keystoneIssuesToken().on('GET', '/v2/images/x', 200, image({ id: 'x' }));
      expect((await runCli(['image-show', 'x'], { env })).exitCode).toBe(0);
      const data = Buffer.from('image bytes');
      const id = image().id as string;
      cloud
        .on('POST', '/v2/images', 401, '')
        .on('POST', '/v3/auth/tokens', 201, { token: { expires_at: '2099-01-01T00:00:00Z', catalog: cloud.catalog() } }, { 'x-subject-token': 'fresh' })
        .on('POST', '/v2/images', 201, image({ status: 'queued' }))
        .on('GET', '/files/source.img', 200, data, { 'content-length': String(data.length) })
        .on('PUT', `/v2/images/${id}/file`, 204)
        .on('GET', `/v2/images/${id}`, 200, image({ size: data.length, checksum: null, os_hash_value: null }));
      const run = await runCli(
        ['image-create', '--name', 'x', '--disk-format', 'raw', '--container-format', 'bare', '--copy-from', `${cloud.url}/files/source.img`, '--copy-from-mode', 'client'],
        { env },
      );
      expect([run.exitCode, run.stderr]).toEqual([0, '']);
      const glance = cloud.requests.filter((request) => request.path.startsWith('/v2/'));
      expect(glance.map((request) => request.headers['x-auth-token'])).toEqual([TOKEN, TOKEN, 'fresh', 'fresh', 'fresh']);
      const elsewhere = cloud.requests.filter((request) => !request.path.startsWith('/v2/'));
      expect(elsewhere.map((request) => `${request.method} ${request.path}`)).toEqual(['POST /v3/auth/tokens', 'POST /v3/auth/tokens', 'GET /files/source.img']);
      expect(elsewhere.map((request) => request.headers['x-auth-token'])).toEqual([undefined, undefined, undefined]);
    } finally {
      rmSync(cacheHome, { recursive: true, force: true });
    }
  });
});

describe('an auth type the client does not support', () => {
  it.each([['v3totp'], ['v3oidcpassword'], ['admin_token'], ['constructor']])('--os-auth-type %s is a clear error, and nothing is sent', async (type) => {
    const run = await runCli(['--os-auth-type', type, 'image-list'], { env: cloud.env });
    expect([run.exitCode, run.stdout, run.stderr]).toEqual([
      1,
      '',
      `Unsupported auth type '${type}': use one of password, v3password, v2password, token, v3token, v3applicationcredential\n`,
    ]);
    expect(cloud.requests).toEqual([]);
  });

  it('is never taken for a password by the credential store', async () => {
    const run = await runCli(['credential-store', 'set'], { env: { ...cloud.env, OS_AUTH_TYPE: 'v3totp' }, stdinKind: 'pipe', stdinData: Buffer.from('123456\n') });
    expect([run.exitCode, run.stdout]).toEqual([1, '']);
    expect(run.stderr).toMatch(/^Unsupported auth type 'v3totp'/);
  });
});
