/** /v2/images/{id}/members: sharing an image with other projects. */
import { segment, type GlanceTransport } from './transport.js';

export interface Member {
  image_id: string;
  member_id: string;
  status: string;
  created_at?: string;
  updated_at?: string;
  schema?: string;
  [field: string]: unknown;
}

export const MEMBER_STATUSES = ['accepted', 'rejected', 'pending'] as const;

export class MembersApi {
  constructor(private readonly transport: GlanceTransport) {}

  async list(imageId: string, signal?: AbortSignal): Promise<Member[]> {
    const document = await this.transport.json<{ members?: Member[] }>('GET', `/v2/images/${segment(imageId)}/members`, { signal });
    return document.members ?? [];
  }

  get(imageId: string, memberId: string, signal?: AbortSignal): Promise<Member> {
    return this.transport.json<Member>('GET', `/v2/images/${segment(imageId)}/members/${segment(memberId)}`, { signal });
  }

  create(imageId: string, memberId: string, signal?: AbortSignal): Promise<Member> {
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
