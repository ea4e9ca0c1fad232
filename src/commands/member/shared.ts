/** How member-* commands show members: python-glanceclient's one-row-per-member list. */
import type { Member } from '../../glance/members.js';
import type { ListTable } from '../../output/render.js';

export function memberTable(members: Member[]): ListTable {
  return { kind: 'list', columns: ['Image ID', 'Member ID', 'Status'], rows: members };
}
