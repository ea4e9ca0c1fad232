/**
 * The Image API as commands see it: one object, its version chosen once (v2, or v1 when the user
 * asked for v1 and the cloud has no v2). Commands do not build v1 or v2 clients themselves, and do
 * not look at settings to learn which version the user asked for.
 */
import { CliError } from '../errors.js';
import type { GlanceClient } from './client.js';
import type { ImageService } from './image-service.js';
import type { MemberService } from './members.js';
import { V1ImageService } from './v1/images.js';
import { V1MembersApi } from './v1/members.js';

export class ImageApi {
  constructor(
    /** The version requests are spoken in. */
    readonly version: 1 | 2,
    /** Image operations both versions have, with v2-shaped records either way. */
    readonly images: ImageService,
    /** Sharing as both versions have it (member-get and member-update are v2's: `v2(...).members`). */
    readonly members: MemberService,
    /**
     * The user asked for v1 (ConnectionSettings.imageApiRequested): print the v1 shell's tables,
     * whichever version the cloud turned out to speak, as scripts written for v1 parse them.
     */
    readonly v1Requested: boolean,
    private readonly client: GlanceClient,
  ) {}

  /** Unversioned API root the requests go to, e.g. http://127.0.0.1:9292. */
  get endpoint(): string {
    return this.client.transport.endpoint;
  }

  /** True when output should look like the v1 shell's: v1 was asked for, or a v1-only option was used. */
  wantsV1Output(usedV1Options = false): boolean {
    return usedV1Options || this.v1Requested;
  }

  /** The v2-only resources (tags, tasks, stores, metadefs, cache ...); `what` names the command for the error on a v1 cloud. */
  v2(what: string): GlanceClient {
    if (this.version === 1) {
      throw new CliError(`${what} is not available in Image API v1`);
    }
    return this.client;
  }
}

/**
 * The Image API of an authenticated client, in the version the user and the cloud call for. Only a
 * user who asked for v1 pays for the GET /versions probe: a v2 cloud keeps being spoken to in v2,
 * and so does a cloud that answers with no version at all.
 */
export async function openImageApi(client: GlanceClient, requested: 1 | 2 | undefined, signal?: AbortSignal): Promise<ImageApi> {
  if (requested === 1) {
    const offered = await client.versions.majors(signal);
    if (offered.has(1) && !offered.has(2)) {
      return new ImageApi(1, new V1ImageService(client.transport), new V1MembersApi(client.transport), true, client);
    }
  }
  return new ImageApi(2, client.images, client.members, requested === 1, client);
}
