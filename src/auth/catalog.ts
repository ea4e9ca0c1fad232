/** Picks the image endpoint out of a Keystone v3 service catalog. */
import { CliError } from '../errors.js';

export type Catalog = CatalogService[];

export interface CatalogService {
  type?: string;
  name?: string;
  endpoints?: CatalogEndpoint[];
}

export interface CatalogEndpoint {
  url?: string;
  interface?: string;
  region?: string;
  region_id?: string;
}

export interface EndpointFilter {
  serviceType: string;
  interface: string;
  regionName?: string;
}

export function findEndpoint(catalog: Catalog, filter: EndpointFilter): string {
  for (const service of catalog) {
    if (service.type !== filter.serviceType) {
      continue;
    }
    const endpoint = (service.endpoints ?? []).find(
      (candidate) =>
        candidate.interface === filter.interface &&
        (!filter.regionName || candidate.region_id === filter.regionName || candidate.region === filter.regionName),
    );
    if (endpoint?.url) {
      return endpoint.url;
    }
  }
  const region = filter.regionName ? ` in region ${filter.regionName}` : '';
  throw new CliError(
    `Could not find a ${filter.interface} endpoint for service type '${filter.serviceType}'${region} in the service catalog ` +
      '(check --os-endpoint-type/OS_INTERFACE, --os-region-name and --os-service-type)',
  );
}

/** A Keystone v2.0 catalog entry: one endpoint object per region, with a URL per interface. */
export interface V2CatalogService {
  type?: string;
  name?: string;
  endpoints?: { region?: string; publicURL?: string; internalURL?: string; adminURL?: string }[];
}

/** Keystone v2.0's serviceCatalog in v3's shape, so the cache and the lookup know one format. */
export function catalogFromV2(services: V2CatalogService[]): Catalog {
  return services.map((service) => ({
    type: service.type,
    name: service.name,
    endpoints: (service.endpoints ?? []).flatMap((endpoint) =>
      (['public', 'internal', 'admin'] as const)
        .map((name) => ({ name, url: endpoint[`${name}URL`] }))
        .filter((entry): entry is { name: 'public' | 'internal' | 'admin'; url: string } => typeof entry.url === 'string')
        .map((entry) => ({ interface: entry.name, url: entry.url, region: endpoint.region, region_id: endpoint.region })),
    ),
  }));
}
