import { describe, expect, it } from 'vitest';
import { resolveSettings, splitVersionedUrl } from '../../../src/config/settings.js';

describe('resolveSettings', () => {
  it('takes flags over variables over defaults', () => {
    const settings = resolveSettings({ osUsername: 'flag' }, { OS_USERNAME: 'env', OS_PASSWORD: 'pw' });
    expect(settings.credentials.username).toBe('flag');
    expect(settings.credentials.password).toBe('pw');
    expect([settings.serviceType, settings.interface, settings.timeoutSeconds, settings.imageApiRequested]).toEqual(['image', 'public', 600, undefined]);
  });

  it('reads the legacy tenant and user-name variables after the current ones, skipping empty ones', () => {
    const settings = resolveSettings({}, { OS_PROJECT_ID: '', OS_TENANT_ID: 't-id', OS_TENANT_NAME: 't-name', OS_USER_NAME: 'legacy-user' });
    expect([settings.credentials.projectId, settings.credentials.projectName, settings.credentials.username]).toEqual(['t-id', 't-name', 'legacy-user']);
  });

  it('accepts OS_INTERFACE and the v2 spelling publicURL', () => {
    expect(resolveSettings({}, { OS_INTERFACE: 'internal' }).interface).toBe('internal');
    expect(resolveSettings({}, { OS_ENDPOINT_TYPE: 'adminURL', OS_INTERFACE: 'internal' }).interface).toBe('admin');
    expect(resolveSettings({ osInterface: 'publicURL' }, { OS_ENDPOINT_TYPE: 'internal' }).interface).toBe('public');
  });

  it('takes the API version from a versioned image URL unless one is given', () => {
    const fromUrl = resolveSettings({ osImageUrl: 'http://h:9292/v1' }, {});
    expect([fromUrl.imageUrl, fromUrl.imageApiRequested]).toEqual(['http://h:9292', 1]);
    expect(resolveSettings({ osImageUrl: 'http://h:9292/v1' }, { OS_IMAGE_API_VERSION: '2' }).imageApiRequested).toBe(2);
  });

  it('takes an openrc with a Keystone v2.0 auth URL as a request for v1, unless a version is given', () => {
    expect(resolveSettings({}, { OS_AUTH_URL: 'http://h:5000/v2.0/' }).imageApiRequested).toBe(1);
    expect(resolveSettings({}, { OS_AUTH_URL: 'http://h:5000/v2.0', OS_IMAGE_API_VERSION: '2' }).imageApiRequested).toBe(2);
    expect(resolveSettings({ osImageApiVersion: '1' }, { OS_AUTH_URL: 'http://h:5000/v3' }).imageApiRequested).toBe(1);
    expect(resolveSettings({}, { OS_AUTH_URL: 'http://h:5000/v3' }).imageApiRequested).toBeUndefined();
  });

  it('turns debugging on from GLANCECLIENT_DEBUG', () => {
    expect(resolveSettings({}, { GLANCECLIENT_DEBUG: '1' }).debug).toBe(true);
    expect(resolveSettings({}, { GLANCECLIENT_DEBUG: '' }).debug).toBe(false);
  });
});

describe('auth type', () => {
  it.each([
    [{}, {}, 'password'],
    [{ osAuthType: 'v3token' }, {}, 'token'],
    [{}, { OS_AUTH_TYPE: 'v3applicationcredential' }, 'v3applicationcredential'],
    [{}, { OS_AUTH_PLUGIN: 'v2password' }, 'v2password'],
    [{}, { OS_APPLICATION_CREDENTIAL_ID: 'id', OS_APPLICATION_CREDENTIAL_SECRET: 's' }, 'v3applicationcredential'],
    [{}, { OS_TOKEN: 't' }, 'token'],
    [{}, { OS_TOKEN: 't', OS_USERNAME: 'u' }, 'password'],
    [{}, { OS_IDENTITY_API_VERSION: '2.0' }, 'v2password'],
    [{}, { OS_IDENTITY_API_VERSION: '3' }, 'password'],
  ])('flags %j, environment %j: %s', (flags, env, type) => {
    expect(resolveSettings(flags, env).authType).toBe(type);
  });

  it('refuses an auth type it does not know', () => {
    expect(() => resolveSettings({ osAuthType: 'v3oidcpassword' }, {})).toThrow(
      "Unsupported auth type 'v3oidcpassword': use one of password, v3password, v2password, token, v3token, v3applicationcredential",
    );
  });

  it('reads --os-token, else --os-auth-token, and the application credential', () => {
    expect(resolveSettings({ osAuthToken: 'legacy' }, {}).credentials.token).toBe('legacy');
    const settings = resolveSettings({ osToken: 'tok' }, { OS_AUTH_TOKEN: 'legacy', OS_APPLICATION_CREDENTIAL_NAME: 'n', OS_APPLICATION_CREDENTIAL_SECRET: 's' });
    expect(settings.credentials).toMatchObject({ token: 'tok', applicationCredentialName: 'n', applicationCredentialSecret: 's' });
  });
});

describe('token cache settings', () => {
  it('is on by default, off with --no-cache or OS_CACHE=0/false/no/off', () => {
    expect(resolveSettings({}, {}).cache).toBe(true);
    expect(resolveSettings({ cache: false }, {}).cache).toBe(false);
    for (const value of ['0', 'false', 'No', 'OFF']) {
      expect(resolveSettings({}, { OS_CACHE: value }).cache).toBe(false);
    }
    expect(resolveSettings({}, { OS_CACHE: '1' }).cache).toBe(true);
  });

  it('lives in $XDG_CACHE_HOME/glance, else ~/.cache/glance, else nowhere', () => {
    expect(resolveSettings({}, { XDG_CACHE_HOME: '/xdg', HOME: '/h' }).cacheDirectory).toBe('/xdg/glance');
    expect(resolveSettings({}, { XDG_CACHE_HOME: 'relative', HOME: '/h' }).cacheDirectory).toBe('/h/.cache/glance');
    expect(resolveSettings({}, {}).cacheDirectory).toBeUndefined();
  });
});

describe('splitVersionedUrl', () => {
  it.each([
    ['http://h:9292', 'http://h:9292', undefined],
    ['http://h:9292/', 'http://h:9292', undefined],
    ['http://h:9292/v2', 'http://h:9292', '2'],
    ['http://h:9292/v2.1/', 'http://h:9292', '2'],
    ['https://cloud.example/image/v2', 'https://cloud.example/image', '2'],
    ['https://cloud.example/image', 'https://cloud.example/image', undefined],
  ])('%s', (url, base, version) => {
    expect(splitVersionedUrl(url)).toEqual({ base, version });
  });
});
