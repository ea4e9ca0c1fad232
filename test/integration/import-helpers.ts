/**
 * What the image-import integration tests need beyond helpers.ts: a local web server for
 * web-download (python3 -m http.server on 127.0.0.1, which the test cloud's Glance may fetch
 * from on any port), waiting for an import to end, and comparing image tables whose import
 * fields depend on timing.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getImage, glanceApi, normalise, parseShowTable, type ApiImage } from './helpers.js';

export interface WebServer {
  /** http://127.0.0.1:PORT */
  url: string;
  /** The directory it serves. */
  dir: string;
  /** Writes a file into the served directory; returns its URL. */
  serve(name: string, data: Buffer): string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  await new Promise<void>((done) => server.close(() => done()));
  return port;
}

/** Starts `python3 -m http.server --bind 127.0.0.1` on a free port, serving a fresh directory. */
export async function startWebServer(): Promise<WebServer> {
  const dir = mkdtempSync(join(tmpdir(), 'glance-it-web-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn('/usr/bin/python3', ['-m', 'http.server', String(port), '--bind', '127.0.0.1', '--directory', dir], {
    stdio: ['ignore', 'ignore', 'ignore'],
  });
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(`python3 -m http.server exited with ${child.exitCode}`);
    }
    try {
      const response = await fetch(`${url}/`);
      await response.arrayBuffer();
      break;
    } catch {
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`python3 -m http.server did not answer on ${url}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  return {
    url,
    dir,
    serve(name, data) {
      writeFileSync(join(dir, name), data);
      return `${url}/${name}`;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Polls the image through the API until its import is over: active with no store left to import
 * to, or back to queued with failed stores. Returns the image.
 */
export async function waitForImportEnd(id: string, timeoutMs = 60_000): Promise<ApiImage> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const image = await getImage(id);
    if (!image) {
      throw new Error(`image ${id} is gone`);
    }
    const importing = typeof image.os_glance_importing_to_stores === 'string' ? image.os_glance_importing_to_stores : '';
    const failed = typeof image.os_glance_failed_import === 'string' ? image.os_glance_failed_import : '';
    const taskRunning = typeof image.os_glance_import_task === 'string' && image.os_glance_import_task !== '';
    if (!taskRunning && importing === '' && (image.status === 'active' || failed !== '')) {
      return image;
    }
    if (Date.now() > deadline) {
      throw new Error(`image ${id} still importing after ${timeoutMs} ms: ${JSON.stringify(image)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** The tasks Glance recorded for an image (GET /v2/images/{id}/tasks). */
export async function imageTasks(id: string): Promise<{ id: string; status: string; message: string }[]> {
  const response = await glanceApi('GET', `/v2/images/${id}/tasks`);
  if (!response.ok) {
    throw new Error(`GET /v2/images/${id}/tasks: HTTP ${response.status}`);
  }
  return ((await response.json()) as { tasks: { id: string; status: string; message: string }[] }).tasks;
}

/**
 * Fields of a freshly imported image whose values (and presence, for os_glance_*) depend on how
 * far the import had got when the client read the image back.
 */
const RACY_VALUES = ['status', 'checksum', 'os_hash_algo', 'os_hash_value', 'size', 'virtual_size', 'stores', 'updated_at'];
const RACY_KEYS = /^os_glance_/;

/**
 * A print_image table as a record fit for comparing two clients' outputs taken a moment apart:
 * ids, hex and timestamps normalised, the import-progress fields reduced to their presence.
 */
export function stableImageRecord(stdout: string): Record<string, string> {
  const record = parseShowTable(normalise(stdout));
  const stable: Record<string, string> = {};
  for (const [key, value] of Object.entries(record)) {
    if (RACY_KEYS.test(key)) {
      continue;
    }
    stable[key] = RACY_VALUES.includes(key) ? '<varies>' : value;
  }
  return stable;
}

/** The shape of a prettytable: every line a border or a row of the same width. */
export function isWellFormedTable(stdout: string): boolean {
  const lines = stdout.split('\n').filter((line) => line !== '');
  return lines.length >= 4 && lines.every((line) => line.length === lines[0]!.length && /^[+|]/.test(line));
}
