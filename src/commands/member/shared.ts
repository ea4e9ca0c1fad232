/** How member-* commands show members: python-glanceclient's one-row-per-member lists. */
import type { Member } from '../../glance/members.js';
import type { V1Member } from '../../glance/v1/members.js';
import type { ListTable } from '../../output/render.js';

export function memberTable(members: Member[]): ListTable {
  return { kind: 'list', columns: ['Image ID', 'Member ID', 'Status'], rows: members };
}

/** v1 members had no status, only whether they may share the image further. */
export function v1MemberTable(members: V1Member[]): ListTable {
  return { kind: 'list', columns: ['Image ID', 'Member ID', 'Can Share'], rows: members };
}
