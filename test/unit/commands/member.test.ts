import { describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';
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
