/**
 * Parity with python-glanceclient 4.1 (Debian) for the image-import commands: both clients run
 * with the same arguments against the real cloud, and their normalised stdout, stderr and exit
 * codes must match. Commands that start an import print the image at a moment that depends on
 * timing, so for them the tables are compared without the import-progress fields, and the
 * images, once imported, are compared in full with image-show. Where ours deliberately differs
 * (README, "Differences"), the test asserts our behaviour next to the reference's.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createImage, ImageJanitor, normalise, normalised, ours, parseShowTable, reference, type Normalised, type RunOptions, type RunResult } from './helpers.js';
import { imageTasks, isWellFormedTable, stableImageRecord, startWebServer, waitForImportEnd, type WebServer } from './import-helpers.js';

const janitor = new ImageJanitor('ipar');
const DATA = randomBytes(2 * 1024 * 1024 + 5);
const FORMATS = ['--disk-format', 'raw', '--container-format', 'bare'];
let file: string;
let web: WebServer;
let webUri: string;
/** Set-up images: a queued record, one without formats, an active one with import tasks behind it. */
let queued: string;
let formatless: string;
let active: string;

let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'glance-it-ipar-'));
  file = join(dir, 'disk.raw');
  writeFileSync(file, DATA);
  web = await startWebServer();
  webUri = web.serve('disk.raw', DATA);
  queued = janitor.trackImage(await createImage({ name: janitor.name('queued'), disk_format: 'raw', container_format: 'bare' })).id;
  formatless = janitor.trackImage(await createImage({ name: janitor.name('formatless') })).id;
  active = janitor.trackImage(await createImage({ name: janitor.name('active'), disk_format: 'raw', container_format: 'bare' }, { data: DATA })).id;
  // Two import tasks for image-tasks and task-show to show: a copy, and a copy back after a store delete.
  const copied = await ours(['image-import', '--import-method', 'copy-image', '--stores', 'cheap', '--wait', active]);
  expect(copied.code, copied.stderr).toBe(0);
});

afterAll(async () => {
  await web?.stop();
  await janitor.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

/** Both clients, the reference with stdin closed and ours with /dev/null (helpers' defaults), at once. */
async function both(args: string[], options: Omit<RunOptions, 'stdin'> = {}): Promise<{ ref: RunResult; our: RunResult }> {
  const [ref, our] = await Promise.all([reference(args, options), ours(args, options)]);
  return { ref, our };
}

async function expectParity(args: string[], options: Omit<RunOptions, 'stdin'> = {}): Promise<{ ref: RunResult; our: RunResult }> {
  const results = await both(args, options);
  expect(normalised(results.our)).toEqual(normalised(results.ref));
  return results;
}

/** One client after the other (Glance on SQLite fails concurrent writes); the image each shows is tracked. */
async function oneThenOther(refArgs: string[], ourArgs: string[], options: RunOptions = {}): Promise<[RunResult, RunResult]> {
  const ref = await reference(refArgs, options);
  const our = await ours(ourArgs, options);
  for (const result of [ref, our]) {
    const id = parseShowTable(result.stdout).id;
    if (id) {
      janitor.track(id);
    }
  }
  return [ref, our];
}

/** Tables of an image whose import is under way: same fields and values, bar the import progress. */
function expectSameImageModuloProgress(ref: RunResult, our: RunResult): void {
  expect(our.code).toBe(ref.code);
  expect(our.stderr).toBe(ref.stderr);
  expect(isWellFormedTable(ref.stdout)).toBe(true);
  expect(isWellFormedTable(our.stdout)).toBe(true);
  expect(stableImageRecord(our.stdout)).toEqual(stableImageRecord(ref.stdout));
}

/** Once both imports are over, image-show of the two images must print the same. */
async function expectSameImportedImages(refId: string, ourId: string): Promise<void> {
  await waitForImportEnd(refId);
  await waitForImportEnd(ourId);
  const [refShow, ourShow] = await Promise.all([reference(['image-show', refId]), ours(['image-show', ourId])]);
  expect(refShow.code).toBe(0);
  expect(normalise(ourShow.stdout)).toBe(normalise(refShow.stdout));
}

function shownId(result: RunResult): string {
  const id = parseShowTable(result.stdout).id;
  if (!id) {
    throw new Error(`no image in:\n${result.stdout}\n${result.stderr}`);
  }
  return id;
}

describe('import-info, stores-info', () => {
  it.each([
    ['import-info', ['import-info'], 'admin'],
    ['stores-info', ['stores-info'], 'demo'],
    ['stores-info --detail (admin)', ['stores-info', '--detail'], 'admin'],
    ['stores-info --detail as a member (403)', ['stores-info', '--detail'], 'demo'],
  ] as const)('%s', async (_label, args, as) => {
    await expectParity([...args], { as });
  });
});

describe('image-create-via-import refusals, before any image exists', () => {
  const URI = 'http://127.0.0.1:9/x.raw';
  it.each([
    ['copy-image', ['--import-method', 'copy-image']],
    ['a method the cloud lacks', [...FORMATS, '--import-method', 'glance-download']],
    ['an unknown method', ['--import-method', 'foo']],
    ['one format missing with --file', ['--disk-format', 'raw', '--file', '/etc/hostname']],
    ['--uri without a method', [...FORMATS, '--uri', URI]],
    ['glance-direct without data', [...FORMATS, '--import-method', 'glance-direct']],
    ['glance-direct --store without data', [...FORMATS, '--import-method', 'glance-direct', '--store', 'fast']],
    ['glance-direct --stores without data', [...FORMATS, '--import-method', 'glance-direct', '--stores', 'fast,cheap']],
    ['glance-direct --all-stores without data', [...FORMATS, '--import-method', 'glance-direct', '--all-stores', 'True']],
    ['glance-direct with --uri', [...FORMATS, '--file', '/etc/hostname', '--uri', URI]],
    ['an unreadable file', [...FORMATS, '--file', '/nonexistent/disk.raw']],
    ['web-download without --uri', [...FORMATS, '--import-method', 'web-download']],
    ['web-download --store without --uri', [...FORMATS, '--import-method', 'web-download', '--store', 'fast']],
    ['web-download --all-stores without --uri', [...FORMATS, '--import-method', 'web-download', '--all-stores', 'yes']],
    ['web-download with --file', [...FORMATS, '--import-method', 'web-download', '--uri', URI, '--file', '/etc/hostname']],
    ['an unknown store', [...FORMATS, '--import-method', 'web-download', '--uri', URI, '--store', 'slow']],
    ['an unknown store among --stores', [...FORMATS, '--import-method', 'web-download', '--uri', URI, '--stores', 'fast,slow']],
    ['--store with --stores', [...FORMATS, '--import-method', 'web-download', '--uri', URI, '--store', 'fast', '--stores', 'cheap']],
    ['--stores with --all-stores', [...FORMATS, '--import-method', 'web-download', '--uri', URI, '--stores', 'cheap', '--all-stores', 'true']],
  ])('%s', async (_label, args) => {
    const { our } = await expectParity(['image-create-via-import', '--name', janitor.name('refused'), ...args]);
    expect(our.code).toBe(1);
    expect(our.stdout).toBe('');
  });

  it('both formats missing (the reference names them in set order: compared as a set)', async () => {
    const { ref, our } = await both(['image-create-via-import', '--name', janitor.name('refused'), '--uri', URI]);
    const fields = (text: string): string[] => /^error: Must provide (.+) when using --uri\.\n$/.exec(text)![1]!.split(', ').sort();
    expect(fields(our.stderr)).toEqual(fields(ref.stderr));
    expect([our.code, ref.code]).toEqual([1, 1]);
  });
});

describe('image-import refusals', () => {
  it.each([
    ['glance-direct on a queued image', () => ['image-import', queued]],
    ['an unknown method', () => ['image-import', '--import-method', 'foo', queued]],
    ['web-download without --uri', () => ['image-import', '--import-method', 'web-download', queued]],
    ['--uri with copy-image', () => ['image-import', '--import-method', 'copy-image', '--uri', 'http://127.0.0.1:9/x', queued]],
    ['copy-image without stores', () => ['image-import', '--import-method', 'copy-image', active]],
    ['copy-image on a queued image', () => ['image-import', '--import-method', 'copy-image', '--stores', 'cheap', queued]],
    ['web-download on an active image', () => ['image-import', '--import-method', 'web-download', '--uri', 'http://127.0.0.1:9/x', active]],
    ['an image without formats', () => ['image-import', formatless]],
    ['an unknown store', () => ['image-import', '--store', 'slow', queued]],
    ['an unknown store among --stores', () => ['image-import', '--import-method', 'copy-image', '--stores', 'cheap,slow', active]],
    ['--all-stores with --store', () => ['image-import', '--all-stores', 'true', '--store', 'fast', queued]],
    ['a missing image', () => ['image-import', randomUUID()]],
    ['copy-image into a store it is already in (Glance 400)', () => ['image-import', '--import-method', 'copy-image', '--stores', 'cheap', active]],
  ])('%s', async (_label, args) => {
    const { our } = await expectParity(args());
    expect(our.code).toBe(1);
  });
});

describe('image-tasks, task-list, task-show, task-create', () => {
  it.each([
    ['image-tasks', () => ['image-tasks', active]],
    ['--verbose image-tasks', () => ['--verbose', 'image-tasks', active]],
    ['image-tasks of a missing image', () => ['image-tasks', randomUUID()]],
    ['task-list --status success --page-size 1', () => ['task-list', '--status', 'success', '--page-size', '1']],
    ['task-list --sort-key id --sort-dir asc', () => ['task-list', '--sort-key', 'id', '--sort-dir', 'asc']],
    ['task-list --type import (no such tasks)', () => ['task-list', '--type', 'import']],
    ['task-list --type api_image_import (Glance 400)', () => ['task-list', '--type', 'api_image_import']],
    ['task-show of a missing task', () => ['task-show', randomUUID()]],
    ['task-create without --type', () => ['task-create']],
    ['task-create with bad JSON', () => ['task-create', '--type', 'import', '--input', '{x']],
    ['task-create --type import (Glance 400)', () => ['task-create', '--type', 'import']],
  ])('%s', async (_label, args) => {
    await expectParity(args());
  });

  it('task-show of an import task', async () => {
    const [task] = await imageTasks(active);
    const { our } = await expectParity(['task-show', task!.id]);
    expect(our.code).toBe(0);
  });

  it('task-list as a member (403)', async () => {
    await expectParity(['task-list'], { as: 'demo' });
  });
});

describe('imports, each client on its own image', () => {
  it('image-create-via-import glance-direct --file', async () => {
    const name = janitor.name('direct');
    const args = ['image-create-via-import', '--name', name, ...FORMATS, '--import-method', 'glance-direct', '--file', file];
    const [ref, our] = await oneThenOther(args, args);
    expectSameImageModuloProgress(ref, our);
    await expectSameImportedImages(shownId(ref), shownId(our));
  });

  it('image-create-via-import from a pipe (glance-direct by default)', async () => {
    const args = ['image-create-via-import', '--name', janitor.name('pipe'), ...FORMATS];
    const [ref, our] = await oneThenOther(args, args, { stdin: { pipe: DATA } });
    expectSameImageModuloProgress(ref, our);
    await expectSameImportedImages(shownId(ref), shownId(our));
  });

  it('image-create-via-import web-download --uri', async () => {
    const args = ['image-create-via-import', '--name', janitor.name('web'), ...FORMATS, '--import-method', 'web-download', '--uri', webUri];
    const [ref, our] = await oneThenOther(args, args);
    expectSameImageModuloProgress(ref, our);
    await expectSameImportedImages(shownId(ref), shownId(our));
  });

  it('image-create-via-import without a method or data: a record', async () => {
    const args = ['image-create-via-import', '--name', janitor.name('record'), ...FORMATS];
    const [ref, our] = await oneThenOther(args, args);
    expect(normalised(our)).toEqual(normalised(ref));
    expect(parseShowTable(our.stdout).status).toBe('queued');
  });

  it('image-stage, then image-import', async () => {
    const name = janitor.name('staged');
    const refImage = janitor.trackImage(await createImage({ name, disk_format: 'raw', container_format: 'bare' }));
    const ourImage = janitor.trackImage(await createImage({ name, disk_format: 'raw', container_format: 'bare' }));
    const [refStage, ourStage] = await oneThenOther(['image-stage', '--file', file, refImage.id], ['image-stage', '--file', file, ourImage.id]);
    expect(normalised(ourStage)).toEqual(normalised(refStage));
    expect(ourStage).toMatchObject({ code: 0, stdout: '', stderr: '' });
    const [refImport, ourImport] = await oneThenOther(['image-import', refImage.id], ['image-import', ourImage.id]);
    expectSameImageModuloProgress(refImport, ourImport);
    await expectSameImportedImages(refImage.id, ourImage.id);
  });

  it('copy-image --stores cheap, stores-delete --store cheap, copy-image --all-stores True', async () => {
    const name = janitor.name('copy');
    const refImage = janitor.trackImage(await createImage({ name, disk_format: 'raw', container_format: 'bare' }, { data: DATA }));
    const ourImage = janitor.trackImage(await createImage({ name, disk_format: 'raw', container_format: 'bare' }, { data: DATA }));
    for (const args of [
      ['image-import', '--import-method', 'copy-image', '--stores', 'cheap'],
      ['stores-delete', '--store', 'cheap'],
      ['image-import', '--import-method', 'copy-image', '--all-stores', 'True'],
    ]) {
      const [ref, our] = await oneThenOther([...args, refImage.id], [...args, ourImage.id]);
      if (args[0] === 'stores-delete') {
        expect(normalised(our)).toEqual(normalised(ref));
        expect(our).toMatchObject({ code: 0, stdout: '' });
      } else {
        expectSameImageModuloProgress(ref, our);
      }
      await expectSameImportedImages(refImage.id, ourImage.id);
    }
    const [refShow, ourShow] = await Promise.all([reference(['image-show', refImage.id]), ours(['image-show', ourImage.id])]);
    expect(parseShowTable(refShow.stdout).stores).toBe('fast,cheap');
    expect(parseShowTable(ourShow.stdout).stores).toBe('fast,cheap');
  });

  it('stores-delete refusals: an unknown store, a missing image', async () => {
    await expectParity(['stores-delete', '--store', 'slow', active]);
    await expectParity(['stores-delete', '--store', 'cheap', randomUUID()]);
  });
});

describe('deliberate differences', () => {
  it('a web-download URI Glance refuses: the reference prints and leaves a queued image, ours deletes it', async () => {
    const uri = 'http://[::1]:8000/cirros-test.qcow2';
    const args = ['image-create-via-import', '--name', janitor.name('refused-uri'), ...FORMATS, '--import-method', 'web-download', '--uri', uri];
    const [ref, our] = await oneThenOther(args, args);
    const refusal = `HTTP 400 Bad Request: URI for web-download does not pass filtering: ${uri}\n`;
    expect(ref).toMatchObject({ code: 1, stderr: refusal });
    expect(parseShowTable(ref.stdout).status).toBe('queued');
    expect(our.code).toBe(1);
    expect(our.stdout).toBe('');
    expect(our.stderr).toMatch(/^Deleted image [0-9a-f-]{36}: its import could not be started\.\n/);
    expect(our.stderr.endsWith(refusal)).toBe(true);
  });

  it('web-download with stdin on /dev/null: the reference takes it for data and refuses, ours imports', async () => {
    const args = ['image-create-via-import', '--name', janitor.name('devnull'), ...FORMATS, '--import-method', 'web-download', '--uri', webUri];
    const [ref, our] = await oneThenOther(args, args, { stdin: 'null' });
    expect(ref).toMatchObject({ code: 1, stdout: '', stderr: 'You cannot pass data via stdin with the web-download import method.\n' });
    expect(our.code).toBe(0);
    await waitForImportEnd(shownId(our));
  });
});
