import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { VERSION } from '../../src/version.js';
import { createProgram, expandAbbreviations } from '../../src/cli.js';
import { createContext } from '../../src/context.js';
import { runCli } from '../helpers/cli.js';
import { fakeIO } from '../helpers/io.js';

/** Credentials pointing at a port nothing listens on: any request would fail loudly. */
const UNREACHABLE = { OS_AUTH_URL: 'http://127.0.0.1:9/v3', OS_USERNAME: 'u', OS_PASSWORD: 'p', OS_PROJECT_NAME: 'p' };

describe('glance without a command', () => {
  it.each([[[]], [['--help']], [['-h']], [['help']]])('%j prints the help on stdout, exit 0, no network', async (argv) => {
    const run = await runCli(argv, { env: UNREACHABLE });
    expect(run.exitCode).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/^Usage: glance \[options\] <subcommand> \.\.\./);
    for (const command of ['image-create', 'image-list', 'image-show', 'image-download', 'image-update', 'image-upload', 'image-delete', 'image-tag-update', 'image-tag-delete']) {
      expect(run.stdout).toContain(`  ${command}`);
    }
    expect(run.stdout).toContain('See "glance help COMMAND" for help on a specific command.');
  });

  it('--version prints the version', async () => {
    const run = await runCli(['--version'], { env: UNREACHABLE });
    expect([run.exitCode, run.stdout]).toEqual([0, `${VERSION}\n`]);
  });

  it('keeps VERSION equal to package.json', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(VERSION).toBe(pkg.version);
  });
});

describe('help COMMAND', () => {
  it('prints that command\'s options', async () => {
    const run = await runCli(['help', 'image-show'], { env: UNREACHABLE });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('Usage: glance image-show [options] <IMAGE_ID>');
    expect(run.stdout).toContain('--human-readable');
    expect(run.stdout).toContain('--max-column-width <integer>');
  });

  it('rejects an unknown command with the reference message', async () => {
    const run = await runCli(['help', 'bogus'], { env: UNREACHABLE });
    expect([run.exitCode, run.stdout, run.stderr]).toEqual([1, '', "'bogus' is not a valid subcommand\n"]);
  });
});

describe('usage errors exit 2', () => {
  it('an unknown subcommand lists the choices', async () => {
    const run = await runCli(['bogus-cmd'], { env: UNREACHABLE });
    expect(run.exitCode).toBe(2);
    expect(run.stderr.split('\n')[1]).toMatch(/^glance: error: argument <subcommand>: invalid choice: 'bogus-cmd' \(choose from 'image-create', /);
  });

  it.each([
    [['image-show'], 'the following arguments are required: <IMAGE_ID>'],
    [['image-list', '--limit', 'x'], "glance image-list: error: argument --limit: invalid int value: 'x'"],
    [['image-list', '--bogus'], 'unrecognized arguments: --bogus'],
    [['--timeout', '0', 'image-list'], "invalid value: '0'"],
    [['image-show', 'a', 'b'], 'unrecognized arguments (expected 1, got 2)'],
    [['member-list'], 'the following arguments are required: --image-id'],
    [['member-update', 'i', 'm', 'bogus'], "argument <MEMBER_STATUS>: invalid choice: 'bogus' (choose from 'accepted', 'rejected', 'pending')"],
    [['image-list', '--limit'], 'argument --limit: expected one argument'],
  ])('%j', async (argv, message) => {
    const run = await runCli(argv, { env: UNREACHABLE });
    expect(run.exitCode).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^usage: glance/);
    expect(run.stderr).toContain(message);
  });
});

describe('--os-image-api-version', () => {
  it.each(['3', '2.0', 'two'])('rejects %s with the reference message', async (version) => {
    const run = await runCli(['--os-image-api-version', version, 'image-list'], { env: UNREACHABLE });
    expect([run.exitCode, run.stderr]).toEqual([1, 'Invalid API version parameter. Supported values are [1, 2]\n']);
  });
});

describe('bash-completion', () => {
  it('prints every subcommand and its options on one line', async () => {
    const run = await runCli(['bash-completion'], { env: UNREACHABLE });
    const words = run.stdout.trim().split(' ');
    expect(run.stdout.endsWith('\n')).toBe(true);
    expect(words).toEqual(expect.arrayContaining(['image-create', 'image-list', '--disk-format', '--file', '--progress', '--sort-key', '-h', '--help']));
    expect(words).not.toContain('bash-completion');
  });

  it('with a subcommand, prints its options and the global ones only', async () => {
    const run = await runCli(['bash-completion', 'image-show'], { env: UNREACHABLE });
    const words = run.stdout.trim().split(' ');
    expect(words).toEqual(expect.arrayContaining(['--human-readable', '--max-column-width', '--os-auth-url', '--debug', '-h']));
    expect(words).not.toContain('--disk-format');
    expect(words).not.toContain('image-list');
    expect(words).not.toContain('--os-tenant-name');
  });
});

describe('option abbreviations, as argparse accepts them', () => {
  it.each([
    [['image-show', '--human', '--max', '40', 'x'], ['image-show', '--human-readable', '--max-column-width', '40', 'x']],
    [['--verb', 'image-list', '--lim=1'], ['--verbose', 'image-list', '--limit=1']],
    [['--os-image-url', '--lim', 'image-list'], ['--os-image-url', '--lim', 'image-list']],
    [['image-list', '--os-reg', 'R'], ['image-list', '--os-region-name', 'R']],
    [['image-create', '--disk', 'raw', '--', '--name'], ['image-create', '--disk-format', 'raw', '--', '--name']],
  ])('%j is read as %j', (argv, expected) => {
    const program = createProgram(createContext({ io: fakeIO().io, env: {}, signal: new AbortController().signal }));
    expect(expandAbbreviations(argv, program)).toEqual(expected);
  });

  it('rejects an ambiguous prefix with argparse\'s message, exit 2', async () => {
    const run = await runCli(['--os-tenant', 'x', 'image-list'], { env: UNREACHABLE });
    expect(run.exitCode).toBe(2);
    expect(run.stderr.split('\n')[1]).toBe('glance: error: ambiguous option: --os-tenant could match --os-tenant-id, --os-tenant-name');
  });
});
