/** /v2/stores: an image's data in one store of a multi-store cloud. */
import { segment, type GlanceTransport } from './transport.js';

export class StoresApi {
  constructor(private readonly transport: GlanceTransport) {}

  /** DELETE /v2/stores/{store}/{image}: removes the image's data from that store only. */
  deleteImage(store: string, imageId: string, signal?: AbortSignal): Promise<void> {
    return this.transport.discard('DELETE', `/v2/stores/${segment(store)}/${segment(imageId)}`, { signal });
  }
}
