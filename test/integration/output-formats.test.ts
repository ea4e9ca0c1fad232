/**
 * Machine-readable output against the real cloud: -f json|yaml|value|csv|shell, -c, --noindent,
 * --sort-column for image-show, image-list and image-create, used the way scripts use them
 * (eval, for loops, jq). The table stays the default, and -f before the subcommand stays --force.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { cleanEnv, createImage, digest, ImageJanitor, OUR_CLI, ours, type ApiImage } from './helpers.js';

const janitor = new ImageJanitor('fmt');
const DATA = randomBytes(64 * 1024 + 3);
/** A value a careless shell formatter would run or mangle. */
const HOSTILE = 'say "hi" $(touch pwned) `touch pwned` \\ $HOME \'quoted\' ünïcode\nsecond line';
const tag = `fmt-${randomBytes(3).toString('hex')}`;

let dir: string;
let file: string;
/** Active, with data, tags, min_ram and a hostile custom property. */
let active: ApiImage;
/** Queued: no data, so checksum, size and virtual_size are null. */
let queued: ApiImage;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'glance-it-fmt-'));
  file = join(dir, 'data.bin');
  writeFileSync(file, DATA);
  active = janitor.trackImage(
    await createImage(
      { name: janitor.name('active'), disk_format: 'raw', container_format: 'bare', min_ram: 128, tags: [tag, 'second'], note: HOSTILE },
      { data: DATA },
    ),
  );
  queued = janitor.trackImage(await createImage({ name: janitor.name('queued'), disk_format: 'raw', container_format: 'bare', tags: [tag] }));
});

afterAll(async () => {
  await janitor.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

/** Runs a POSIX shell script in `dir` with the admin credentials, `glance` being our CLI. */
function sh(script: string): Promise<{ stdout: string; stderr: string; code: number }> {
  const prelude = `glance() { ${JSON.stringify(process.execPath)} ${JSON.stringify(OUR_CLI)} "$@"; }\n`;
  return new Promise((resolve, reject) => {
    // stdin on /dev/null: a pipe left open would be image data for image-create.
    const child = spawn('/bin/sh', ['-c', prelude + script], { cwd: dir, env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ stdout, stderr, code: code ?? 1 }));
  });
}

describe('image-show', () => {
  it('-f json: API field names, JSON types, null for what the image lacks, no links', async () => {
    const shown = await ours(['image-show', active.id, '-f', 'json']);
    expect([shown.code, shown.stderr]).toEqual([0, '']);
    const record = JSON.parse(shown.stdout) as Record<string, unknown>;
    expect(record).toMatchObject({
      id: active.id,
      status: 'active',
      size: DATA.length,
      min_ram: 128,
      min_disk: 0,
      protected: false,
      os_hidden: false,
      checksum: digest('md5', DATA),
      os_hash_value: digest('sha512', DATA),
      note: HOSTILE,
    });
    expect((record.tags as string[]).sort()).toEqual([tag, 'second'].sort());
    expect(record).not.toHaveProperty('self');
    expect(record).not.toHaveProperty('file');

    const empty = JSON.parse((await ours(['image-show', queued.id, '-f', 'json'])).stdout) as Record<string, unknown>;
    expect(empty).toMatchObject({ status: 'queued', size: null, checksum: null, virtual_size: null });
  });

  it('--noindent prints the same object on one line; yaml the same data', async () => {
    const indented = JSON.parse((await ours(['image-show', active.id, '-f', 'json'])).stdout) as unknown;
    const oneLine = await ours(['image-show', active.id, '-f', 'json', '--noindent']);
    expect(oneLine.stdout.trimEnd()).not.toContain('\n');
    expect(JSON.parse(oneLine.stdout)).toEqual(indented);
    const yaml = await ours(['image-show', active.id, '-f', 'yaml']);
    expect(yaml.code).toBe(0);
    expect(parseYaml(yaml.stdout)).toEqual(indented);
  });

  it('-f value and -f csv with -c, in the order given', async () => {
    const value = await ours(['image-show', active.id, '-f', 'value', '-c', 'status', '-c', 'size', '-c', 'min_ram']);
    expect(value.stdout).toBe(`active ${DATA.length} 128\n`);
    const csv = await ours(['image-show', active.id, '-f', 'csv', '-c', 'id', '-c', 'size']);
    expect(csv.stdout).toBe(`"id","size"\n"${active.id}",${DATA.length}\n`);
  });

  it('-c narrows the table too, keeping the order given', async () => {
    const shown = await ours(['image-show', active.id, '-c', 'status', '-c', 'min_ram']);
    expect(shown.stdout).toBe(
      ['+----------+--------+', '| Property | Value  |', '+----------+--------+', '| status   | active |', '| min_ram  | 128    |', '+----------+--------+', ''].join('\n'),
    );
  });

  it('eval "$(glance image-show ID -f shell -c status)" sets status; a hostile value reads back as itself and runs nothing', async () => {
    const run = await sh(
      `eval "$(glance image-show ${active.id} -f shell -c status -c size)" && eval "$(glance image-show ${active.id} -f shell -c note --prefix img_)" && ` +
        `printf '%s|%s|%s' "$status" "$size" "$img_note"`,
    );
    expect([run.code, run.stderr]).toEqual([0, '']);
    expect(run.stdout).toBe(`active|${DATA.length}|${HOSTILE}`);
    expect(readdirSync(dir)).not.toContain('pwned');
  });

  it('glance image-show ID -f json | jq .size prints a number', async () => {
    const run = await sh(`glance image-show ${active.id} -f json | jq .size && glance image-show ${active.id} -f json | jq -e '.size | type == "number"'`);
    expect([run.code, run.stdout, run.stderr]).toEqual([0, `${DATA.length}\ntrue\n`, '']);
  });

  it('an unknown -c field is a usage error naming the valid ones', async () => {
    const shown = await ours(['image-show', active.id, '-c', 'no_such_field']);
    expect(shown.code).toBe(2);
    expect(shown.stdout).toBe('');
    expect(shown.stderr).toMatch(/^glance image-show: error: argument -c\/--column: invalid choice: 'no_such_field' \(choose from '.*'status'.*'id'.*\)\n$/m);
  });

  it('-f before the subcommand is still --force: the table, as without it', async () => {
    const forced = await ours(['-f', 'image-show', active.id]);
    const plain = await ours(['image-show', active.id]);
    expect(forced.code).toBe(0);
    expect(forced.stdout).toBe(plain.stdout);
    expect(forced.stdout).toMatch(/^\+-+\+-+\+\n\| Property +\| Value +\|\n/);
  });
});

describe('image-list', () => {
  const both = (): string[] => [active.id, queued.id].sort();

  it('-f value -c ID feeds a for loop', async () => {
    const run = await sh(`for id in $(glance image-list --tag ${tag} -f value -c ID); do echo "seen $id"; done`);
    expect([run.code, run.stderr]).toEqual([0, '']);
    expect(run.stdout.trimEnd().split('\n').sort()).toEqual(both().map((id) => `seen ${id}`));
  });

  it('-f json: an array keyed by the headings, the verbose columns with their JSON types', async () => {
    const run = await ours(['--verbose', 'image-list', '--tag', tag, '-f', 'json']);
    expect([run.code, run.stderr]).toEqual([0, '']);
    const rows = (JSON.parse(run.stdout) as Record<string, unknown>[]).sort((a, b) => String(a.ID).localeCompare(String(b.ID)));
    expect(rows.map((row) => Object.keys(row))).toEqual([
      ['ID', 'Name', 'Disk_format', 'Container_format', 'Size', 'Status', 'Owner'],
      ['ID', 'Name', 'Disk_format', 'Container_format', 'Size', 'Status', 'Owner'],
    ]);
    const byId = Object.fromEntries(rows.map((row) => [row.ID, row]));
    expect(byId[active.id]).toMatchObject({ Name: active.name, Size: DATA.length, Status: 'active' });
    // The table blanks a null size; json keeps it null.
    expect(byId[queued.id]).toMatchObject({ Name: queued.name, Size: null, Status: 'queued' });
  });

  it('-f yaml and -f csv carry the same rows; --noindent one line', async () => {
    const json = JSON.parse((await ours(['image-list', '--tag', tag, '-f', 'json'])).stdout) as unknown;
    expect(parseYaml((await ours(['image-list', '--tag', tag, '-f', 'yaml'])).stdout)).toEqual(json);
    const oneLine = await ours(['image-list', '--tag', tag, '-f', 'json', '--noindent']);
    expect(oneLine.stdout.split('\n')).toHaveLength(2);
    expect(JSON.parse(oneLine.stdout)).toEqual(json);
    const csv = await ours(['image-list', '--tag', tag, '-f', 'csv', '-c', 'ID']);
    expect(csv.stdout.split('\n').slice(0, -1).slice(1).sort()).toEqual(both().map((id) => `"${id}"`));
    expect(csv.stdout.split('\n')[0]).toBe('"ID"');
  });

  it('--sort-column sorts after paging, either way', async () => {
    const names = [active.name as string, queued.name as string].sort();
    const ascending = await ours(['image-list', '--tag', tag, '-f', 'value', '-c', 'Name', '--sort-column', 'Name']);
    expect(ascending.stdout).toBe(`${names.join('\n')}\n`);
    const descending = await ours(['image-list', '--tag', tag, '-f', 'value', '-c', 'Name', '--sort-column', 'Name', '--sort-descending']);
    expect(descending.stdout).toBe(`${[...names].reverse().join('\n')}\n`);
  });

  it('-f shell is a usage error for a list; so is an unknown column', async () => {
    const shell = await ours(['image-list', '-f', 'shell']);
    expect([shell.code, shell.stdout]).toEqual([2, '']);
    expect(shell.stderr).toContain("glance image-list: error: argument -f/--format: invalid choice: 'shell'");
    const column = await ours(['image-list', '--tag', tag, '-c', 'Checksum']);
    expect([column.code, column.stdout]).toEqual([2, '']);
    expect(column.stderr).toContain("glance image-list: error: argument -c/--column: invalid choice: 'Checksum' (choose from 'ID', 'Name')");
  });

  it('-f before the subcommand is still --force: the table', async () => {
    const forced = await ours(['-f', 'image-list', '--tag', tag]);
    expect(forced.code).toBe(0);
    expect(forced.stdout).toMatch(/^\+-+\+-+\+\n\| ID +\| Name +\|\n/);
  });
});

describe('image-create', () => {
  it('-f json: the created image with its JSON types', async () => {
    const name = janitor.name('json');
    const run = await ours(['image-create', '--name', name, '--disk-format', 'raw', '--container-format', 'bare', '--min-ram', '64', '--tags', 'x', 'y', '--file', file, '-f', 'json']);
    const record = JSON.parse(run.stdout) as Record<string, unknown>;
    janitor.track(record.id as string);
    expect([run.code, run.stderr]).toEqual([0, '']);
    expect(record).toMatchObject({ name, status: 'active', size: DATA.length, min_ram: 64, protected: false, os_hash_value: digest('sha512', DATA) });
    expect((record.tags as string[]).sort()).toEqual(['x', 'y']);
  });

  it('ID=$(glance image-create ... -f value -c id) captures the new id', async () => {
    const name = janitor.name('value');
    const run = await sh(`ID=$(glance image-create --name ${name} --disk-format raw --container-format bare -f value -c id) && glance image-show "$ID" -f value -c id -c name`);
    const [id] = run.stdout.split(' ');
    janitor.track(id as string);
    expect([run.code, run.stderr]).toEqual([0, '']);
    expect(run.stdout).toMatch(new RegExp(`^[0-9a-f-]{36} ${name}\\n$`));
  });

  it('-f shell: eval sets id and status; -f yaml and csv print the same record', async () => {
    const name = janitor.name('shell');
    const run = await sh(`eval "$(glance image-create --name ${name} --disk-format raw --container-format bare --file data.bin -f shell -c id -c status)" && printf '%s %s' "$id" "$status"`);
    const [id, status] = run.stdout.split(' ');
    janitor.track(id as string);
    expect([run.code, run.stderr, status]).toEqual([0, '', 'active']);

    const yamlName = janitor.name('yaml');
    const yaml = parseYaml((await ours(['image-create', '--name', yamlName, '--disk-format', 'raw', '--container-format', 'bare', '-f', 'yaml'])).stdout) as Record<string, unknown>;
    janitor.track(yaml.id as string);
    expect(yaml).toMatchObject({ name: yamlName, status: 'queued', size: null, protected: false });

    const csvName = janitor.name('csv');
    const csv = await ours(['image-create', '--name', csvName, '--disk-format', 'raw', '--container-format', 'bare', '-f', 'csv', '-c', 'id', '-c', 'name', '-c', 'min_disk']);
    const [header, row] = csv.stdout.split('\n');
    janitor.track(/^"([^"]+)"/.exec(row as string)![1]!);
    expect(header).toBe('"id","name","min_disk"');
    expect(row).toMatch(new RegExp(`^"[0-9a-f-]{36}","${csvName}",0$`));
  });

  it('without -f it prints the table, unchanged', async () => {
    const name = janitor.name('table');
    const run = await ours(['image-create', '--name', name, '--disk-format', 'raw', '--container-format', 'bare']);
    const id = janitor.track(/\| id +\| ([0-9a-f-]{36}) +\|/.exec(run.stdout)![1]!);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^\+-+\+-+\+\n\| Property +\| Value +\|\n\+-+\+-+\+\n\| checksum +\| None +\|\n/);
    expect(run.stdout).toContain(`| virtual_size     | Not available                        |`);
    expect(run.stdout).toContain(`| id               | ${id} |`);
  });
});
