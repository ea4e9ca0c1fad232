import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { startFakeGlanceV1, type FakeGlanceV1 } from '../../helpers/fake-glance-v1.js';
import { fakeCloudPerTest } from '../../helpers/fake-openstack.js';

const IMAGE = '515db359-a0df-44ae-8ed8-153fad409a9e';
const PROJECT = '5522549d2d084ade8277215321045d29';
const MEMBER = {
  created_at: '2026-11-25T11:07:30Z',
  image_id: IMAGE,
  member_id: PROJECT,
  schema: '/v2/schemas/member',
  status: 'pending',
  updated_at: '2026-11-25T11:07:30Z',
};
const ROW = (status: string): string =>
  [
    `+--------------------------------------+----------------------------------+${'-'.repeat(Math.max(6, status.length) + 2)}+`,
    `| Image ID                             | Member ID                        | ${'Status'.padEnd(Math.max(6, status.length))} |`,
    `+--------------------------------------+----------------------------------+${'-'.repeat(Math.max(6, status.length) + 2)}+`,
    `| ${IMAGE} | ${PROJECT} | ${status.padEnd(6)} |`,
    `+--------------------------------------+----------------------------------+${'-'.repeat(Math.max(6, status.length) + 2)}+`,
    '',
  ].join('\n');

const cloud = fakeCloudPerTest({ issuesToken: true });

describe('member-*', () => {
  it('member-create posts the member and prints one row', async () => {
    cloud.on('POST', `/v2/images/${IMAGE}/members`, 200, MEMBER);
    const run = await runCli(['member-create', IMAGE, PROJECT], { env: cloud.env });
    expect(JSON.parse(cloud.requests[1]!.text)).toEqual({ member: PROJECT });
    expect(run.stdout).toBe(ROW('pending'));
  });

  it('member-update puts the status', async () => {
    cloud.on('PUT', `/v2/images/${IMAGE}/members/${PROJECT}`, 200, { ...MEMBER, status: 'accepted' });
    const run = await runCli(['member-update', IMAGE, PROJECT, 'accepted'], { env: cloud.env });
    expect(JSON.parse(cloud.requests[1]!.text)).toEqual({ status: 'accepted' });
    expect(run.stdout).toBe(ROW('accepted'));
  });

  it('member-list lists the members of --image-id', async () => {
    cloud.on('GET', `/v2/images/${IMAGE}/members`, 200, { members: [MEMBER] });
    const run = await runCli(['member-list', '--image-id', IMAGE], { env: cloud.env });
    expect(run.stdout).toBe(ROW('pending'));
  });

  it('member-get prints every field of the member', async () => {
    cloud.on('GET', `/v2/images/${IMAGE}/members/${PROJECT}`, 200, MEMBER);
    const run = await runCli(['member-get', IMAGE, PROJECT], { env: cloud.env });
    expect(run.stdout.split('\n').slice(3, 9).map((line) => line.split('|')[1]!.trim())).toEqual([
      'created_at',
      'image_id',
      'member_id',
      'schema',
      'status',
      'updated_at',
    ]);
  });

  it('member-delete deletes and prints nothing', async () => {
    cloud.on('DELETE', `/v2/images/${IMAGE}/members/${PROJECT}`, 204);
    const run = await runCli(['member-delete', IMAGE, PROJECT], { env: cloud.env });
    expect([run.exitCode, run.stdout, run.stderr]).toEqual([0, '', '']);
  });
});

describe('member-* machine output', () => {
  const OTHER = '7029d37fa0fd4120bc7490157dfcec9a';

  it('member-list -f json: an array keyed by the column headings, raw values', async () => {
    cloud.on('GET', `/v2/images/${IMAGE}/members`, 200, { members: [MEMBER, { ...MEMBER, member_id: OTHER, status: 'accepted' }] });
    const run = await runCli(['member-list', '--image-id', IMAGE, '-f', 'json'], { env: cloud.env });
    expect([run.exitCode, run.stderr]).toEqual([0, '']);
    expect(JSON.parse(run.stdout)).toEqual([
      { 'Image ID': IMAGE, 'Member ID': PROJECT, Status: 'pending' },
      { 'Image ID': IMAGE, 'Member ID': OTHER, Status: 'accepted' },
    ]);
  });

  it('member-list -c picks and orders columns, in value and csv', async () => {
    cloud.on('GET', `/v2/images/${IMAGE}/members`, 200, { members: [MEMBER, { ...MEMBER, member_id: OTHER, status: 'accepted' }] });
    const value = await runCli(['member-list', '--image-id', IMAGE, '-f', 'value', '-c', 'Status', '-c', 'Member ID'], { env: cloud.env });
    expect(value.stdout).toBe(`pending ${PROJECT}\naccepted ${OTHER}\n`);
    cloud.keystoneIssuesToken().on('GET', `/v2/images/${IMAGE}/members`, 200, { members: [MEMBER] });
    const csv = await runCli(['member-list', '--image-id', IMAGE, '-f', 'csv', '-c', 'Member ID'], { env: cloud.env });
    expect(csv.stdout).toBe(`"Member ID"\n"${PROJECT}"\n`);
  });

  it('member-list -c of an unknown column is a usage error naming the columns', async () => {
    cloud.on('GET', `/v2/images/${IMAGE}/members`, 200, { members: [MEMBER] });
    const run = await runCli(['member-list', '--image-id', IMAGE, '-c', 'Can Share'], { env: cloud.env });
    expect([run.exitCode, run.stdout]).toEqual([2, '']);
    expect(run.stderr).toContain("argument -c/--column: invalid choice: 'Can Share' (choose from 'Image ID', 'Member ID', 'Status')");
  });

  it('member-get -f json prints the member as the API gave it; -f value -c status one word', async () => {
    cloud.on('GET', `/v2/images/${IMAGE}/members/${PROJECT}`, 200, MEMBER);
    const json = await runCli(['member-get', IMAGE, PROJECT, '-f', 'json'], { env: cloud.env });
    expect(JSON.parse(json.stdout)).toEqual(MEMBER);
    cloud.keystoneIssuesToken().on('GET', `/v2/images/${IMAGE}/members/${PROJECT}`, 200, MEMBER);
    const status = await runCli(['member-get', IMAGE, PROJECT, '-f', 'value', '-c', 'status'], { env: cloud.env });
    expect(status.stdout).toBe('pending\n');
  });

  it('member-create and member-update -f json print their one row', async () => {
    cloud.on('POST', `/v2/images/${IMAGE}/members`, 200, MEMBER);
    const created = await runCli(['member-create', IMAGE, PROJECT, '-f', 'json', '--noindent'], { env: cloud.env });
    expect(created.stdout).toBe(`[{"Image ID":"${IMAGE}","Member ID":"${PROJECT}","Status":"pending"}]\n`);
    cloud.keystoneIssuesToken().on('PUT', `/v2/images/${IMAGE}/members/${PROJECT}`, 200, { ...MEMBER, status: 'rejected' });
    const updated = await runCli(['member-update', IMAGE, PROJECT, 'rejected', '-f', 'value', '-c', 'Status'], { env: cloud.env });
    expect(updated.stdout).toBe('rejected\n');
  });

  it('member-list without --image-id is a usage error before logging in', async () => {
    const run = await runCli(['member-list', '-f', 'json'], { env: cloud.env });
    expect([run.exitCode, run.stdout]).toEqual([2, '']);
    expect(run.stderr).toBe('usage: glance member-list --image-id <IMAGE_ID>\nglance member-list: error: the following arguments are required: --image-id\n');
    expect(cloud.requests).toEqual([]);
  });
});

describe('member-* against a v1-only cloud, v1 asked for with --os-image-api-version 1', () => {
  let glance: FakeGlanceV1;
  let env: Record<string, string>;
  beforeEach(async () => {
    glance = await startFakeGlanceV1();
    // An unversioned URL: the client asks GET /versions and finds only v1.
    env = { OS_AUTH_TOKEN: 'tok', OS_IMAGE_URL: glance.url };
  });
  afterEach(async () => {
    await glance.close();
  });

  it('member-list --image-id X -f json: v1 rows with can_share a boolean', async () => {
    const image = glance.addImage({ name: 'shared' });
    expect((await runCli(['--os-image-api-version', '1', 'member-create', image.id, PROJECT, '--can-share', '-f', 'json'], { env })).stdout).toBe('');
    glance.addImage({ name: 'other' });
    const run = await runCli(['--os-image-api-version', '1', 'member-list', '--image-id', image.id, '-f', 'json'], { env });
    expect([run.exitCode, run.stderr]).toEqual([0, '']);
    expect(JSON.parse(run.stdout)).toEqual([{ 'Image ID': image.id, 'Member ID': PROJECT, 'Can Share': true }]);
    expect(glance.log().filter((line) => line === 'GET /versions')).toHaveLength(2);
    const byTenant = await runCli(['--os-image-api-version', '1', 'member-list', '--tenant-id', PROJECT, '-f', 'csv'], { env });
    expect(byTenant.stdout).toBe(`"Image ID","Member ID","Can Share"\n"${image.id}","${PROJECT}","True"\n`);
  });

  it('member-get and member-update, which v1 lacks, fail in one line and send nothing to the image', async () => {
    const image = glance.addImage({ name: 'shared' });
    const get = await runCli(['--os-image-api-version', '1', 'member-get', image.id, PROJECT], { env });
    expect([get.exitCode, get.stdout, get.stderr]).toEqual([1, '', 'member-get is not available in Image API v1\n']);
    const update = await runCli(['--os-image-api-version', '1', 'member-update', image.id, PROJECT, 'accepted'], { env });
    expect([update.exitCode, update.stdout, update.stderr]).toEqual([1, '', 'member-update is not available in Image API v1\n']);
    expect(glance.log()).toEqual(['GET /versions', 'GET /versions']);
  });
});
