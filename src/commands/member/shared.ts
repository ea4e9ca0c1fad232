/** How member-* commands show members: python-glanceclient's one-row-per-member lists. */
import type { ImageMember } from '../../glance/members.js';
import type { ListResult } from '../../output/model.js';

/** v1 members had no status, only whether they may share the image further: the versions truly differ here. */
export function memberList(members: readonly ImageMember[], version: 1 | 2): ListResult {
  return { kind: 'list', columns: [{ label: 'Image ID' }, { label: 'Member ID' }, { label: version === 1 ? 'Can Share' : 'Status' }], rows: members };
}
