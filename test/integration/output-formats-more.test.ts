/**
 * Machine output (-f json|yaml|value|csv, -c) of member-list, task-list, stores-info and
 * verify-install against the real cloud: every format prints the same data as the table, with the
 * API's raw values; -c picks and orders columns in every format, the table included.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { cloud, createImage, glanceApi, ImageJanitor, imagesNamed, listRows, ours, parseShowTable } from './helpers.js';
import { waitForImportEnd } from './import-helpers.js';

const janitor = new ImageJanitor('fmt2');
/** An image of the admin project shared with demo and alt_demo, and copied to the cheap store by an import task. */
let image: string;
let task: { id: string; owner: string };

/** Our CLI, which must succeed and say nothing on stderr. */
async function stdoutOf(args: string[]): Promise<string> {
  const run = await ours(args);
  expect([run.code, run.stderr], args.join(' ')).toEqual([0, '']);
  return run.stdout;
}

beforeAll(async () => {
  image = janitor.trackImage(await createImage({ name: janitor.name('shared'), disk_format: 'raw', container_format: 'bare', visibility: 'shared' }, { data: randomBytes(4096) })).id;
  for (const project of [cloud().demoProjectId, cloud().altDemoProjectId]) {
    const response = await glanceApi('POST', `/v2/images/${image}/members`, { body: { member: project } });
    expect(response.status).toBe(200);
  }
  const response = await glanceApi('POST', `/v2/images/${image}/import`, { body: { method: { name: 'copy-image' }, stores: ['cheap'] } });
  expect(response.status).toBe(202);
  await waitForImportEnd(image);
  const tasks = await glanceApi('GET', `/v2/images/${image}/tasks`);
  const [copy] = ((await tasks.json()) as { tasks: { id: string; owner: string; status: string }[] }).tasks;
  expect(copy?.status).toBe('success');
  task = { id: copy!.id, owner: copy!.owner };
});

afterAll(async () => {
  await janitor.cleanup();
});

describe('member-list', () => {
  const sorted = (): string[][] =>
    [cloud().demoProjectId, cloud().altDemoProjectId].sort().map((project) => [image, project, 'pending']);
  const args = (): string[] => ['member-list', '--image-id', image, '--sort-column', 'Member ID'];

  it('table, json, yaml: the same rows, keyed by the column headings', async () => {
    expect(listRows(await stdoutOf(args()))).toEqual([['Image ID', 'Member ID', 'Status'], ...sorted()]);
    const expected = sorted().map(([imageId, memberId, status]) => ({ 'Image ID': imageId, 'Member ID': memberId, Status: status }));
    expect(JSON.parse(await stdoutOf([...args(), '-f', 'json']))).toEqual(expected);
    expect(parseYaml(await stdoutOf([...args(), '-f', 'yaml']))).toEqual(expected);
  });

  it('value and csv', async () => {
    expect(await stdoutOf([...args(), '-f', 'value'])).toBe(sorted().map((row) => `${row.join(' ')}\n`).join(''));
    expect(await stdoutOf([...args(), '-f', 'csv'])).toBe(
      `"Image ID","Member ID","Status"\n${sorted()
        .map((row) => `${row.map((cell) => `"${cell}"`).join(',')}\n`)
        .join('')}`,
    );
  });

  it('-c picks and orders columns, in the table too', async () => {
    expect(await stdoutOf([...args(), '-f', 'value', '-c', 'Status', '-c', 'Member ID'])).toBe(sorted().map(([, member, status]) => `${status} ${member}\n`).join(''));
    expect(listRows(await stdoutOf([...args(), '-c', 'Member ID']))).toEqual([['Member ID'], ...sorted().map(([, member]) => [member!])]);
    const unknown = await ours([...args(), '-c', 'Can Share']);
    expect([unknown.code, unknown.stdout]).toEqual([2, '']);
    expect(unknown.stderr).toContain("argument -c/--column: invalid choice: 'Can Share' (choose from 'Image ID', 'Member ID', 'Status')");
  });
});

describe('task-list', () => {
  const args = ['task-list', '--status', 'success'];

  it('json and yaml: rows keyed by ID, Type, Status, Owner; the import task among them', async () => {
    const row = { ID: task.id, Type: 'api_image_import', Status: 'success', Owner: task.owner };
    for (const rows of [JSON.parse(await stdoutOf([...args, '-f', 'json'])), parseYaml(await stdoutOf([...args, '-f', 'yaml']))] as Record<string, unknown>[][]) {
      expect(rows.every((entry) => Object.keys(entry).join() === 'ID,Type,Status,Owner')).toBe(true);
      expect(rows).toContainEqual(row);
    }
  });

  it('value, csv and -c', async () => {
    expect((await stdoutOf([...args, '-f', 'value'])).split('\n')).toContain(`${task.id} api_image_import success ${task.owner}`);
    const csv = (await stdoutOf([...args, '-f', 'csv'])).split('\n');
    expect(csv[0]).toBe('"ID","Type","Status","Owner"');
    expect(csv).toContain(`"${task.id}","api_image_import","success","${task.owner}"`);
    expect((await stdoutOf([...args, '-f', 'value', '-c', 'ID'])).split('\n')).toContain(task.id);
    expect(listRows(await stdoutOf([...args, '-c', 'Owner', '-c', 'ID']))[0]).toEqual(['Owner', 'ID']);
  });
});

describe('stores-info', () => {
  let stores: unknown;
  beforeAll(async () => {
    stores = await (await glanceApi('GET', '/v2/info/stores', { as: 'demo' })).json();
  });

  it('json and yaml: the document Glance sent; the table prints the same', async () => {
    expect(JSON.parse(await stdoutOf(['stores-info', '-f', 'json']))).toEqual(stores);
    expect(parseYaml(await stdoutOf(['stores-info', '-f', 'yaml']))).toEqual(stores);
    expect(JSON.parse(parseShowTable(await stdoutOf(['stores-info'])).stores!)).toEqual((stores as { stores: unknown }).stores);
  });

  it('value, csv and -c', async () => {
    const list = JSON.stringify((stores as { stores: unknown }).stores);
    expect(await stdoutOf(['stores-info', '-f', 'value'])).toBe(`${list}\n`);
    expect(await stdoutOf(['stores-info', '-f', 'csv', '-c', 'stores'])).toBe(`"stores"\n"${list.replaceAll('"', '""')}"\n`);
    expect(await stdoutOf(['stores-info', '-f', 'json', '--noindent', '-c', 'stores'])).toBe(`${JSON.stringify(stores)}\n`);
    const unknown = await ours(['stores-info', '-c', 'id']);
    expect([unknown.code, unknown.stderr]).toEqual([2, expect.stringContaining("argument -c/--column: invalid choice: 'id' (choose from 'stores')")]);
  });
});

describe('verify-install', () => {
  it('-f json: every step ok, its time a number of milliseconds, and nothing left behind', async () => {
    const rows = JSON.parse(await stdoutOf(['verify-install', '--size', '4096', '-f', 'json'])) as Record<string, unknown>[];
    expect(rows.map((row) => row.Result)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok']);
    expect(rows.every((row) => typeof row.Time === 'number' && Number.isInteger(row.Time))).toBe(true);
    expect(rows[0]!.Detail).toBe(cloud().glanceUrl);
    expect(rows[2]!.Detail).toBe('4096 bytes, sha512 verified');
    expect(await imagesNamed('verify-install-')).toEqual([]);
  });
});
