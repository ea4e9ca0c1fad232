/**
 * The install guide's image walkthrough with our CLI as admin against the real cloud: create
 * (stdin and --file), list, show, download (file and stdout), update, upload, tags, delete.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cloud, digest, getImage, ImageJanitor, imageTable, listRows, ours, parseShowTable, table } from './helpers.js';

const janitor = new ImageJanitor('walk');
let dir: string;
/** A real qcow2: 16 MiB virtual, 2 MiB of random data at the start. */
let qcow2: string;
let qcow2Data: Buffer;
/** 3 MiB of random bytes, uploaded as raw. */
let rawFile: string;
let rawData: Buffer;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'glance-it-walk-'));
  const disk = join(dir, 'disk.raw');
  writeFileSync(disk, randomBytes(2 * 1024 * 1024));
  truncateSync(disk, 16 * 1024 * 1024);
  qcow2 = join(dir, 'cirros-test.qcow2');
  execFileSync('qemu-img', ['convert', '-f', 'raw', '-O', 'qcow2', disk, qcow2]);
  qcow2Data = readFileSync(qcow2);
  rawFile = join(dir, 'data.bin');
  rawData = randomBytes(3 * 1024 * 1024 + 17);
  writeFileSync(rawFile, rawData);
});

afterAll(async () => {
  await janitor.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

/** The table an active image created by admin shows, with its timestamps taken from the API. */
async function activeImageTable(id: string, data: Buffer, fields: Record<string, string>): Promise<string> {
  const image = (await getImage(id))!;
  return imageTable({
    checksum: digest('md5', data),
    container_format: 'bare',
    created_at: image.created_at as string,
    id,
    min_disk: '0',
    min_ram: '0',
    os_hash_algo: 'sha512',
    os_hash_value: digest('sha512', data),
    os_hidden: 'False',
    owner: cloud().adminProjectId,
    protected: 'False',
    size: String(data.length),
    status: 'active',
    stores: 'fast',
    tags: '[]',
    updated_at: image.updated_at as string,
    visibility: 'shared',
    ...fields,
  });
}

describe('install guide walkthrough (admin)', () => {
  const names = { stdin: janitor.name('stdin'), file: janitor.name('file'), empty: janitor.name('empty'), pipe: janitor.name('pipe') };
  let stdinId: string;
  let fileId: string;
  let createdTable: string;

  it('image-create --progress < file uploads stdin and prints the active image', async () => {
    const result = await ours(
      ['image-create', '--name', names.stdin, '--disk-format', 'qcow2', '--container-format', 'bare', '--visibility', 'public', '--progress'],
      { stdin: { file: qcow2 } },
    );
    if (parseShowTable(result.stdout).id) {
      stdinId = janitor.trackShown(result.stdout);
    }
    expect(result.stderr).toBe(''); // the progress bar only goes to a terminal
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      await activeImageTable(stdinId, qcow2Data, {
        disk_format: 'qcow2',
        name: names.stdin,
        virtual_size: String(16 * 1024 * 1024),
        visibility: 'public',
      }),
    );
    createdTable = result.stdout;
  });

  it('image-create --file uploads the file, with --property', async () => {
    const result = await ours([
      'image-create', '--name', names.file, '--disk-format', 'raw', '--container-format', 'bare', '--property', 'foo=bar', '--file', rawFile,
    ]);
    if (parseShowTable(result.stdout).id) {
      fileId = janitor.trackShown(result.stdout);
    }
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      await activeImageTable(fileId, rawData, { disk_format: 'raw', foo: 'bar', name: names.file, virtual_size: String(rawData.length) }),
    );
  });

  it('image-list shows both images', async () => {
    const result = await ours(['image-list']);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    const rows = listRows(result.stdout);
    expect(rows[0]).toEqual(['ID', 'Name']);
    expect(rows).toContainEqual([stdinId, names.stdin]);
    expect(rows).toContainEqual([fileId, names.file]);
  });

  it('image-show prints what image-create printed: active, size, md5 and sha512 of the data', async () => {
    const result = await ours(['image-show', stdinId]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe(createdTable);
    const shown = parseShowTable(result.stdout);
    expect(shown.status).toBe('active');
    expect(shown.size).toBe(String(qcow2Data.length));
    expect(shown.checksum).toBe(digest('md5', qcow2Data));
    expect(shown.os_hash_value).toBe(digest('sha512', qcow2Data));
  });

  it('image-download --file writes the exact bytes', async () => {
    const out = join(dir, 'download.qcow2');
    const result = await ours(['image-download', stdinId, '--file', out]);
    expect(result).toMatchObject({ code: 0, stdout: '', stderr: '' });
    expect(readFileSync(out).equals(qcow2Data)).toBe(true);
  });

  it('image-download to a piped stdout writes the exact bytes and nothing else', async () => {
    const result = await ours(['image-download', fileId]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdoutBytes.length).toBe(rawData.length);
    expect(result.stdoutBytes.equals(rawData)).toBe(true);
  });

  it('image-update renames, sets and removes properties', async () => {
    const result = await ours(['image-update', fileId, '--name', `${names.file}-renamed`, '--property', 'os_distro=cirros', '--remove-property', 'foo']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      await activeImageTable(fileId, rawData, {
        disk_format: 'raw',
        name: `${names.file}-renamed`,
        os_distro: 'cirros',
        virtual_size: String(rawData.length),
      }),
    );
    const image = (await getImage(fileId))!;
    expect(image.name).toBe(`${names.file}-renamed`);
    expect(image.os_distro).toBe('cirros');
    expect(image).not.toHaveProperty('foo');
  });

  it('image-create without data leaves a queued record; image-upload --file then activates it', async () => {
    const created = await ours(['image-create', '--name', names.empty, '--disk-format', 'raw', '--container-format', 'bare']);
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    const id = janitor.trackShown(created.stdout);
    expect(parseShowTable(created.stdout)).toMatchObject({ status: 'queued', size: 'None', checksum: 'None', virtual_size: 'Not available' });

    const upload = await ours(['image-upload', id, '--file', rawFile]);
    expect(upload).toMatchObject({ code: 0, stdout: '', stderr: '' });
    const shown = parseShowTable((await ours(['image-show', id])).stdout);
    expect(shown).toMatchObject({
      status: 'active',
      size: String(rawData.length),
      checksum: digest('md5', rawData),
      os_hash_value: digest('sha512', rawData),
    });
  });

  it('image-tag-update prints the ID | Tags table; image-tag-delete removes the tag', async () => {
    const update = await ours(['image-tag-update', stdinId, 't']);
    expect(update.stderr).toBe('');
    expect(update.code).toBe(0);
    expect(update.stdout).toBe(table(['ID', 'Tags'], [[stdinId, "['t']"]]));
    expect((await getImage(stdinId))!.tags).toEqual(['t']);

    const remove = await ours(['image-tag-delete', stdinId, 't']);
    expect(remove).toMatchObject({ code: 0, stdout: '', stderr: '' });
    expect((await getImage(stdinId))!.tags).toEqual([]);
  });

  it('cat file | image-create uploads the pipe', async () => {
    const result = await ours(['image-create', '--name', names.pipe, '--disk-format', 'raw', '--container-format', 'bare'], {
      stdin: { pipe: rawFile },
    });
    if (parseShowTable(result.stdout).id) {
      janitor.trackShown(result.stdout);
    }
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(parseShowTable(result.stdout)).toMatchObject({
      name: names.pipe,
      status: 'active',
      size: String(rawData.length),
      checksum: digest('md5', rawData),
      os_hash_value: digest('sha512', rawData),
    });
  });

  it('image-delete deletes several images; image-show of a deleted id is a 404', async () => {
    const result = await ours(['image-delete', stdinId, fileId]);
    expect(result).toMatchObject({ code: 0, stdout: '', stderr: '' });
    expect(await getImage(stdinId)).toBeUndefined();
    expect(await getImage(fileId)).toBeUndefined();

    const show = await ours(['image-show', stdinId]);
    expect(show).toMatchObject({ code: 1, stdout: '', stderr: `HTTP 404 Not Found: No image found with ID ${stdinId}\n` });
  });
});
