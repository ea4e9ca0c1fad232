/**
 * Image sharing in the Image API v1 (glanceclient/v1/image_members.py): memberships are tenants
 * with a can_share flag, listed per image or per tenant.
 */
import { CliError } from '../../errors.js';
import type { ImageMember, MemberFilter, MemberService } from '../members.js';
import type { GlanceTransport } from '../transport.js';
import { segment } from '../transport.js';

/** One membership, with both ids filled in as python-glanceclient fills them (image_id, member_id, can_share). */
export interface V1Member extends ImageMember {
  can_share: boolean;
}

export class V1MembersApi implements MemberService {
  constructor(private readonly transport: GlanceTransport) {}

  /** v1's member-list: by image or by tenant, never both, never neither (its shell's words). */
  async list(filter: MemberFilter, signal?: AbortSignal): Promise<V1Member[]> {
    if (filter.imageId && filter.tenantId) {
      throw new CliError('Unable to filter members by both --image-id and --tenant-id.');
    }
    if (filter.tenantId) {
      return this.listByTenant(filter.tenantId, signal);
    }
    if (!filter.imageId) {
      throw new CliError('Unable to list all members. Specify --image-id or --tenant-id');
    }
    return this.listByImage(filter.imageId, signal);
  }

  async create(imageId: string, memberId: string, options: { canShare?: boolean } = {}, signal?: AbortSignal): Promise<undefined> {
    await this.add(imageId, memberId, options.canShare === true, signal);
    return undefined;
  }

  delete(imageId: string, memberId: string, signal?: AbortSignal): Promise<void> {
    return this.remove(imageId, memberId, signal);
  }

  /** GET /v1/images/{id}/members → {"members": [{"member_id", "can_share"}]}, each given image_id. */
  async listByImage(imageId: string, signal?: AbortSignal): Promise<V1Member[]> {
    const body = await this.transport.json<{ members?: Record<string, unknown>[] }>('GET', `/v1/images/${segment(imageId)}/members`, { signal });
    return (body.members ?? []).map((member) => ({ ...member, image_id: imageId }) as V1Member);
  }

  /** GET /v1/shared-images/{tenant} → {"shared_images": [{"image_id", "can_share"}]}, each given member_id. */
  async listByTenant(tenantId: string, signal?: AbortSignal): Promise<V1Member[]> {
    const body = await this.transport.json<{ shared_images?: Record<string, unknown>[] }>('GET', `/v1/shared-images/${segment(tenantId)}`, {
      signal,
    });
    return (body.shared_images ?? []).map((member) => ({ ...member, member_id: tenantId }) as V1Member);
  }

  /** PUT /v1/images/{id}/members/{tenant} with {"member": {"can_share": <bool>}}; also updates an existing membership. */
  add(imageId: string, memberId: string, canShare = false, signal?: AbortSignal): Promise<void> {
    return this.transport.discard('PUT', `/v1/images/${segment(imageId)}/members/${segment(memberId)}`, {
      body: { json: { member: { can_share: canShare } } },
      signal,
    });
  }

  /** DELETE /v1/images/{id}/members/{tenant}. */
  remove(imageId: string, memberId: string, signal?: AbortSignal): Promise<void> {
    return this.transport.discard('DELETE', `/v1/images/${segment(imageId)}/members/${segment(memberId)}`, { signal });
  }
}
