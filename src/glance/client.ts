/** The image API, bound to one endpoint and token. */
import { ImagesApi } from './images.js';
import { InfoApi } from './info.js';
import { MembersApi } from './members.js';
import { StoresApi } from './stores.js';
import { TasksApi } from './tasks.js';
import type { GlanceTransport } from './transport.js';
import { VersionsApi } from './versions.js';

export class GlanceClient {
  readonly images: ImagesApi;
  readonly info: InfoApi;
  readonly members: MembersApi;
  readonly stores: StoresApi;
  readonly tasks: TasksApi;
  readonly versions: VersionsApi;

  constructor(readonly transport: GlanceTransport) {
    this.images = new ImagesApi(transport);
    this.info = new InfoApi(transport);
    this.members = new MembersApi(transport);
    this.stores = new StoresApi(transport);
    this.tasks = new TasksApi(transport);
    this.versions = new VersionsApi(transport);
  }
}
