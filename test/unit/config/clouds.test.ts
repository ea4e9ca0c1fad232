import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCloud } from '../../../src/config/clouds.js';
import { resolveSettings } from '../../../src/config/settings.js';

const CLOUDS = `
clouds:
  prod:
    auth_type: v3applicationcredential
    auth:
      auth_url: https://keystone.example/v3
      application_credential_id: ac-id
    region_name: RegionTwo
    interface: internal
    verify: false
    cacert: /etc/ssl/ca.pem
  lab:
    auth:
      auth_url: http://127.0.0.1:5000/v3
      username: alice
      project_name: lab
      domain_name: Lab
    identity_api_version: '3'
`;

const SECURE = `
clouds:
  prod:
    auth:
      application_credential_secret: s3cret
  lab:
    auth:
      password: alice-secret
`;

/** A fake file system: path → text. */
function files(entries: Record<string, string>): (path: string) => string | undefined {
  return (path) => entries[path];
}

describe('loadCloud', () => {
  it('finds clouds.yaml in the current directory first, and merges secure.yaml over it', () => {
    const read = files({ 'clouds.yaml': CLOUDS, '/home/u/.config/openstack/clouds.yaml': 'clouds: {}', '/home/u/.config/openstack/secure.yaml': SECURE });
    const cloud = loadCloud('prod', { HOME: '/home/u' }, read);
    expect(cloud).toEqual({
      name: 'prod',
      files: ['clouds.yaml', '/home/u/.config/openstack/secure.yaml'],
      values: {
        osAuthType: 'v3applicationcredential',
        osAuthUrl: 'https://keystone.example/v3',
        osApplicationCredentialId: 'ac-id',
        osApplicationCredentialSecret: 's3cret',
        osRegionName: 'RegionTwo',
        osEndpointType: 'internal',
        osCacert: '/etc/ssl/ca.pem',
      },
      insecure: true,
    });
  });

  it('reads OS_CLIENT_CONFIG_FILE and OS_CLIENT_SECURE_FILE before the search path', () => {
    const read = files({ '/x/c.yaml': CLOUDS, '/x/s.yaml': SECURE, 'clouds.yaml': 'clouds: {lab: {auth: {username: other}}}' });
    const cloud = loadCloud('lab', { OS_CLIENT_CONFIG_FILE: '/x/c.yaml', OS_CLIENT_SECURE_FILE: '/x/s.yaml' }, read);
    expect(cloud.values).toMatchObject({ osUsername: 'alice', osPassword: 'alice-secret', osDefaultDomainName: 'Lab', osIdentityApiVersion: '3' });
  });

  it('searches $XDG_CONFIG_HOME/openstack, ~/.config/openstack and /etc/openstack, in that order', () => {
    const seen: string[] = [];
    expect(() =>
      loadCloud('x', { HOME: '/h', XDG_CONFIG_HOME: '/xdg' }, (path) => {
        seen.push(path);
        return undefined;
      }),
    ).toThrow('Cloud x was not found: no clouds.yaml (searched clouds.yaml, /xdg/openstack/clouds.yaml, /h/.config/openstack/clouds.yaml, /etc/openstack/clouds.yaml)');
    expect(seen.filter((path) => path.includes('clouds.'))).toEqual([
      'clouds.yaml', 'clouds.yml', 'clouds.json',
      '/xdg/openstack/clouds.yaml', '/xdg/openstack/clouds.yml', '/xdg/openstack/clouds.json',
      '/h/.config/openstack/clouds.yaml', '/h/.config/openstack/clouds.yml', '/h/.config/openstack/clouds.json',
      '/etc/openstack/clouds.yaml', '/etc/openstack/clouds.yml', '/etc/openstack/clouds.json',
    ]);
  });

  it('names the file when the cloud is not in it, and reads clouds.json', () => {
    expect(() => loadCloud('nope', {}, files({ 'clouds.yaml': CLOUDS }))).toThrow('Cloud nope was not found in clouds.yaml');
    expect(loadCloud('j', {}, files({ 'clouds.json': '{"clouds": {"j": {"auth": {"username": "u"}}}}' })).values).toEqual({ osUsername: 'u' });
  });

  it('says which file does not parse', () => {
    expect(() => loadCloud('x', {}, files({ 'clouds.yaml': 'clouds:\n  x: &a 1' }))).toThrow('Cannot parse clouds.yaml: line 2: anchors');
  });

  it('reads real files (a temporary OS_CLIENT_CONFIG_FILE)', () => {
    const directory = mkdtempSync(join(tmpdir(), 'glance-clouds-'));
    mkdirSync(join(directory, 'openstack'));
    writeFileSync(join(directory, 'clouds.yaml'), CLOUDS);
    writeFileSync(join(directory, 'openstack', 'secure.yaml'), SECURE);
    const cloud = loadCloud('lab', { OS_CLIENT_CONFIG_FILE: join(directory, 'clouds.yaml'), XDG_CONFIG_HOME: directory });
    rmSync(directory, { recursive: true, force: true });
    expect(cloud.values.osPassword).toBe('alice-secret');
  });
});

describe('resolveSettings with a cloud', () => {
  const read = files({ 'clouds.yaml': CLOUDS, 'secure.yaml': SECURE });

  it('takes flags over environment over the cloud', () => {
    const settings = resolveSettings({ osCloud: 'lab', osProjectName: 'flag-project' }, { OS_USERNAME: 'env-user' }, { readText: read });
    expect(settings.credentials).toMatchObject({
      authUrl: 'http://127.0.0.1:5000/v3',
      username: 'env-user',
      password: 'alice-secret',
      projectName: 'flag-project',
      defaultDomainName: 'Lab',
    });
    expect(settings.cloud).toEqual({ name: 'lab', files: ['clouds.yaml', 'secure.yaml'] });
  });

  it('says on stderr which OS_* variables override the cloud, without their values', () => {
    const settings = resolveSettings({}, { OS_CLOUD: 'lab', OS_USERNAME: 'bob', OS_PASSWORD: 'bob-secret', OS_PROJECT_NAME: 'lab' }, { readText: read });
    expect(settings.notices).toEqual([
      "Note: OS_CLOUD=lab is set, and so are OS_USERNAME, OS_PASSWORD: the environment wins over the cloud's values in clouds.yaml (unset them to use the cloud as it is)",
    ]);
    expect(settings.notices.join('')).not.toContain('bob-secret');
  });

  it('says nothing when the variables agree with the cloud or a flag chose', () => {
    expect(resolveSettings({}, { OS_CLOUD: 'lab', OS_USERNAME: 'alice' }, { readText: read }).notices).toEqual([]);
    expect(resolveSettings({ osUsername: 'carol' }, { OS_CLOUD: 'lab' }, { readText: read }).notices).toEqual([]);
    const flagged = resolveSettings({ osCloud: 'lab' }, { OS_USERNAME: 'bob' }, { readText: read }).notices;
    expect(flagged[0]).toMatch(/^Note: --os-cloud lab is set, and so is OS_USERNAME: /);
  });

  it('takes the auth type, TLS and endpoint settings from the cloud', () => {
    const settings = resolveSettings({}, { OS_CLOUD: 'prod' }, { readText: read });
    expect([settings.authType, settings.insecure, settings.cacertPath, settings.interface, settings.regionName]).toEqual([
      'v3applicationcredential',
      true,
      '/etc/ssl/ca.pem',
      'internal',
      'RegionTwo',
    ]);
    expect(settings.credentials.applicationCredentialSecret).toBe('s3cret');
  });

  it('reads no clouds.yaml without OS_CLOUD', () => {
    expect(resolveSettings({}, {}, { readText: () => { throw new Error('read'); } }).cloud).toBeUndefined();
  });
});

describe('clouds file errors', () => {
  it('never show the file\'s text', () => {
    expect(() => loadCloud('x', {}, files({ 'clouds.json': '{"clouds": {"x": {"auth": {"password": "s3cret"}}' }))).toThrow(/^Cannot parse clouds\.json: not valid JSON$/);
  });
});
