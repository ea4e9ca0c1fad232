/**
 * The Image API as commands see it: one object, its version chosen once (v2, or v1 when the user
 * asked for v1 and the cloud has no v2). Commands do not build v1 or v2 clients themselves.
 */
import { CliError } from '../errors.js';
import type { GlanceClient } from './client.js';
import type { ImageService } from './image-service.js';

export class ImageApi {
  constructor(
    /** The version requests are spoken in. */
    readonly version: 1 | 2,
    /** Image operations both versions have, with v2-shaped records either way. */
    readonly images: ImageService,
    private readonly client: GlanceClient,
  ) {}

  /** The v2-only resources (tags, tasks, stores, metadefs, cache ...); `what` names the command for the error on a v1 cloud. */
  v2(what: string): GlanceClient {
    if (this.version === 1) {
      throw new CliError(`${what} is not available in Image API v1`);
    }
    return this.client;
  }
}
