import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCloud } from '../../../src/config/clouds.js';
import { resolveSettings, targetSettings } from '../../../src/config/settings.js';
import { loadYaml } from '../../../src/yaml.js';
import { runCli } from '../../helpers/cli.js';

const yaml = await loadYaml();

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
    const cloud = loadCloud('prod', { HOME: '/home/u' }, yaml, read);
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
    const cloud = loadCloud('lab', { OS_CLIENT_CONFIG_FILE: '/x/c.yaml', OS_CLIENT_SECURE_FILE: '/x/s.yaml' }, yaml, read);
    expect(cloud.values).toMatchObject({ osUsername: 'alice', osPassword: 'alice-secret', osDefaultDomainName: 'Lab', osIdentityApiVersion: '3' });
  });

  it('searches $XDG_CONFIG_HOME/openstack, ~/.config/openstack and /etc/openstack, in that order', () => {
    const seen: string[] = [];
    expect(() =>
      loadCloud('x', { HOME: '/h', XDG_CONFIG_HOME: '/xdg' }, yaml, (path) => {
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
    expect(() => loadCloud('nope', {}, yaml, files({ 'clouds.yaml': CLOUDS }))).toThrow('Cloud nope was not found in clouds.yaml');
    expect(loadCloud('j', {}, yaml, files({ 'clouds.json': '{"clouds": {"j": {"auth": {"username": "u"}}}}' })).values).toEqual({ osUsername: 'u' });
  });

  it('says which file does not parse, and where', () => {
    expect(() => loadCloud('x', {}, yaml, files({ 'clouds.yaml': 'clouds:\n  x:\n\tauth: {}' }))).toThrow('Cannot parse clouds.yaml: line 3: tabs cannot indent YAML');
  });

  it('reads real files (a temporary OS_CLIENT_CONFIG_FILE)', () => {
    const directory = mkdtempSync(join(tmpdir(), 'glance-clouds-'));
    mkdirSync(join(directory, 'openstack'));
    writeFileSync(join(directory, 'clouds.yaml'), CLOUDS);
    writeFileSync(join(directory, 'openstack', 'secure.yaml'), SECURE);
    const cloud = loadCloud('lab', { OS_CLIENT_CONFIG_FILE: join(directory, 'clouds.yaml'), XDG_CONFIG_HOME: directory }, yaml);
    rmSync(directory, { recursive: true, force: true });
    expect(cloud.values.osPassword).toBe('alice-secret');
  });
});

describe('resolveSettings with a cloud', () => {
  const read = files({ 'clouds.yaml': CLOUDS, 'secure.yaml': SECURE });

  it('takes flags over environment over the cloud', () => {
    const settings = resolveSettings({ osCloud: 'lab', osProjectName: 'flag-project' }, { OS_USERNAME: 'env-user' }, { readText: read, yaml });
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
    const settings = resolveSettings({}, { OS_CLOUD: 'lab', OS_USERNAME: 'bob', OS_PASSWORD: 'bob-secret', OS_PROJECT_NAME: 'lab' }, { readText: read, yaml });
    expect(settings.notices).toEqual([
      "Note: OS_CLOUD=lab is set, and so are OS_USERNAME, OS_PASSWORD: the environment wins over the cloud's values in clouds.yaml (unset them to use the cloud as it is)",
    ]);
    expect(settings.notices.join('')).not.toContain('bob-secret');
  });

  it('says nothing when the variables agree with the cloud or a flag chose', () => {
    expect(resolveSettings({}, { OS_CLOUD: 'lab', OS_USERNAME: 'alice' }, { readText: read, yaml }).notices).toEqual([]);
    expect(resolveSettings({ osUsername: 'carol' }, { OS_CLOUD: 'lab' }, { readText: read, yaml }).notices).toEqual([]);
    const flagged = resolveSettings({ osCloud: 'lab' }, { OS_USERNAME: 'bob' }, { readText: read, yaml }).notices;
    expect(flagged[0]).toMatch(/^Note: --os-cloud lab is set, and so is OS_USERNAME: /);
  });

  it('takes the auth type, TLS and endpoint settings from the cloud', () => {
    const settings = resolveSettings({}, { OS_CLOUD: 'prod' }, { readText: read, yaml });
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

describe('clouds.yaml as YAML', () => {
  it('follows anchors, aliases and merge keys, as clouds.yaml files share a common part', () => {
    const text = `
defaults: &defaults
  auth: &auth
    auth_url: https://keystone.example/v3
    project_name: shared
  region_name: RegionOne
clouds:
  one:
    <<: *defaults
    interface: internal
  two:
    auth:
      <<: *auth
      username: bob
    region_name: RegionTwo
`;
    const read = files({ 'clouds.yaml': text });
    expect(loadCloud('one', {}, yaml, read).values).toEqual({
      osAuthUrl: 'https://keystone.example/v3',
      osProjectName: 'shared',
      osRegionName: 'RegionOne',
      osEndpointType: 'internal',
    });
    expect(loadCloud('two', {}, yaml, read).values).toEqual({
      osAuthUrl: 'https://keystone.example/v3',
      osProjectName: 'shared',
      osUsername: 'bob',
      osRegionName: 'RegionTwo',
    });
  });

  it('reads literal and folded multi-line strings', () => {
    const text = 'clouds:\n  c:\n    auth:\n      password: |\n        two\n        lines\n      username: >-\n        folded\n        name\n    cacert: >\n      /etc/ssl/\n      ca.pem\n';
    expect(loadCloud('c', {}, yaml, files({ 'clouds.yaml': text })).values).toEqual({
      osPassword: 'two\nlines\n',
      osUsername: 'folded name',
      osCacert: '/etc/ssl/ ca.pem\n',
    });
  });

  it('reads quoted keys and values, and a flow mapping', () => {
    const text = `"clouds":\n  'my cloud': {auth: {"username": 'it''s me', password: "p#ss: \\"word\\""}, 'region_name': R1}\n`;
    expect(loadCloud('my cloud', {}, yaml, files({ 'clouds.yaml': text })).values).toEqual({
      osUsername: "it's me",
      osPassword: 'p#ss: "word"',
      osRegionName: 'R1',
    });
  });

  it('resolves scalars as PyYAML (YAML 1.1) does, as openstacksdk reads them', () => {
    const read = (verify: string) => files({ 'clouds.yaml': `clouds:\n  c:\n    verify: ${verify}\n    identity_api_version: 3\n    auth: {password: ~}\n` });
    for (const off of ['false', 'no', 'Off', "'false'"]) {
      expect(loadCloud('c', {}, yaml, read(off)).insecure).toBe(true);
    }
    expect(loadCloud('c', {}, yaml, read('yes')).insecure).toBe(false);
    expect(loadCloud('c', {}, yaml, read('on')).values).toEqual({ osIdentityApiVersion: '3' });
  });

  it.each([
    ['clouds:\n  c: 1\n  c: 2\n', 'line 3: duplicate key'],
    ['clouds: {}\n---\nclouds: {}\n', 'line 2: only one YAML document is supported'],
    ['clouds:\n  c: *missing\n', 'an alias names no anchor defined before it'],
    ['clouds:\n  c: {auth: "open}\n', 'line 3: a closing quote or bracket, a comma or a space after a colon is missing'],
    ['clouds:\n  c: {a: 1,, b: 2}\n', 'line 2: unexpected text (is an indentation or a quote wrong?)'],
  ])('refuses %j clearly', (text, reason) => {
    expect(() => loadCloud('c', {}, yaml, files({ 'clouds.yaml': text }))).toThrow(`Cannot parse clouds.yaml: ${reason}`);
  });

  it('refuses a file of exponential aliases (billion laughs) without expanding it', () => {
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let level = 1; level < 10; level++) {
      const previous = String.fromCharCode(96 + level);
      const name = String.fromCharCode(97 + level);
      levels.push(`${name}: &${name} [${Array(10).fill(`*${previous}`).join(', ')}]`);
    }
    expect(() => loadCloud('c', {}, yaml, files({ 'clouds.yaml': `${levels.join('\n')}\nclouds: {c: *j}\n` }))).toThrow(
      'Cannot parse clouds.yaml: too many aliases',
    );
  });
});

describe('clouds file errors', () => {
  it.each([
    ['a plain value with a stray quote', 'clouds:\n  c:\n    auth:\n      password: s3cret"pw\n      username: "u\n'],
    ['a bad escape', 'clouds:\n  c:\n    auth:\n      password: "s3cret\\xZZpw"\n'],
    ['an indentation error', 'clouds:\n  c:\n    auth:\n      password: s3cret-pw\n     username: u\n'],
    ['a key without a colon', 'clouds:\n  c:\n    auth:\n      password s3cret-pw\n      username: u\n'],
    ['an unclosed quote', 'clouds:\n  c:\n    auth:\n      password: "s3cret-pw\n'],
  ])('never show the text of a YAML file (%s)', (_case, text) => {
    let message = '';
    try {
      loadCloud('c', {}, yaml, files({ 'secure.yaml': text }));
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/^Cannot parse secure\.yaml: line \d+: [^\n]+$/);
    expect(message).not.toContain('s3cret');
  });

  it('never show the text of a JSON file', () => {
    expect(() => loadCloud('x', {}, yaml, files({ 'clouds.json': '{"clouds": {"x": {"auth": {"password": "s3cret"}}' }))).toThrow(/^Cannot parse clouds\.json: not valid JSON$/);
  });
});

describe('the command line with a cloud', () => {
  const directory = mkdtempSync(join(tmpdir(), 'glance-clouds-cli-'));
  afterAll(() => rmSync(directory, { recursive: true, force: true }));
  const cloudsFile = join(directory, 'clouds.yaml');
  writeFileSync(cloudsFile, 'base: &base\n  image_api_version: "3"\nclouds:\n  c:\n    <<: *base\n    auth: {auth_url: "http://127.0.0.1:9/v3"}\n');

  it('reads clouds.yaml (with the YAML parser loaded first) for --os-cloud and OS_CLOUD', async () => {
    for (const [argv, env] of [
      [['--os-cloud', 'c', 'image-list'], {}],
      [['image-list'], { OS_CLOUD: 'c' }],
    ] as const) {
      const run = await runCli([...argv], { env: { OS_CLIENT_CONFIG_FILE: cloudsFile, ...env } });
      expect([run.exitCode, run.stderr]).toEqual([1, 'Invalid API version parameter. Supported values are [1, 2]\n']);
    }
  });

  it('says where a broken clouds.yaml is broken', async () => {
    const broken = join(directory, 'broken.yaml');
    writeFileSync(broken, 'clouds:\n  c:\n    auth: {password: "s3cret}\n');
    const run = await runCli(['--os-cloud', 'c', 'image-list'], { env: { OS_CLIENT_CONFIG_FILE: broken } });
    expect([run.exitCode, run.stderr]).toEqual([1, `Cannot parse ${broken}: line 4: a closing quote or bracket, a comma or a space after a colon is missing\n`]);
  });
});

describe("another connection of the same command (image-copy's destination)", () => {
  const read = files({ 'clouds.yaml': CLOUDS, 'secure.yaml': SECURE });
  const SOURCE_ENV = {
    OS_AUTH_URL: 'http://source.example/v3',
    OS_USERNAME: 'source-user',
    OS_PASSWORD: 'source-secret',
    OS_PROJECT_NAME: 'source-project',
    OS_REGION_NAME: 'SourceRegion',
    OS_CACERT: '/etc/source-ca.pem',
    OS_CLIENT_CONFIG_FILE: '/x/clouds.yaml',
    OS_CLIENT_SECURE_FILE: '/x/secure.yaml',
    GLANCECLIENT_DEBUG: '1',
  };

  it('a cloud is its clouds.yaml entry alone: the source flags and OS_* variables do not leak into it', () => {
    const target = targetSettings({ osUsername: 'flag-user', osImageUrl: 'http://source-glance', timeout: 30, cache: false }, SOURCE_ENV, { cloud: 'lab' }, { readText: read, yaml });
    expect(target.credentials).toMatchObject({ authUrl: 'http://127.0.0.1:5000/v3', username: 'alice', password: 'alice-secret', projectName: 'lab' });
    expect([target.imageUrl, target.regionName, target.cacertPath, target.cloud?.name, target.notices]).toEqual([undefined, undefined, undefined, 'lab', []]);
    // How, not where: the timeout, the token cache switch and --debug (GLANCECLIENT_DEBUG) carry over.
    expect([target.timeoutSeconds, target.cache, target.debug]).toEqual([30, false, true]);
  });

  it('a region alone is the same connection in that region; with a cloud, that cloud in that region', () => {
    const region = targetSettings({ osUsername: 'flag-user' }, SOURCE_ENV, { region: 'RegionTwo' }, { readText: read, yaml });
    expect([region.credentials.username, region.credentials.authUrl, region.regionName, region.cacertPath]).toEqual([
      'flag-user',
      'http://source.example/v3',
      'RegionTwo',
      '/etc/source-ca.pem',
    ]);
    const both = targetSettings({}, SOURCE_ENV, { cloud: 'prod', region: 'RegionThree' }, { readText: read, yaml });
    expect([both.authType, both.regionName, both.interface]).toEqual(['v3applicationcredential', 'RegionThree', 'internal']);
  });
});
