/**
 * Image sharing: the interface both API versions implement, and v2's /v2/images/{id}/members.
 * v1's memberships (tenants with a can_share flag, no status) are in v1/members.ts.
 */
import { CliError } from '../errors.js';
import { segment, type GlanceTransport } from './transport.js';

/** One membership as both versions give it: an image and the project (tenant) it is shared with. */
export interface ImageMember {
  image_id: string;
  member_id: string;
  [field: string]: unknown;
}

/** A v2 membership: the member project accepts, rejects or leaves it pending. */
export interface Member extends ImageMember {
  status: string;
  created_at?: string;
  updated_at?: string;
  schema?: string;
}

export const MEMBER_STATUSES = ['accepted', 'rejected', 'pending'] as const;

/** Which memberships to list. */
export interface MemberFilter {
  imageId?: string;
  /** v1 only: the images shared with this tenant. */
  tenantId?: string;
}

/** What member-list, member-create and member-delete need, in either API version. */
export interface MemberService {
  list(filter: MemberFilter, signal?: AbortSignal): Promise<ImageMember[]>;
  /** The new membership; v1 answers with nothing. `canShare` is v1's (v2 has no such flag). */
  create(imageId: string, memberId: string, options?: { canShare?: boolean }, signal?: AbortSignal): Promise<ImageMember | undefined>;
  delete(imageId: string, memberId: string, signal?: AbortSignal): Promise<void>;
}

export class MembersApi implements MemberService {
  constructor(private readonly transport: GlanceTransport) {}

  /** The members of `filter.imageId` (v2 has no listing by tenant). */
  async list(filter: MemberFilter, signal?: AbortSignal): Promise<Member[]> {
    if (filter.imageId === undefined) {
      throw new CliError('Image API v2 lists the members of one image: specify --image-id');
    }
    const document = await this.transport.json<{ members?: Member[] }>('GET', `/v2/images/${segment(filter.imageId)}/members`, { signal });
    return document.members ?? [];
  }

  get(imageId: string, memberId: string, signal?: AbortSignal): Promise<Member> {
    return this.transport.json<Member>('GET', `/v2/images/${segment(imageId)}/members/${segment(memberId)}`, { signal });
  }

  create(imageId: string, memberId: string, _options: { canShare?: boolean } = {}, signal?: AbortSignal): Promise<Member> {
    return this.transport.json<Member>('POST', `/v2/images/${segment(imageId)}/members`, { body: { json: { member: memberId } }, signal });
  }

  update(imageId: string, memberId: string, status: string, signal?: AbortSignal): Promise<Member> {
    return this.transport.json<Member>('PUT', `/v2/images/${segment(imageId)}/members/${segment(memberId)}`, {
      body: { json: { status } },
      signal,
    });
  }

  delete(imageId: string, memberId: string, signal?: AbortSignal): Promise<void> {
    return this.transport.discard('DELETE', `/v2/images/${segment(imageId)}/members/${segment(memberId)}`, { signal });
  }
}
