/** Checking a --store argument against the stores the cloud offers. */
import { CliError } from '../../errors.js';
import type { GlanceClient } from '../../glance/client.js';
import { GlanceError } from '../../glance/errors.js';

export async function validateStore(glance: GlanceClient, store: string, signal?: AbortSignal): Promise<void> {
  let stores;
  try {
    stores = await glance.info.stores(signal);
  } catch (error) {
    // A cloud without multiple stores has no /v2/info/stores: nothing to check against.
    if (error instanceof GlanceError && error.status === 404) {
      return;
    }
    throw error;
  }
  if (!stores.some((candidate) => candidate.id === store)) {
    throw new CliError(`Store '${store}' is not valid for this cloud. Valid values can be retrieved with stores-info command.`);
  }
}
