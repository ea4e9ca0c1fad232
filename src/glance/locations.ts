/**
 * An image's locations: the JSON-patch operations on `/locations` of a cloud that shows them
 * (`show_multiple_locations`), and the locations API of Image API v2.17.
 */
import { GlanceError } from './errors.js';
import type { ImagesApi } from './images.js';
import type { VersionsApi } from './versions.js';
import { segment, type GlanceTransport } from './transport.js';
import type { Image } from './types.js';

/** One entry of an image's `locations`. */
export interface ImageLocation {
  url: string;
  metadata: Record<string, unknown>;
  validation_data?: Record<string, unknown>;
  [field: string]: unknown;
}

const LOCATIONS_API_VERSION = 'v2.17';

export class LocationsApi {
  constructor(
    private readonly transport: GlanceTransport,
    private readonly images: ImagesApi,
    private readonly versions: VersionsApi,
  ) {}

  /**
   * The image with its `locations`; a cloud that hides them gives python-glanceclient's error
   * (an HTTPBadRequest raised by the client itself).
   */
  async imageWithLocations(imageId: string, signal?: AbortSignal): Promise<Image & { locations: ImageLocation[] }> {
    const image = await this.images.get(imageId, signal);
    if (!Array.isArray(image.locations)) {
      throw new GlanceError(400, 'The administrator has disabled API access to image locations', undefined);
    }
    return image as Image & { locations: ImageLocation[] };
  }

  /**
   * PATCH add /locations/-: appended after the image's other locations. Glance's answer echoes
   * the validation data inside the new location, which the image does not keep: read the image
   * again to see it as stored.
   */
  async add(imageId: string, location: ImageLocation, signal?: AbortSignal): Promise<void> {
    await this.images.update(imageId, [{ op: 'add', path: '/locations/-', value: location }], signal);
  }

  /** PATCH remove /locations/N for each index, in the order given (highest first keeps the others in place). */
  async remove(imageId: string, indexes: readonly number[], signal?: AbortSignal): Promise<void> {
    await this.images.update(
      imageId,
      indexes.map((index) => ({ op: 'remove', path: `/locations/${index}` })),
      signal,
    );
  }

  /** PATCH replace /locations: the whole list at once (how a location's metadata changes). */
  async replace(imageId: string, locations: readonly ImageLocation[], signal?: AbortSignal): Promise<void> {
    await this.images.update(imageId, [{ op: 'replace', path: '/locations', value: locations }], signal);
  }

  /**
   * POST /v2/images/{id}/locations (v2.17; Glance accepts it for a queued image only). Where
   * Glance has no such route, the 404 or 405 becomes python-glanceclient's "not supported" error
   * once GET /versions confirms v2.17 is missing (the reference asks first, every time).
   */
  async addToQueuedImage(imageId: string, url: string, validationData: Record<string, unknown>, signal?: AbortSignal): Promise<void> {
    try {
      await this.transport.discard('POST', `/v2/images/${segment(imageId)}/locations`, {
        body: { json: { url, validation_data: validationData } },
        signal,
      });
    } catch (error) {
      if (error instanceof GlanceError && (error.status === 404 || error.status === 405) && !(await this.versions.has(LOCATIONS_API_VERSION, signal))) {
        throw new GlanceError(501, 'This operation is not supported by Glance.', undefined);
      }
      throw error;
    }
  }
}
