/** verify-install: its report is data (a list), printed in every format, and a failed step still fails the command. */
import { describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { fakeCloudPerTest } from '../../helpers/fake-openstack.js';

const cloud = fakeCloudPerTest({ issuesToken: true });

const STEPS = [
  'log in and find the image endpoint',
  'create an image record',
  'upload its data',
  'image is active',
  'image is listed',
  'download and verify it',
  'delete it',
];
const FAILURE = "Image service verification failed at 'create an image record': HTTP Not allowed here\n";

describe('verify-install', () => {
  it('-f json: one object per step, the time a number of milliseconds, null for skipped steps; then fails', async () => {
    cloud.on('POST', '/v2/images', 403, { message: 'Not allowed here', code: 403 });
    const run = await runCli(['verify-install', '--size', '16', '-f', 'json'], { env: cloud.env });
    expect([run.exitCode, run.stderr]).toEqual([1, FAILURE]);
    const rows = JSON.parse(run.stdout) as Record<string, unknown>[];
    expect(rows.map((row) => [row.Step, row.Result])).toEqual(STEPS.map((step, index) => [step, ['ok', 'FAILED'][index] ?? 'skipped']));
    expect(rows[0]!.Detail).toBe(cloud.url);
    expect(rows[1]!.Detail).toBe('HTTP Not allowed here');
    expect(rows.slice(0, 2).every((row) => typeof row.Time === 'number')).toBe(true);
    expect(rows.slice(2).map((row) => [row.Time, row.Detail])).toEqual(STEPS.slice(2).map(() => [null, null]));
  });

  it('prints the table with times in ms and blank skipped cells before the failure line', async () => {
    cloud.on('POST', '/v2/images', 403, { message: 'Not allowed here', code: 403 });
    const run = await runCli(['verify-install', '--size', '16'], { env: cloud.env });
    expect([run.exitCode, run.stderr]).toEqual([1, FAILURE]);
    const lines = run.stdout.split('\n');
    expect(lines[1]).toMatch(/^\| Step +\| Result +\| Time +\| Detail +\|$/);
    expect(lines[3]).toMatch(new RegExp(`^\\| log in and find the image endpoint \\| ok +\\| \\d+ ms +\\| ${cloud.url} +\\|$`));
    expect(lines[4]).toMatch(/^\| create an image record +\| FAILED +\| \d+ ms +\| HTTP Not allowed here +\|$/);
    expect(lines[5]).toMatch(/^\| upload its data +\| skipped +\| +\| +\|$/);
  });
});
