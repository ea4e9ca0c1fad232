import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CredentialStore, CREDENTIAL_SERVICE, type SecretIdentity } from '../../../src/auth/credential-store.js';
import type { Keyring } from '../../../src/auth/keyring.js';
import { authPlugin } from '../../../src/auth/plugins/index.js';
import { connectToImageService } from '../../../src/auth/session.js';
import { resolveSettings, type AuthType, type Credentials } from '../../../src/config/settings.js';
import { HttpClient } from '../../../src/http/client.js';
import { runCli } from '../../helpers/cli.js';
import { MemoryKeyring } from '../../helpers/memory-keyring.js';
import { PASSWORD, startFakeOpenStack, TOKEN, type FakeOpenStack } from '../../helpers/fake-openstack.js';

/** The keyring entry the auth type's plugin keeps its secret under. */
function secretIdentity(type: AuthType, credentials: Credentials): SecretIdentity | undefined {
  return authPlugin(type).secretIdentity(credentials);
}

describe('secretIdentity', () => {
  it('names the user and the auth URL, never the project or a secret', () => {
    const identity = secretIdentity('password', { authUrl: 'http://k/v3/', username: 'alice', userDomainName: 'Lab', projectName: 'p', password: 'pw' });
    expect(identity).toEqual({ kind: 'password', account: 'password user=alice domain=Lab at http://k/v3', description: 'user alice (domain Lab) at http://k/v3' });
    expect(secretIdentity('v2password', { authUrl: 'http://k/v2.0', username: 'alice' })!.account).toBe('password user=alice domain-id=default at http://k/v2.0');
    expect(secretIdentity('password', { authUrl: 'http://k/v3', userId: 'u1' })!.account).toBe('password user-id=u1 at http://k/v3');
  });

  it('knows application credentials by id, or by name and user', () => {
    expect(secretIdentity('v3applicationcredential', { authUrl: 'http://k/v3', applicationCredentialId: 'ac' })!.account).toBe('application-credential id=ac at http://k/v3');
    expect(secretIdentity('v3applicationcredential', { authUrl: 'http://k/v3', applicationCredentialName: 'ci', username: 'bob' })!.kind).toBe('application credential secret');
    expect(secretIdentity('v3applicationcredential', { authUrl: 'http://k/v3', applicationCredentialName: 'ci' })).toBeUndefined();
  });

  it('has nothing for token auth or without an auth URL or user', () => {
    expect(secretIdentity('token', { authUrl: 'http://k/v3', username: 'a' })).toBeUndefined();
    expect(secretIdentity('password', { username: 'a' })).toBeUndefined();
    expect(secretIdentity('password', { authUrl: 'http://k/v3' })).toBeUndefined();
  });
});

describe('a password from the credential store', () => {
  let cloud: FakeOpenStack;
  beforeEach(async () => {
    cloud = await startFakeOpenStack();
  });
  afterEach(async () => {
    await cloud.close();
  });

  async function connect(keyring: Keyring, prompt: () => Promise<string | undefined>): Promise<string> {
    const env = { ...cloud.env, OS_PASSWORD: '' };
    const settings = resolveSettings({}, env);
    const http = new HttpClient({ userAgent: 'test', timeoutMs: 5000, tls: { insecure: false } });
    try {
      const access = await connectToImageService(settings, { http, prompt, credentialStore: new CredentialStore(keyring), notice: () => undefined });
      return await access.session.token();
    } finally {
      await http.close();
    }
  }

  it('is used when OS_PASSWORD is unset, before any prompt', async () => {
    const keyring = new MemoryKeyring();
    await new CredentialStore(keyring).save(secretIdentity('password', { ...cloud.env, authUrl: cloud.env.OS_AUTH_URL, username: 'admin', userDomainName: 'Default' })!, PASSWORD);
    cloud.keystoneIssuesToken();
    const token = await connect(keyring, () => Promise.reject(new Error('prompted')));
    expect(token).toBe(TOKEN);
    expect(JSON.parse(cloud.requests[0]!.text).auth.identity.password.user.password).toBe(PASSWORD);
    expect([...keyring.entries.keys()]).toEqual([`${CREDENTIAL_SERVICE}|password user=admin domain=Default at ${cloud.url}/v3`]);
  });

  it('when Keystone refuses it, the message says where it came from', async () => {
    const keyring = new MemoryKeyring();
    await new CredentialStore(keyring).save(secretIdentity('password', { authUrl: cloud.env.OS_AUTH_URL, username: 'admin', userDomainName: 'Default' })!, 'stale');
    cloud.on('POST', '/v3/auth/tokens', 401, { error: { message: 'The request you have made requires authentication.' } });
    await expect(connect(keyring, async () => undefined)).rejects.toThrow(
      'The request you have made requires authentication. (HTTP 401) (the password came from the OS keyring: replace it with "glance credential-store set" or remove it with "glance credential-store delete")',
    );
  });

  it('falls back to the prompt when the keyring has nothing', async () => {
    cloud.keystoneIssuesToken();
    expect(await connect(new MemoryKeyring(), async () => 'typed')).toBe(TOKEN);
    expect(JSON.parse(cloud.requests[0]!.text).auth.identity.password.user.password).toBe('typed');
  });
});

describe('credential-store without a keyring', () => {
  it.each([
    [['credential-store', 'set']],
    [['credential-store-set']],
  ])('%j says so and stores nothing', async (argv) => {
    const run = await runCli(argv, { env: { OS_AUTH_URL: 'http://127.0.0.1:9/v3', OS_USERNAME: 'u' }, stdinKind: 'pipe', stdinData: Buffer.from('secret\n') });
    expect([run.exitCode, run.stdout]).toEqual([1, '']);
    expect(run.stderr).toBe(
      'No OS keyring is available (no D-Bus session bus, so no Secret Service): nothing was stored. Passwords are never written to a file; keep using OS_PASSWORD or the prompt.\n',
    );
  });

  it('delete says there is nothing to remove it from', async () => {
    const run = await runCli(['credential-store', 'delete'], { env: { OS_AUTH_URL: 'http://127.0.0.1:9/v3', OS_USERNAME: 'u' } });
    expect(run.stderr).toBe('No OS keyring is available (no D-Bus session bus, so no Secret Service): nothing was removed.\n');
  });

  it('needs to know whose password it is', async () => {
    const run = await runCli(['credential-store-set'], { env: { OS_USERNAME: 'u' } });
    expect(run.stderr).toBe('credential-store needs to know whose password it is: set OS_AUTH_URL and OS_USERNAME (or OS_USER_ID), or use --os-cloud\n');
  });
});
