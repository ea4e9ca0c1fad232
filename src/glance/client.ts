/** The image API, bound to one endpoint and token. */
import { CacheApi } from './cache.js';
import { ImagesApi } from './images.js';
import { InfoApi } from './info.js';
import { LocationsApi } from './locations.js';
import { MembersApi } from './members.js';
import { MetadefsApi } from './metadefs/index.js';
import { SchemasApi } from './schemas.js';
import { StoresApi } from './stores.js';
import { TasksApi } from './tasks.js';
import type { GlanceTransport } from './transport.js';
import { VersionsApi } from './versions.js';

export class GlanceClient {
  readonly cache: CacheApi;
  readonly images: ImagesApi;
  readonly info: InfoApi;
  readonly locations: LocationsApi;
  readonly members: MembersApi;
  readonly schemas: SchemasApi;
  readonly metadefs: MetadefsApi;
  readonly stores: StoresApi;
  readonly tasks: TasksApi;
  readonly versions: VersionsApi;

  constructor(readonly transport: GlanceTransport) {
    this.images = new ImagesApi(transport);
    this.info = new InfoApi(transport);
    this.members = new MembersApi(transport);
    this.versions = new VersionsApi(transport);
    this.cache = new CacheApi(transport, this.versions);
    this.locations = new LocationsApi(transport, this.images, this.versions);
    this.schemas = new SchemasApi(transport);
    this.metadefs = new MetadefsApi(transport);
    this.stores = new StoresApi(transport);
    this.tasks = new TasksApi(transport);
  }
}
