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
