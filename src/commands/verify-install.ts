/**
 * verify-install (ours): the install guide's "Verify the Image Service installation" in one
 * command, for operators and CI smoke tests. Each step is timed; the first failure stops the
 * run; whatever was created is deleted again, also on failure.
 */
import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import type { ImageService } from '../glance/image-service.js';
import type { Image } from '../glance/types.js';
import type { ListResult } from '../output/model.js';
import { defineCommand, integerWithDefault, text } from './definition.js';
import { downloadCheck } from '../transfer/download.js';
import type { ImageSource } from '../transfer/source.js';
import { findImageSource, uploadAndVerify } from './image/shared.js';

/** One row of the report; time and detail are null for a step skipped after a failure. */
type StepResult = {
  step: string;
  result: 'ok' | 'FAILED' | 'skipped';
  /** Milliseconds. */
  time: number | null;
  detail: string | null;
};

const DEFAULT_SIZE = 1024 * 1024;

export const command = defineCommand({
  name: 'verify-install',
  summary: 'Check that the Image service works: log in, upload, list, download and delete a test image, with timings.',
  description: 'Exit status 0 only when every step passed. The test image is always deleted.',
  examples: ['glance verify-install', 'glance verify-install --file cirros.img', 'glance verify-install -f json'],
  options: {
    file: text('<FILE>', 'Upload this image file instead of generated data.', { complete: 'file' }),
    size: integerWithDefault('<BYTES>', 'Size of the generated test data (default 1 MiB).', DEFAULT_SIZE),
  },
  output: 'list',
  async run({ file, size }, context): Promise<ListResult> {
    const results: StepResult[] = [];
    let failure: string | undefined;
    let images: ImageService | undefined;
    let image: Image | undefined;
    let deleted = false;

    const step = async (name: string, action: () => Promise<string>): Promise<void> => {
      if (failure) {
        results.push({ step: name, result: 'skipped', time: null, detail: null });
        return;
      }
      const started = performance.now();
      try {
        const detail = await action();
        results.push({ step: name, result: 'ok', time: elapsed(started), detail });
      } catch (error) {
        const message = (error as Error).message;
        results.push({ step: name, result: 'FAILED', time: elapsed(started), detail: message });
        failure = `Image service verification failed at '${name}': ${message}`;
      }
    };

    const source = file !== undefined ? await findImageSource(file, context) : generated(size);
    try {
      await step('log in and find the image endpoint', async () => {
        const api = await context.api();
        images = api.images;
        return api.endpoint;
      });
      await step('create an image record', async () => {
        image = await images!.create({ name: `verify-install-${randomBytes(4).toString('hex')}`, disk_format: 'raw', container_format: 'bare' }, context.signal);
        return image.id;
      });
      await step('upload its data', async () => {
        image = await uploadAndVerify(context, image!, source!, { size: source!.size, progress: false });
        return `${image.size ?? 0} bytes, ${image.os_hash_algo ?? 'md5'} verified`;
      });
      await step('image is active', async () => {
        const current = await images!.get(image!.id, context.signal);
        if (current.status !== 'active') {
          throw new Error(`status is ${String(current.status)}`);
        }
        return `status ${current.status}`;
      });
      await step('image is listed', async () => {
        for await (const listed of images!.list({ properties: [['name', String(image!.name)]] }, { signal: context.signal })) {
          if (listed.id === image!.id) {
            return 'found by name';
          }
        }
        throw new Error('image-list does not show it');
      });
      await step('download and verify it', async () => {
        const data = await images!.download(image!.id, context.signal);
        if (!data) {
          throw new Error('the image has no data');
        }
        // As image-download checks: the cloud's os_hash_algo, md5 only as the fallback.
        const check = downloadCheck(image!, data.contentMd5, false);
        if (!check) {
          data.body.destroy();
          throw new Error('Glance recorded no checksum for the image');
        }
        const hash = createHash(check.algorithm);
        let bytes = 0;
        for await (const chunk of data.body) {
          hash.update(chunk as Buffer);
          bytes += (chunk as Buffer).length;
        }
        const digest = hash.digest('hex');
        if (digest !== check.expected) {
          throw new Error(`downloaded data has ${check.algorithm} ${digest}, Glance recorded ${check.expected}`);
        }
        return `${bytes} bytes, ${check.algorithm} verified`;
      });
      await step('delete it', async () => {
        await images!.delete(image!.id, context.signal);
        deleted = true;
        return 'deleted';
      });
    } finally {
      if (image && !deleted && images) {
        // Not context.signal: after Ctrl-C the clean-up must still run.
        await images.delete(image.id).catch(() => context.warn(`Could not delete test image ${image!.id}; delete it with: glance image-delete ${image!.id}`));
      }
    }
    return {
      kind: 'list',
      columns: [{ label: 'Step' }, { label: 'Result' }, { label: 'Time', display: (value) => (value === null ? '' : `${String(value)} ms`) }, { label: 'Detail' }],
      rows: results,
      failure,
    };
  },
});

/** Random bytes, made on demand so that nothing is written to disk. */
function generated(size: number): ImageSource {
  const data = randomBytes(size);
  return { origin: '--file', size, open: () => Readable.from([data]) };
}

function elapsed(started: number): number {
  return Math.round(performance.now() - started);
}
