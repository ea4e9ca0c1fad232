/**
 * Parity with python-glanceclient 4.1 (Debian): the reference and our CLI run with the same
 * arguments against the same cloud, and their normalised stdout, stderr and exit codes must match.
 * Where ours deliberately differs (documented), the test asserts our behaviour instead.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  closedPortUrl,
  cloud,
  createImage,
  getImage,
  glanceApi,
  ImageJanitor,
  inTerminal,
  normalise,
  normalised,
  OUR_CLI,
  ours,
  parseShowTable,
  reference,
  shellQuote,
  type ApiImage,
  type Normalised,
  type RunOptions,
  type RunResult,
} from './helpers.js';

const janitor = new ImageJanitor('par');
const TAG = `tag-${randomBytes(4).toString('hex')}`;
const DISTRO = `distro-${randomBytes(4).toString('hex')}`;
/** The images alt_demo sees (own ones, plus one public image of admin's), by short name. */
const fixtures: Record<string, ApiImage> = {};
let closedUrl: string;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'glance-it-parity-'));
  closedUrl = await closedPortUrl('/v3');
  // One at a time: Glance on SQLite answers concurrent writes with 500 "database is locked".
  // Created out of name order, so that sorting by created_at and by name give different lists.
  const specs: [string, Record<string, unknown>, { as?: 'alt_demo'; data?: Buffer }][] = [
    ['charlie', { disk_format: 'raw', container_format: 'bare', os_distro: DISTRO, min_ram: 128 }, { as: 'alt_demo', data: randomBytes(3000) }],
    ['alpha', { disk_format: 'raw', container_format: 'bare', tags: [TAG], os_distro: DISTRO }, { as: 'alt_demo', data: randomBytes(64 * 1024) }],
    ['delta', {}, { as: 'alt_demo' }],
    ['bravo', { disk_format: 'qcow2', container_format: 'bare', tags: [TAG] }, { as: 'alt_demo' }],
    ['public', { disk_format: 'iso', container_format: 'bare', visibility: 'public' }, { data: randomBytes(5000) }],
  ];
  for (const [key, fields, options] of specs) {
    fixtures[key] = janitor.trackImage(await createImage({ name: janitor.name(key), ...fields }, options));
  }
});

afterAll(async () => {
  await janitor.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

/**
 * At most two reference runs at a time, however many tests run concurrently: its Python start-up
 * is CPU-bound, and more at once only slows each down (and the other processes on the machine).
 */
const referenceSlots = createLimiter(2);

function createLimiter(slots: number): <T>(task: () => Promise<T>) => Promise<T> {
  let free = slots;
  const waiting: (() => void)[] = [];
  return async (task) => {
    if (free === 0) {
      await new Promise<void>((resolve) => waiting.push(resolve));
    } else {
      free -= 1;
    }
    try {
      return await task();
    } finally {
      const next = waiting.shift();
      if (next) {
        next();
      } else {
        free += 1;
      }
    }
  };
}

function referenceRun(args: string[], options: RunOptions = {}): Promise<RunResult> {
  return referenceSlots(() => reference(args, options));
}

/**
 * Runs both clients with the same arguments and options (except stdin, see helpers): at once for
 * reads, one after the other for commands that may write (Glance on SQLite fails concurrent
 * writes with "database is locked").
 */
async function both(args: string[], options: Omit<RunOptions, 'stdin'> = {}): Promise<{ ref: RunResult; our: RunResult }> {
  if (mayWrite(args)) {
    const ref = await referenceRun(args, options);
    return { ref, our: await ours(args, options) };
  }
  const [ref, our] = await Promise.all([referenceRun(args, options), ours(args, options)]);
  return { ref, our };
}

/** Runs `reference(refArgs)` then `ours(ourArgs)`: each on its own twin image. */
async function onTwins(refArgs: string[], ourArgs: string[], options: Omit<RunOptions, 'stdin'> = {}): Promise<[RunResult, RunResult]> {
  const ref = await referenceRun(refArgs, options);
  return [ref, await ours(ourArgs, options)];
}

function mayWrite(args: string[]): boolean {
  return args.some((arg) => /^image-(create|update|delete|upload|tag-update|tag-delete|deactivate|reactivate)$/.test(arg));
}

/**
 * Asserts identical normalised output; returns both results for further checks. A read that
 * differs is run once more before it counts: the cloud may be shared with other sessions, whose
 * images can come and go between the two runs.
 */
async function expectParity(args: string[], options: Omit<RunOptions, 'stdin'> = {}): Promise<{ ref: RunResult; our: RunResult }> {
  let results = await both(args, options);
  const same = (): boolean => JSON.stringify(normalised(results.our)) === JSON.stringify(normalised(results.ref));
  if (!same() && !mayWrite(args)) {
    results = await both(args, options);
  }
  expect(normalised(results.our)).toEqual(normalised(results.ref));
  return results;
}

/** Two admin images with identical content and name: one for each client to change. */
async function twins(label: string, fields: Record<string, unknown> = {}): Promise<[string, string]> {
  const name = janitor.name(label);
  const data = randomBytes(10_000);
  const body = { name, disk_format: 'raw', container_format: 'bare', ...fields };
  const a = janitor.trackImage(await createImage(body, { data }));
  const b = janitor.trackImage(await createImage(body, { data }));
  return [a.id, b.id];
}

// Read-only suites run their tests concurrently: the reference's Python start-up is the slow part.
describe.concurrent('image-list', () => {
  it.each([
    ['plain', ['image-list']],
    ['--verbose (global, before the subcommand)', ['--verbose', 'image-list']],
    ['--sort-key name --sort-dir desc', ['image-list', '--sort-key', 'name', '--sort-dir', 'desc']],
    ['--sort name:desc', ['image-list', '--sort', 'name:desc']],
    ['--sort size:asc,name', ['image-list', '--sort', 'size:asc,name']],
    ['--limit 1', ['image-list', '--limit', '1']],
    ['--page-size 1 (one request per image)', ['image-list', '--page-size', '1']],
    ['--tag', ['image-list', '--tag', TAG]],
    ['--property-filter', ['image-list', '--property-filter', `os_distro=${DISTRO}`]],
    ['--visibility public', ['image-list', '--visibility', 'public']],
    ['--include-stores', ['image-list', '--include-stores']],
    ['--verbose --include-stores --tag', ['--verbose', 'image-list', '--include-stores', '--tag', TAG]],
    // Without the other half, the reference sends only what was given and Glance picks the rest.
    ['--sort-key name alone (Glance picks the direction: desc)', ['image-list', '--sort-key', 'name']],
    ['--sort-key size alone', ['--verbose', 'image-list', '--sort-key', 'size']],
    ['--sort-dir desc alone (Glance picks the key: created_at)', ['image-list', '--sort-dir', 'desc']],
    ['--limit 0 (the reference treats 0 as no limit)', ['image-list', '--limit', '0']],
  ])('%s', async (_label, args) => {
    const { our } = await expectParity(args, { as: 'alt_demo' });
    expect(our.code).toBe(0);
  });

  it('the fixtures are where the filters should find them', async () => {
    const tagged = await ours(['image-list', '--tag', TAG], { as: 'alt_demo' });
    expect(tagged.stdout).toContain(fixtures.alpha!.id);
    expect(tagged.stdout).toContain(fixtures.bravo!.id);
    expect(tagged.stdout).not.toContain(fixtures.charlie!.id);
    const paged = await ours(['image-list', '--page-size', '1'], { as: 'alt_demo' });
    for (const image of Object.values(fixtures)) {
      expect(paged.stdout).toContain(image.id);
    }
  });
});

describe.concurrent('image-show', () => {
  it.each([
    ['plain', []],
    ['--human-readable', ['--human-readable']],
    ['--max-column-width 40', ['--max-column-width', '40']],
  ])('%s', async (_label, extra) => {
    const { our } = await expectParity(['image-show', ...extra, fixtures.alpha!.id], { as: 'alt_demo' });
    expect(our.code).toBe(0);
    expect(parseShowTable(our.stdout).name).toBe(fixtures.alpha!.name);
  });

  it('a record-only image (None values, Not available)', async () => {
    await expectParity(['image-show', fixtures.delta!.id], { as: 'alt_demo' });
  });
});

describe('image changes (each client on its own twin)', () => {
  it('image-update --min-ram 64 --property k=v, then --remove-property k', async () => {
    const [refId, ourId] = await twins('update');
    const [ref, our] = await onTwins(['image-update', '--min-ram', '64', '--property', 'k=v', refId], ['image-update', '--min-ram', '64', '--property', 'k=v', ourId]);
    expect(normalised(our)).toEqual(normalised(ref));
    expect(parseShowTable(our.stdout)).toMatchObject({ min_ram: '64', k: 'v' });

    const [ref2, our2] = await onTwins(['image-update', '--remove-property', 'k', refId], ['image-update', '--remove-property', 'k', ourId]);
    expect(normalised(our2)).toEqual(normalised(ref2));
    expect(parseShowTable(our2.stdout)).not.toHaveProperty('k');
  });

  it('image-tag-update, then image-tag-delete', async () => {
    const [refId, ourId] = await twins('tags');
    const [ref, our] = await onTwins(['image-tag-update', refId, 'smoke'], ['image-tag-update', ourId, 'smoke']);
    expect(normalised(our)).toEqual(normalised(ref));
    expect(our.stdout).toContain("| ['smoke'] |");

    const [ref2, our2] = await onTwins(['image-tag-delete', refId, 'smoke'], ['image-tag-delete', ourId, 'smoke']);
    expect(normalised(our2)).toEqual(normalised(ref2));
    expect(our2).toMatchObject({ code: 0, stdout: '', stderr: '' });
  });

  it('image-delete of an existing image', async () => {
    const [refId, ourId] = await twins('delete');
    const [ref, our] = await onTwins(['image-delete', refId], ['image-delete', ourId]);
    expect(normalised(our)).toEqual(normalised(ref));
    expect(our).toMatchObject({ code: 0, stdout: '', stderr: '' });
  });

  it('image-delete of an existing and a missing image', async () => {
    const [refId, ourId] = await twins('delete2');
    const missing = randomUUID();
    const [ref, our] = await onTwins(['image-delete', refId, missing], ['image-delete', ourId, missing]);
    expect(normalised(our)).toEqual(normalised(ref));
    expect(our).toMatchObject({ code: 1, stderr: `No image with an ID of '${missing}' exists.\n` });
  });

  it('image-delete of a missing image', async () => {
    await expectParity(['image-delete', randomUUID()]);
  });

  it('image-create --file with properties and tags', async () => {
    const name = janitor.name('createfile');
    const file = join(dir, 'create.bin');
    writeFileSync(file, randomBytes(100_000));
    const { ref, our } = await both([
      'image-create', '--name', name, '--disk-format', 'raw', '--container-format', 'bare', '--file', file,
      '--property', 'a=b', '--min-ram', '10', '--tags', 'x', 'y', '--protected', 'False', '--hidden', 'True',
    ]);
    for (const result of [ref, our]) {
      if (parseShowTable(result.stdout).id) {
        janitor.trackShown(result.stdout);
      }
    }
    // Glance does not keep the order of tags: compare them as a set.
    const tagsSorted = (text: string): string => text.replace(/\["[xy]", "[xy]"\]/, '["x", "y"]');
    expect(tagsSorted(normalised(our).stdout)).toEqual(tagsSorted(normalised(ref).stdout));
    expect({ ...normalised(our), stdout: '' }).toEqual({ ...normalised(ref), stdout: '' });
    expect(parseShowTable(our.stdout)).toMatchObject({ status: 'active', size: '100000', os_hidden: 'True' });
    expect(JSON.parse(parseShowTable(our.stdout).tags ?? '[]').sort()).toEqual(['x', 'y']);
  });

  it('image-create without data (record only)', async () => {
    const name = janitor.name('create');
    const { ref, our } = await both(['image-create', '--name', name, '--disk-format', 'raw', '--container-format', 'bare', '--min-disk', '1', '--property', 'p=q']);
    for (const result of [ref, our]) {
      if (parseShowTable(result.stdout).id) {
        janitor.trackShown(result.stdout);
      }
    }
    expect(normalised(our)).toEqual(normalised(ref));
    expect(parseShowTable(our.stdout)).toMatchObject({ name, status: 'queued', min_disk: '1', p: 'q' });
  });
});

describe.concurrent('errors both clients report alike', () => {
  it.each([
    ['a bad --sort key', ['image-list', '--sort', 'bad:desc']],
    ['a bad --sort direction', ['image-list', '--sort', 'name:up']],
    ['--sort with --sort-key', ['image-list', '--sort', 'name', '--sort-key', 'name']],
    ['more sort directions than keys', ['image-list', '--sort-key', 'name', '--sort-dir', 'asc', '--sort-dir', 'desc']],
    ['a property filter without =', ['image-list', '--property-filter', 'foo']],
    ['image-show of an unknown id', ['image-show', randomUUID()]],
    ['image-download of an unknown id', ['image-download', randomUUID()]],
    ['image-update of an unknown id', ['image-update', '--name', 'x', randomUUID()]],
    ['image-tag-update of an unknown id', ['image-tag-update', randomUUID(), 'x']],
  ])('%s', async (_label, args) => {
    const { our } = await expectParity(args);
    expect(our.code).toBe(1);
  });

  it.each([
    ['username', { OS_USERNAME: undefined }],
    ['password', { OS_PASSWORD: undefined }],
    ['project', { OS_PROJECT_NAME: undefined }],
  ])('a missing %s (no request sent)', async (_label, env) => {
    const { our } = await expectParity(['image-list'], { env: { ...env, OS_AUTH_URL: closedUrl } });
    expect(our.code).toBe(1);
  });

  it('a missing auth url', async () => {
    await expectParity(['image-list'], { env: { OS_AUTH_URL: undefined } });
  });

  it('a wrong password (401 with a request id)', async () => {
    const { our } = await expectParity(['image-list'], { env: { OS_PASSWORD: 'wrong-password' } });
    expect(our.stderr).toMatch(/^The request you have made requires authentication\. \(HTTP 401\) \(Request-ID: req-[0-9a-f-]{36}\)\n$/);
  });

  it('a member publicising an image (403)', async () => {
    const name = janitor.name('public403');
    const { our } = await expectParity(['image-create', '--name', name, '--visibility', 'public'], { as: 'demo' });
    expect(our.stderr).toBe('HTTP 403 Forbidden: You are not authorized to complete publicize_image action.\n');
  });

  it("a member deleting an image it cannot see", async () => {
    await expectParity(['image-delete', fixtures.alpha!.id], { as: 'demo' });
  });
});

describe('errors that need an image of their own', () => {
  it('a member downloading a deactivated shared image (403)', async () => {
    const image = janitor.trackImage(await createImage({ name: janitor.name('deact'), disk_format: 'raw', container_format: 'bare' }, { data: randomBytes(2048) }));
    await glanceApi('POST', `/v2/images/${image.id}/members`, { body: { member: cloud().altDemoProjectId } });
    await glanceApi('POST', `/v2/images/${image.id}/actions/deactivate`);
    const { our } = await expectParity(['image-download', image.id], { as: 'alt_demo' });
    expect(our.code).toBe(1);
    expect(our.stderr).toContain('The requested image has been deactivated.');
  });
});

describe('documented differences: ours is asserted, the reference only where it agrees', () => {
  it('a bad enum: the first line and the exit code match; ours omits the jsonschema dump', async () => {
    const { ref, our } = await both(['image-create', '--name', janitor.name('enum'), '--disk-format', 'foo']);
    expect(our.code).toBe(ref.code);
    expect(our.stderr.split('\n')[0]).toBe(ref.stderr.split('\n')[0]);
    expect(ref.stderr).toContain("Failed validating 'enum'");
    expect(our.stderr.split('\n')).toHaveLength(2);
  });

  it('connection refused: the same text up to the URL', async () => {
    const { ref, our } = await both(['image-list'], { env: { OS_AUTH_URL: closedUrl } });
    const prefix = `Unable to establish connection to ${closedUrl}/auth/tokens: `;
    expect(ref.stderr.startsWith(prefix)).toBe(true);
    expect(our.stderr.startsWith(prefix)).toBe(true);
    expect([our.code, ref.code]).toEqual([1, 1]);
  });

  it('stdin on /dev/null: ours creates a queued record, the reference uploads 0 bytes', async () => {
    const name = janitor.name('devnull');
    const args = ['image-create', '--name', name, '--disk-format', 'raw', '--container-format', 'bare'];
    const ref = await reference(args, { stdin: 'null' });
    const our = await ours(args, { stdin: 'null' });
    for (const result of [ref, our]) {
      if (parseShowTable(result.stdout).id) {
        janitor.trackShown(result.stdout);
      }
    }
    expect(parseShowTable(ref.stdout)).toMatchObject({ status: 'active', size: '0' });
    expect(parseShowTable(our.stdout)).toMatchObject({ status: 'queued', size: 'None' });
    expect([our.code, our.stderr]).toEqual([0, '']);
  });

  it('image-upload without data: ours refuses, the image stays queued', async () => {
    const image = janitor.trackImage(await createImage({ name: janitor.name('nodata'), disk_format: 'raw', container_format: 'bare' }));
    const our = await ours(['image-upload', image.id]);
    expect(our).toMatchObject({
      code: 1,
      stdout: '',
      stderr: 'No image data to upload: use --file <FILE>, or redirect a file or a pipe into stdin\n',
    });
    expect((await getImage(image.id))?.status).toBe('queued');
  });

  it('image-create --file --size: ours accepts a matching size (4.10+ always refuses it)', async () => {
    const file = join(dir, 'sized.bin');
    writeFileSync(file, randomBytes(12_345));
    const name = janitor.name('sized');
    const our = await ours(['image-create', '--name', name, '--disk-format', 'raw', '--container-format', 'bare', '--file', file, '--size', '12345']);
    if (parseShowTable(our.stdout).id) {
      janitor.trackShown(our.stdout);
    }
    expect(our.stderr).toBe('');
    expect(our.code).toBe(0);
    expect(parseShowTable(our.stdout)).toMatchObject({ status: 'active', size: '12345' });
  });

  it('--progress: ours draws on stderr (a terminal), stdout keeps only the table', async () => {
    const file = join(dir, 'progress.bin');
    writeFileSync(file, randomBytes(2 * 1024 * 1024));
    const out = join(dir, 'progress-stdout.txt');
    const name = janitor.name('progress');
    // script(1) gives the command a terminal; stdout goes to a file, so the terminal shows stderr only.
    const terminal = await inTerminal(
      `exec ${shellQuote(process.execPath)} ${shellQuote(OUR_CLI)} image-create --name ${name} --disk-format raw --container-format bare --progress --file ${shellQuote(file)} > ${shellQuote(out)}`,
    );
    const stdout = readFileSync(out, 'utf8');
    if (parseShowTable(stdout).id) {
      janitor.trackShown(stdout);
    }
    expect(terminal.code).toBe(0);
    expect(terminal.output).toMatch(/\] 100%/);
    expect(stdout).toMatch(/^\+-+\+-+\+\n\| Property +\| Value +\|\n/);
    expect(stdout).not.toContain('%');
    expect(parseShowTable(stdout).status).toBe('active');
  });
});

describe.concurrent('usage errors: exit 2 from both (the wording may differ)', () => {
  it.each([
    ['an unknown option', ['image-list', '--bogus']],
    ['a missing argument', ['image-show']],
    ['a bad int', ['image-list', '--limit', 'abc']],
    ['a bad int in a schema option', ['image-update', '--min-ram', 'x', randomUUID()]],
    ['a bad sort-key choice', ['image-list', '--sort-key', 'bogus']],
    ['an unknown subcommand', ['bogus-cmd']],
  ])('%s', async (_label, args) => {
    const { ref, our } = await both(args, { env: { OS_AUTH_URL: closedUrl } });
    expect(ref.code).toBe(2);
    expect(our.code).toBe(2);
    expect(our.stdout).toBe('');
    expect(ref.stderr.trimEnd().split('\n').at(-1)).toMatch(/^glance( [a-z-]+)?: error: /);
    expect(our.stderr.trimEnd().split('\n').at(-1)).toMatch(/^glance( [a-z-]+)?: error: /);
  });
});

describe.concurrent('argparse prefix abbreviations (the reference accepts any unambiguous prefix)', () => {
  it.each([
    ['image-show --human', () => ['image-show', '--human', fixtures.alpha!.id]],
    ['image-list --lim 1', () => ['image-list', '--lim', '1']],
    ['--verb image-list', () => ['--verb', 'image-list']],
  ])('%s', async (_label, args) => {
    const { ref } = await expectParity(args(), { as: 'alt_demo' });
    expect(ref.code).toBe(0);
  });
});

describe.concurrent('help', () => {
  const COMMANDS = [
    'image-create',
    'image-update',
    'image-list',
    'image-show',
    'image-download',
    'image-upload',
    'image-delete',
    'image-tag-update',
    'image-tag-delete',
  ];

  /** The option strings (`--name`, `-h`) an argparse help text lists in its option rows. */
  function optionStrings(help: string): string[] {
    const found = new Set<string>();
    for (const line of help.split('\n')) {
      const row = /^ {2}(-[^ ].*?)(?: {2,}.*)?$/.exec(line);
      if (!row) {
        continue;
      }
      for (const spelling of row[1]!.split(', ')) {
        const option = /^(--?[A-Za-z0-9][A-Za-z0-9_-]*)/.exec(spelling);
        // Per-command help lists no global --os-* options; --os-distro and --os-version are the image's own.
        if (option) {
          found.add(option[1]!);
        }
      }
    }
    return [...found];
  }

  /** The positional argument names (`IMAGE_ID`) a help text lists. */
  function positionalNames(help: string): string[] {
    return [...help.matchAll(/^ {2}<([A-Z_]+)>/gm)].map((match) => match[1]!);
  }

  it.each(COMMANDS)('ours lists every option and argument the reference lists for %s', async (command) => {
    const { ref, our } = await both(['help', command], { as: 'none', env: { OS_AUTH_URL: closedUrl } });
    expect(ref.code).toBe(0);
    expect(our.code).toBe(0);
    const options = optionStrings(ref.stdout);
    const positionals = positionalNames(ref.stdout);
    expect(options.length + positionals.length).toBeGreaterThan(0);
    const missing = [
      ...options.filter((option) => !new RegExp(`(^|[\\s,\\[])${option}(?=[\\s,=\\]]|$)`, 'm').test(our.stdout)),
      ...positionals.filter((name) => !new RegExp(`\\b${name}\\b`).test(our.stdout)),
    ];
    expect(missing).toEqual([]);
  });
});
