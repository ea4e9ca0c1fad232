/**
 * The image-import commands against the real test cloud (stores `fast`, the default, and `cheap`;
 * import methods glance-direct, web-download and copy-image): glance-direct in one step and as
 * stage + import, web-download from a local web server, a web-download whose URL 404s, copy-image,
 * stores-delete, import-info, stores-info, image-tasks and task-*. Every image is cleaned up.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cloud, createImage, digest, getImage, ImageJanitor, imagesNamed, listRows, ours, parseShowTable, table } from './helpers.js';
import { imageTasks, startWebServer, waitForImportEnd, type WebServer } from './import-helpers.js';

const janitor = new ImageJanitor('imp');
const DATA = randomBytes(3 * 1024 * 1024 + 17);
const MD5 = digest('md5', DATA);
const SHA512 = digest('sha512', DATA);
const FORMATS = ['--disk-format', 'raw', '--container-format', 'bare'];
let file: string;
let web: WebServer;
let webUri: string;

let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'glance-it-import-'));
  file = join(dir, 'disk.raw');
  writeFileSync(file, DATA);
  web = await startWebServer();
  webUri = web.serve('disk.raw', DATA);
});

afterAll(async () => {
  await web?.stop();
  await janitor.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

/** Runs ours; the image it shows is tracked for clean-up. */
async function create(args: string[], options: Parameters<typeof ours>[1] = {}): Promise<{ code: number | null; stdout: string; stderr: string; id?: string }> {
  const result = await ours(['image-create-via-import', ...args], options);
  const id = parseShowTable(result.stdout).id;
  if (id) {
    janitor.track(id);
  }
  return { ...result, id };
}

function expectImported(record: Record<string, string>, stores = 'fast'): void {
  expect(record).toMatchObject({ status: 'active', checksum: MD5, os_hash_algo: 'sha512', os_hash_value: SHA512, size: String(DATA.length), stores });
  expect(record.os_glance_importing_to_stores).toBe('');
  expect(record.os_glance_failed_import).toBe('');
}

describe('glance-direct', () => {
  it('in one step from --file, --wait: the printed image is active with the file checksums', async () => {
    const run = await create(['--name', janitor.name('direct'), ...FORMATS, '--file', file, '--wait']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expectImported(parseShowTable(run.stdout));
    const tasks = await imageTasks(run.id!);
    expect(tasks.map((task) => task.status)).toEqual(['success']);
  });

  it('in one step without --wait: returns while importing, as the reference does, and the import completes', async () => {
    const run = await create(['--name', janitor.name('direct-nowait'), ...FORMATS, '--file', file]);
    expect(run.code).toBe(0);
    const shown = parseShowTable(run.stdout);
    expect(['uploading', 'importing', 'active']).toContain(shown.status);
    expect(shown.size).toBe(String(DATA.length));
    const image = await waitForImportEnd(run.id!);
    expect(image).toMatchObject({ status: 'active', checksum: MD5 });
  });

  it('from a pipe on stdin (glance-direct without --import-method), --wait', async () => {
    const run = await create(['--name', janitor.name('direct-pipe'), ...FORMATS, '--wait'], { stdin: { pipe: DATA } });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expectImported(parseShowTable(run.stdout));
  });

  it('into --stores cheap, --wait', async () => {
    const run = await create(['--name', janitor.name('direct-cheap'), ...FORMATS, '--file', file, '--stores', 'cheap', '--wait']);
    expect(run.code).toBe(0);
    expectImported(parseShowTable(run.stdout), 'cheap');
  });

  it('as image-create + image-stage + image-import --wait', async () => {
    const created = await ours(['image-create', '--name', janitor.name('staged'), ...FORMATS]);
    const id = janitor.trackShown(created.stdout);
    const staged = await ours(['image-stage', '--file', file, id]);
    expect(staged).toMatchObject({ code: 0, stdout: '', stderr: '' });
    expect(await getImage(id)).toMatchObject({ status: 'uploading', size: DATA.length });
    const imported = await ours(['image-import', '--import-method', 'glance-direct', id, '--wait']);
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);
    expectImported(parseShowTable(imported.stdout));
  });

  it('image-import without --wait prints the image still uploading or importing', async () => {
    const image = janitor.trackImage(await createImage({ name: janitor.name('staged-nowait'), disk_format: 'raw', container_format: 'bare' }));
    expect((await ours(['image-stage', id(image), '--file', file])).code).toBe(0);
    const imported = await ours(['image-import', id(image)]);
    expect(imported.code).toBe(0);
    expect(['uploading', 'importing', 'active']).toContain(parseShowTable(imported.stdout).status);
    expect(await waitForImportEnd(id(image))).toMatchObject({ status: 'active', checksum: MD5 });
  });
});

function id(image: { id: string }): string {
  return image.id;
}

describe('web-download', () => {
  it('from the local web server, --wait', async () => {
    const run = await create(['--name', janitor.name('web'), ...FORMATS, '--import-method', 'web-download', '--uri', webUri, '--wait']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expectImported(parseShowTable(run.stdout));
  });

  it('without --wait prints the queued image with its import task, and the import completes', async () => {
    const run = await create(['--name', janitor.name('web-nowait'), ...FORMATS, '--import-method', 'web-download', '--uri', webUri]);
    expect(run.code).toBe(0);
    const shown = parseShowTable(run.stdout);
    expect(['queued', 'importing', 'active']).toContain(shown.status);
    expect(await waitForImportEnd(run.id!)).toMatchObject({ status: 'active', checksum: MD5 });
  });

  it('works with stdin on /dev/null (the reference refuses: it takes /dev/null for data)', async () => {
    const run = await create(['--name', janitor.name('web-devnull'), ...FORMATS, '--import-method', 'web-download', '--uri', webUri, '--wait'], { stdin: 'null' });
    expect(run.code).toBe(0);
  });

  it('a URL that 404s with --wait: exit 1 with the task message, and no image left behind', async () => {
    const name = janitor.name('web404');
    const run = await create(['--name', name, ...FORMATS, '--import-method', 'web-download', '--uri', `${web.url}/missing.raw`, '--wait']);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    const match = /^Deleted image ([0-9a-f-]{36}): its import failed\.\nImport of image \1 failed: (.+) \(failed stores: fast\)\n$/.exec(run.stderr);
    expect(match, run.stderr).not.toBeNull();
    expect(match![2]).toBe('Task failed due to Internal Error');
    expect(await getImage(match![1]!)).toBeUndefined();
    expect(await imagesNamed(name)).toEqual([]);
  });

  it('a URL that 404s without --wait: prints the queued image, as the reference does', async () => {
    const run = await create(['--name', janitor.name('web404-nowait'), ...FORMATS, '--import-method', 'web-download', '--uri', `${web.url}/missing.raw`]);
    expect(run.code).toBe(0);
    const image = await waitForImportEnd(run.id!);
    expect(image).toMatchObject({ status: 'queued', os_glance_failed_import: 'fast' });
    const tasks = await imageTasks(run.id!);
    expect(tasks.map((task) => [task.status, task.message])).toEqual([['failure', 'Task failed due to Internal Error']]);
  });

  it('a URI Glance refuses: the error, and no queued image left (the reference leaves one)', async () => {
    const name = janitor.name('web-refused');
    const uri = 'http://[::1]:8000/cirros-test.qcow2';
    const run = await create(['--name', name, ...FORMATS, '--import-method', 'web-download', '--uri', uri]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(
      new RegExp(`^Deleted image [0-9a-f-]{36}: its import could not be started\\.\\nHTTP 400 Bad Request: URI for web-download does not pass filtering: ${uri.replace(/[[\]]/g, '\\$&')}\\n$`),
    );
    expect(await imagesNamed(name)).toEqual([]);
  });

  it('image-import --import-method web-download --uri on a queued record, --wait', async () => {
    const image = janitor.trackImage(await createImage({ name: janitor.name('web-import'), disk_format: 'raw', container_format: 'bare' }));
    const run = await ours(['image-import', '--import-method', 'web-download', '--uri', webUri, '--wait', image.id]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expectImported(parseShowTable(run.stdout));
  });

  it('image-import of a URL that 404s, --wait: exit 1 with the task message, the image is left (it was not ours)', async () => {
    const image = janitor.trackImage(await createImage({ name: janitor.name('web-import404'), disk_format: 'raw', container_format: 'bare' }));
    const run = await ours(['image-import', '--import-method', 'web-download', '--uri', `${web.url}/missing.raw`, '--wait', image.id]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`Import of image ${image.id} failed: Task failed due to Internal Error (failed stores: fast)\n`);
    expect(await getImage(image.id)).toMatchObject({ status: 'queued' });
  });
});

describe('copy-image and stores-delete', () => {
  let imageId: string;
  beforeAll(async () => {
    imageId = janitor.trackImage(await createImage({ name: janitor.name('copy'), disk_format: 'raw', container_format: 'bare' }, { data: DATA })).id;
  });

  it('copy-image --stores cheap --wait puts the image in both stores', async () => {
    const run = await ours(['image-import', '--import-method', 'copy-image', '--stores', 'cheap', '--wait', imageId]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(parseShowTable(run.stdout)).toMatchObject({ status: 'active', stores: 'fast,cheap', os_glance_importing_to_stores: '', os_glance_failed_import: '' });
  });

  it('stores-delete --store cheap takes it out of cheap only', async () => {
    const run = await ours(['stores-delete', '--store', 'cheap', imageId]);
    expect(run).toMatchObject({ code: 0, stdout: '', stderr: '' });
    expect(await getImage(imageId)).toMatchObject({ status: 'active', stores: 'fast' });
  });

  it('stores-delete from the only store left: refused, in the reference words around Glance\'s', async () => {
    const run = await ours(['stores-delete', '--store', 'cheap', imageId]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `Unable to delete image '${imageId}' from store 'cheap'. (HTTP 403 Forbidden: Cannot delete image data from the only store containing it. Consider deleting the image instead.)\n`,
    );
  });

  it('stores-delete from a store that does not exist, and of an image that does not', async () => {
    const store = await ours(['stores-delete', '--store', 'slow', imageId]);
    expect(store.code).toBe(1);
    expect(store.stderr).toBe(`Unable to delete image '${imageId}' from store 'slow'. (HTTP 409 Conflict: The selected store slow is not available on this node.)\n`);
    const image = await ours(['stores-delete', '--store', 'cheap', randomUUID()]);
    expect(image.code).toBe(1);
    expect(image.stderr).toBe('Multi Backend support is not enabled or Image/store not found.\n');
  });

  it('copy-image --all-stores True --wait puts it back everywhere', async () => {
    const run = await ours(['image-import', '--import-method', 'copy-image', '--all-stores', 'True', '--wait', imageId]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(parseShowTable(run.stdout)).toMatchObject({ status: 'active', stores: 'fast,cheap' });
  });

  it('copy-image into a store the image is already in: the 400 as Glance words it', async () => {
    const run = await ours(['image-import', '--import-method', 'copy-image', '--stores', 'cheap', imageId]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('HTTP 400 Bad Request: Image is already present at store &#x27;cheap&#x27;\n');
  });

  it('image-tasks lists the two copy tasks; --verbose adds the ids and the rest', async () => {
    const run = await ours(['image-tasks', imageId]);
    expect(run.code).toBe(0);
    const rows = listRows(run.stdout);
    expect(rows[0]).toEqual(['Message', 'Status', 'Updated at']);
    expect(rows.slice(1).map((row) => row[1])).toEqual(['success', 'success']);
    const verbose = await ours(['--verbose', 'image-tasks', imageId]);
    const header = listRows(verbose.stdout)[0];
    expect(header).toEqual(['Image Id', 'Task Id', 'Message', 'Status', 'Updated at', 'User Id', 'Request Id', 'Result', 'Owner', 'Input', 'Expires at']);
    expect(listRows(verbose.stdout)[1]![0]).toBe(imageId);
  });

  it('task-list (admin) lists them and task-show shows one', async () => {
    const tasks = await imageTasks(imageId);
    const list = await ours(['task-list', '--status', 'success', '--page-size', '2']);
    expect(list.code).toBe(0);
    const ids = listRows(list.stdout).slice(1).map((row) => row[0]);
    for (const task of tasks) {
      expect(ids).toContain(task.id);
    }
    const show = await ours(['task-show', tasks[0]!.id]);
    expect(show.code).toBe(0);
    expect(parseShowTable(show.stdout)).toMatchObject({ id: tasks[0]!.id, image_id: imageId, type: 'api_image_import', status: 'success' });
    expect(parseShowTable(show.stdout)).not.toHaveProperty('self');
  });

  it('task-list as a member is refused by policy', async () => {
    const run = await ours(['task-list'], { as: 'demo' });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('HTTP 403 Forbidden: You are not authorized to complete tasks_api_access action.\n');
  });
});

describe('import-info and stores-info', () => {
  it('import-info', async () => {
    const run = await ours(['import-info']);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toBe(
      table(
        ['Property', 'Value'],
        [
          ['import-methods', '{"description": "Import methods available.", "type": "array", "value": ["glance-'],
          ['', 'direct", "web-download", "copy-image"]}'],
        ],
      ),
    );
  });

  it('stores-info', async () => {
    const run = await ours(['stores-info'], { as: 'demo' });
    expect(run.code).toBe(0);
    const stores = run.stdout.replace(/ *\|\n\| +\| /g, ' ');
    expect(stores).toMatch(/\| stores {3}\| \[\{"id": "fast", "description": "[^"]*", "default": "true"\}, \{"id": "cheap", "description": "[^"]*"\}\] +\|/);
  });

  it('stores-info --detail as admin shows the file stores and their directories', async () => {
    const run = await ours(['stores-info', '--detail']);
    expect(run.code).toBe(0);
    const stores = parseShowTable(run.stdout).stores!;
    expect(stores).toContain('"type": "file"');
    expect(stores).toContain(`${cloud().state}/glance/images/cheap`);
  });

  it('stores-info --detail as a member is refused by policy', async () => {
    const run = await ours(['stores-info', '--detail'], { as: 'demo' });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('HTTP 403 Forbidden: You are not authorized to complete stores_info_detail action.\n');
  });
});

describe('as a member (no tasks API access)', () => {
  it('create-via-import --wait follows the import through the image tasks it may see', async () => {
    const run = await create(['--name', janitor.name('demo-direct'), ...FORMATS, '--file', file, '--wait'], { as: 'demo' });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expectImported(parseShowTable(run.stdout));
  });
});
