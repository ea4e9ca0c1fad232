/** The image API, bound to one endpoint and token. */
import { ImagesApi } from './images.js';
import { InfoApi } from './info.js';
import type { GlanceTransport } from './transport.js';

export class GlanceClient {
  readonly images: ImagesApi;
  readonly info: InfoApi;

  constructor(readonly transport: GlanceTransport) {
    this.images = new ImagesApi(transport);
    this.info = new InfoApi(transport);
  }
}
