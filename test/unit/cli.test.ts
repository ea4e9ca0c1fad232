import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { VERSION } from '../../src/version.js';
import { expandCommandWords, splitCommandLine } from '../../src/cli/argv.js';
import { runCli } from '../helpers/cli.js';

/** Credentials pointing at a port nothing listens on: any request would fail loudly. */
const UNREACHABLE = { OS_AUTH_URL: 'http://127.0.0.1:9/v3', OS_USERNAME: 'u', OS_PASSWORD: 'p', OS_PROJECT_NAME: 'p' };

describe('glance without a command', () => {
  it.each([[[]], [['--help']], [['-h']], [['help']]])('%j prints the help on stdout, exit 0, no network', async (argv) => {
    const run = await runCli(argv, { env: UNREACHABLE });
    expect(run.exitCode).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/^usage: glance \[--version\] \[-d\] \[-v\] /);
    expect(run.stdout).toContain('\nPositional arguments:\n  <subcommand>\n');
    for (const command of ['image-create', 'image-list', 'image-show', 'image-download', 'image-update', 'image-upload', 'image-delete', 'image-tag-update', 'image-tag-delete']) {
      expect(run.stdout).toMatch(new RegExp(`\n    ${command}( |\n)`));
    }
    expect(run.stdout).toContain('\nOptional arguments:\n');
    expect(run.stdout).toContain('\nAuthentication Options:\n  Options specific to the password plugin.\n');
    expect(run.stdout).toContain('See "glance help COMMAND" for help on a specific command.');
  });

  it('--version says which glance this is, and on which Node', async () => {
    const run = await runCli(['--version'], { env: UNREACHABLE });
    expect([run.exitCode, run.stdout, run.stderr]).toEqual([0, `glance ${VERSION} (TypeScript client for the OpenStack Image service; Node v20.0.0)\n`, '']);
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
    expect(run.stdout.split('\n').slice(0, 10)).toEqual([
      'usage: glance image-show [--human-readable] [--max-column-width <integer>]',
      '                         [-f <FORMAT>] [-c <COLUMN>] [--noindent]',
      '                         [--quote <QUOTE_MODE>] [--prefix <PREFIX>]',
      '                         <IMAGE_ID>',
      '',
      'Describe a specific image.',
      '',
      'Positional arguments:',
      '  <IMAGE_ID>            ID of image to describe.',
      '',
    ]);
    expect(run.stdout).toContain('\n  --max-column-width <integer>\n                        The max column width of the printed table.\n');
  });

  it('rejects an unknown command as a usage error, with a suggestion', async () => {
    const run = await runCli(['help', 'image-sho'], { env: UNREACHABLE });
    expect([run.exitCode, run.stdout]).toEqual([2, '']);
    expect(run.stderr).toBe(
      "usage: glance [options] <subcommand> ...\nglance: 'image-sho' is not a glance command. Did you mean image-show?\nglance: error: argument <subcommand>: invalid choice: 'image-sho'\n",
    );
  });
});

describe('usage errors exit 2', () => {
  it('an unknown subcommand suggests the nearest one', async () => {
    const near = await runCli(['image-lst'], { env: UNREACHABLE });
    expect([near.exitCode, near.stdout]).toEqual([2, '']);
    expect(near.stderr.split('\n')).toEqual([
      'usage: glance [options] <subcommand> ...',
      "glance: 'image-lst' is not a glance command. Did you mean image-list?",
      "glance: error: argument <subcommand>: invalid choice: 'image-lst'",
      '',
    ]);
    const far = await runCli(['bogus-cmd'], { env: UNREACHABLE });
    expect([far.exitCode, far.stderr.split('\n')[1]]).toEqual([2, 'glance: \'bogus-cmd\' is not a glance command. See "glance help" for the list of commands.']);
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
  const globals = [
    { flags: ['-v', '--verbose'], takesValue: false },
    { flags: ['--os-image-url'], takesValue: true },
    { flags: ['--os-region-name'], takesValue: true },
  ];
  const isCommand = (name: string): boolean => ['image-list', 'image-show', 'token-cache-clear'].includes(name);

  it.each([
    [['--verb', 'image-list', '--lim=1'], { global: ['--verbose'], name: 'image-list', rest: ['--lim=1'] }],
    [['--os-image-url', '--lim', 'image-list'], { global: ['--os-image-url', '--lim'], name: 'image-list', rest: [] }],
    [['token-cache', 'clear'], { global: [], name: 'token-cache-clear', rest: [] }],
  ])('%j splits as %j', (argv, expected) => {
    expect(splitCommandLine(argv, globals, isCommand)).toEqual(expected);
  });

  it.each([
    [['--human', '--max', '40', 'x'], ['--human-readable', '--max-column-width', '40', 'x']],
    [['--os-reg', 'R', '-fjson', '-c', 'id'], ['--os-region-name', 'R', '--format=json', '--column', 'id']],
    [['--disk', 'raw', '--', '--name'], ['--disk-format', 'raw', '--', '--name']],
  ])('%j is read as %j', (words, expected) => {
    const own = [
      { flags: ['--human-readable'], takesValue: false },
      { flags: ['--max-column-width'], takesValue: true },
      { flags: ['--disk-format'], takesValue: true },
      { flags: ['-f', '--format'], takesValue: true },
      { flags: ['-c', '--column'], takesValue: true },
    ];
    expect(expandCommandWords(words, own, globals, true)).toEqual(expected);
  });

  it('rejects an ambiguous prefix with argparse\'s message, exit 2', async () => {
    const run = await runCli(['--os-tenant', 'x', 'image-list'], { env: UNREACHABLE });
    expect(run.exitCode).toBe(2);
    expect(run.stderr.split('\n')[1]).toBe('glance: error: ambiguous option: --os-tenant could match --os-tenant-id, --os-tenant-name');
  });
});
