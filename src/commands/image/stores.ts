/** Checking --store and --stores arguments against the stores the cloud offers. */
import { CliError } from '../../errors.js';
import type { GlanceClient } from '../../glance/client.js';
import { GlanceError } from '../../glance/errors.js';

export async function validateStore(glance: GlanceClient, store: string, signal?: AbortSignal): Promise<void> {
  await validateStores(glance, [store], signal);
}

/** Every store must be one the cloud offers; the first that is not is named. One GET for all of them. */
export async function validateStores(glance: GlanceClient, stores: readonly string[], signal?: AbortSignal): Promise<void> {
  let offered;
  try {
    offered = await glance.info.stores(signal);
  } catch (error) {
    // A cloud without multiple stores has no /v2/info/stores: nothing to check against.
    if (error instanceof GlanceError && error.status === 404) {
      return;
    }
    throw error;
  }
  const unknown = stores.find((store) => !offered.some((candidate) => candidate.id === store));
  if (unknown !== undefined) {
    throw new CliError(`Store '${unknown}' is not valid for this cloud. Valid values can be retrieved with stores-info command.`);
  }
}
