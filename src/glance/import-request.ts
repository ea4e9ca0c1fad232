/** The body and headers of POST /v2/images/{id}/import, built as python-glanceclient's images.image_import builds them. */
import { GlanceError } from './errors.js';
import type { ImportRequest } from './types.js';

/** What the import is asked to do. */
export interface ImportChoices {
  method: string;
  uri?: string;
  remoteRegion?: string;
  remoteImageId?: string;
  remoteServiceInterface?: string;
  /** --store: sent as the x-image-meta-store header. */
  store?: string;
  stores?: string[];
  allStores?: boolean;
  allowFailure: boolean;
}

/** Keys in the reference's order. */
export function importRequest(choices: ImportChoices): { body: ImportRequest; headers: Record<string, string> } {
  const body: ImportRequest = { method: { name: choices.method } };
  const headers: Record<string, string> = {};
  if (choices.stores && choices.stores.length > 0) {
    body.stores = choices.stores;
    if (choices.allowFailure) {
      body.all_stores_must_succeed = false;
    }
  }
  if (choices.store !== undefined) {
    headers['x-image-meta-store'] = choices.store;
  }
  if (choices.allStores) {
    body.all_stores = true;
    if (choices.allowFailure) {
      body.all_stores_must_succeed = false;
    }
  }
  if (choices.remoteRegion && choices.remoteImageId) {
    if (choices.remoteServiceInterface) {
      body.method.glance_service_interface = choices.remoteServiceInterface;
    }
    body.method.glance_region = choices.remoteRegion;
    body.method.glance_image_id = choices.remoteImageId;
  }
  if (choices.uri) {
    if (choices.method !== 'web-download') {
      // glanceclient raises its HTTPBadRequest here, so it prints as "HTTP <message>".
      throw new GlanceError(400, 'URI is only supported with method: "web-download"', undefined);
    }
    body.method.uri = choices.uri;
  }
  return { body, headers };
}
