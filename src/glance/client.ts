/** The image API, bound to one endpoint and token. */
import { ImagesApi } from './images.js';
import { InfoApi } from './info.js';
import { MembersApi } from './members.js';
import { MetadefsApi } from './metadefs/index.js';
import { StoresApi } from './stores.js';
import { TasksApi } from './tasks.js';
import type { GlanceTransport } from './transport.js';

export class GlanceClient {
  readonly images: ImagesApi;
  readonly info: InfoApi;
  readonly members: MembersApi;
  readonly metadefs: MetadefsApi;
  readonly stores: StoresApi;
  readonly tasks: TasksApi;

  constructor(readonly transport: GlanceTransport) {
    this.images = new ImagesApi(transport);
    this.info = new InfoApi(transport);
    this.members = new MembersApi(transport);
    this.metadefs = new MetadefsApi(transport);
    this.stores = new StoresApi(transport);
    this.tasks = new TasksApi(transport);
  }
}
