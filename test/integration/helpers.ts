/**
 * Helpers for the integration tests: run our CLI and the reference python-glanceclient as
 * subprocesses with one credential set and a clean environment, normalise their output for
 * comparison, and clean up every image a test creates.
 */
import { spawn, type IOType } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inject } from 'vitest';
import { passwordAuthBody, type CloudInfo, type CredentialName } from './cloud-setup.js';

export type { CloudInfo, CredentialName };

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** The CLI under test: bin/glance.js of this checkout, or GLANCE_IT_CLI (e.g. a copy of a build). */
export const OUR_CLI = resolve(process.env.GLANCE_IT_CLI || join(REPO_ROOT, 'bin/glance.js'));
/** Debian's python-glanceclient 4.1, run with the system python (not a pyenv one first on PATH). */
export const REFERENCE = ['/usr/bin/python3', '/usr/bin/glance'] as const;

export function cloud(): CloudInfo {
  return inject('cloud');
}

/**
 * What standard input is:
 * - `closed`: no fd 0 at all (`<&-`), the only way the reference sees no data when not on a terminal;
 * - `null`: /dev/null, which ours treats as no data and the reference as empty data;
 * - `{ file }`: the file itself as fd 0 (`< file`);
 * - `{ pipe }`: a pipe the bytes (or the named file's bytes) are written into (`cat file |`).
 */
export type StdinSpec = 'closed' | 'null' | { file: string } | { pipe: Buffer | string };

export interface RunOptions {
  /** The openrc whose OS_* variables are set; `none` sets no OS_* at all. Default admin. */
  as?: CredentialName | 'none';
  /** Extra variables; `undefined` removes one the credential set would add. */
  env?: Record<string, string | undefined>;
  /**
   * Let our CLI use its token cache (under this run's private HOME). Off by default: the reference
   * has none, and a cached token would hide what a test changes (a wrong password, --debug lines).
   */
  tokenCache?: boolean;
  /** Default: `null` for ours, `closed` for the reference (real-cloud.md pitfall 8). */
  stdin?: StdinSpec;
  timeoutMs?: number;
}

export interface RunResult {
  stdout: string;
  stderr: string;
  /** Exit code; null when killed by a signal. */
  code: number | null;
  stdoutBytes: Buffer;
}

/**
 * PATH, HOME (a private one for this run) and the OS_* variables of one openrc: the developer's
 * own OS_* never leak in. OS_CACHE=0 turns our token cache off unless the test asks for it.
 */
export function cleanEnv(options: RunOptions = {}): Record<string, string> {
  const info = cloud();
  const env: Record<string, string> = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: info.home };
  if (!options.tokenCache) {
    env.OS_CACHE = '0';
  }
  const who = options.as ?? 'admin';
  if (who !== 'none') {
    Object.assign(env, info.credentials[who]);
  }
  for (const [key, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) {
      delete env[key];
    } else {
      env[key] = value;
    }
  }
  return env;
}

/** Runs our CLI: `node bin/glance.js ARGS`. */
export function ours(args: string[], options: RunOptions = {}): Promise<RunResult> {
  return runProgram(process.execPath, [OUR_CLI], args, { stdin: 'null', ...options });
}

/** Runs the reference client: `/usr/bin/python3 /usr/bin/glance ARGS`. */
export function reference(args: string[], options: RunOptions = {}): Promise<RunResult> {
  return runProgram(REFERENCE[0], [REFERENCE[1]], args, { stdin: 'closed', ...options });
}

async function runProgram(command: string, prefix: string[], args: string[], options: RunOptions): Promise<RunResult> {
  const stdin = options.stdin ?? 'null';
  let file: string = command;
  let argv = [...prefix, ...args];
  let stdio0: IOType | number = 'ignore';
  let fd: number | undefined;
  if (stdin === 'closed') {
    // Node cannot start a child without fd 0, so a shell closes it and execs the program.
    file = '/bin/sh';
    argv = ['-c', 'exec "$@" <&-', 'sh', command, ...prefix, ...args];
  } else if (stdin !== 'null' && 'file' in stdin) {
    fd = openSync(stdin.file, 'r');
    stdio0 = fd;
  } else if (stdin !== 'null') {
    stdio0 = 'pipe';
  }
  try {
    return await new Promise<RunResult>((resolvePromise, reject) => {
      const child = spawn(file, argv, { cwd: REPO_ROOT, env: cleanEnv(options), stdio: [stdio0, 'pipe', 'pipe'] });
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      child.stdout!.on('data', (chunk: Buffer) => out.push(chunk));
      child.stderr!.on('data', (chunk: Buffer) => err.push(chunk));
      const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
      child.on('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      child.on('close', (code) => {
        clearTimeout(timer);
        const stdoutBytes = Buffer.concat(out);
        resolvePromise({ stdout: stdoutBytes.toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), code, stdoutBytes });
      });
      if (typeof stdin === 'object' && 'pipe' in stdin) {
        const data = typeof stdin.pipe === 'string' ? readFileSync(stdin.pipe) : stdin.pipe;
        // The child may stop reading early (an error): that is its business, not a test failure.
        child.stdin!.on('error', () => undefined);
        child.stdin!.end(data);
      }
    });
  } finally {
    if (fd !== undefined) {
      closeSync(fd);
    }
  }
}

/** A word for sh: single-quoted. */
export function shellQuote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * Runs a shell command on a terminal (script(1)), with the admin credentials unless told
 * otherwise, and returns what the terminal showed.
 */
export function inTerminal(command: string, options: RunOptions = {}): Promise<{ output: string; code: number | null }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn('script', ['-qec', command, '/dev/null'], { cwd: REPO_ROOT, env: cleanEnv(options), stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    child.stdout!.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr!.on('data', (chunk: Buffer) => chunks.push(chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolvePromise({ output: Buffer.concat(chunks).toString('utf8'), code });
    });
  });
}

/** `it-<tag>-<random>`: image names no other test (or run) uses. */
export function uniqueName(tag = 'img'): string {
  return `it-${tag}-${randomBytes(4).toString('hex')}`;
}

export function digest(algorithm: 'md5' | 'sha512', data: Buffer): string {
  return createHash(algorithm).update(data).digest('hex');
}

/**
 * A Property/Value table (print_dict) as a record. Continuation rows (an empty Property cell)
 * are appended without a separator, which rebuilds values wrapped mid-token such as
 * os_hash_value.
 */
export function parseShowTable(stdout: string): Record<string, string> {
  const record: Record<string, string> = {};
  let last: string | undefined;
  for (const line of stdout.split('\n')) {
    const match = /^\| (.*?) +\| (.*?) *\|$/.exec(line);
    if (!match || match[1] === 'Property') {
      continue;
    }
    if (match[1] === '' && last !== undefined) {
      record[last] += match[2]!;
    } else {
      last = match[1]!.trimEnd();
      record[last] = match[2]!;
    }
  }
  return record;
}

/** The first column of a list table (print_list), header row excluded. */
export function listIds(stdout: string): string[] {
  return stdout
    .split('\n')
    .filter((line) => line.startsWith('| '))
    .slice(1)
    .map((line) => line.split('|')[1]!.trim());
}

/** The rows of a list table as arrays of trimmed cells, header row included. */
export function listRows(stdout: string): string[][] {
  return stdout
    .split('\n')
    .filter((line) => line.startsWith('| '))
    .map((line) => line.split('|').slice(1, -1).map((cell) => cell.trim()));
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
const HEX_RUN = /(?<![0-9A-Za-z])[0-9a-f]{32,}(?![0-9A-Za-z])/g;
const TIMESTAMP = /\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?/g;

/**
 * Output with the parts that differ between two runs replaced by placeholders of the same
 * length, so table borders stay aligned:
 * - each distinct UUID (image ids, request ids) becomes `uuid0001-xxxx-xxxx-xxxx-xxxxxxxxxxxx`,
 *   numbered by first appearance, so two outputs that mention the same ids in the same places
 *   normalise alike;
 * - each distinct 32-hex string (project ids, md5 checksums) becomes `hex00001xxx…`, numbered too;
 * - longer hex runs (sha512 values, whole or wrapped) become `h…h`;
 * - timestamps keep their shape with every digit turned into 0.
 */
export function normalise(text: string): string {
  const uuids = new Map<string, string>();
  const hexes = new Map<string, string>();
  return text
    .replace(UUID, (match) => {
      if (!uuids.has(match)) {
        uuids.set(match, `uuid${String(uuids.size + 1).padStart(4, '0')}-xxxx-xxxx-xxxx-xxxxxxxxxxxx`);
      }
      return uuids.get(match)!;
    })
    .replace(HEX_RUN, (match) => {
      if (match.length !== 32) {
        return 'h'.repeat(match.length);
      }
      if (!hexes.has(match)) {
        hexes.set(match, `hex${String(hexes.size + 1).padStart(5, '0')}`.padEnd(32, 'x'));
      }
      return hexes.get(match)!;
    })
    .replace(TIMESTAMP, (match) => match.replace(/\d/g, '0'));
}

/** A run's output as the parity tests compare it: both streams normalised, and the exit code. */
export interface Normalised {
  stdout: string;
  stderr: string;
  code: number | null;
}

export function normalised(result: RunResult): Normalised {
  return { stdout: normalise(result.stdout), stderr: normalise(result.stderr), code: result.code };
}

/** A URL on 127.0.0.1 where nothing listens: any request to it fails with ECONNREFUSED. */
export async function closedPortUrl(path = '/v3'): Promise<string> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  await new Promise<void>((done) => server.close(() => done()));
  return `http://127.0.0.1:${port}${path}`;
}

const tokens = new Map<CredentialName, Promise<string>>();

/** A Keystone token for a credential set (one per set and test file). */
export function tokenFor(who: CredentialName = 'admin'): Promise<string> {
  let token = tokens.get(who);
  if (!token) {
    token = issueToken(who);
    tokens.set(who, token);
    token.catch(() => tokens.delete(who));
  }
  return token;
}

/** A fresh token, as `curl -si -X POST .../v3/auth/tokens` gets it. */
export async function issueToken(who: CredentialName = 'admin'): Promise<string> {
  const credentials = cloud().credentials[who];
  const response = await fetch(`${cloud().keystoneUrl.replace(/\/+$/, '')}/auth/tokens`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(passwordAuthBody(credentials)),
  });
  const token = response.headers.get('x-subject-token');
  if (response.status !== 201 || !token) {
    throw new Error(`Keystone refused a token for ${who}: HTTP ${response.status}`);
  }
  return token;
}

/** A call to the Glance API with a token, for set-up and clean-up that must not depend on the CLI under test. */
export async function glanceApi(method: string, path: string, options: { as?: CredentialName; body?: unknown; contentType?: string } = {}): Promise<Response> {
  const headers: Record<string, string> = { 'X-Auth-Token': await tokenFor(options.as ?? 'admin') };
  const raw = options.body instanceof Uint8Array;
  if (options.body !== undefined) {
    headers['Content-Type'] = options.contentType ?? (raw ? 'application/octet-stream' : 'application/json');
  }
  return fetch(`${cloud().glanceUrl.replace(/\/+$/, '')}${path}`, {
    method,
    headers,
    body: options.body === undefined ? undefined : raw ? (options.body as Uint8Array) : JSON.stringify(options.body),
  });
}

export interface ApiImage {
  id: string;
  name: string | null;
  status: string;
  protected?: boolean;
  [key: string]: unknown;
}

export async function getImage(id: string, as: CredentialName = 'admin'): Promise<ApiImage | undefined> {
  const response = await glanceApi('GET', `/v2/images/${id}`, { as });
  if (response.status === 404) {
    return undefined;
  }
  if (!response.ok) {
    throw new Error(`GET /v2/images/${id}: HTTP ${response.status}`);
  }
  return (await response.json()) as ApiImage;
}

/** Every image the admin can see whose name starts with the prefix. */
export async function imagesNamed(prefix: string): Promise<ApiImage[]> {
  const found: ApiImage[] = [];
  let next: string | undefined = '/v2/images?limit=500';
  while (next) {
    const response = await glanceApi('GET', next);
    if (!response.ok) {
      throw new Error(`GET ${next}: HTTP ${response.status}`);
    }
    const page = (await response.json()) as { images: ApiImage[]; next?: string };
    found.push(...page.images.filter((image) => image.name?.startsWith(prefix)));
    next = page.next;
  }
  return found;
}

/** Creates an image through the API (not the CLI under test), optionally with data; returns it. */
export async function createImage(fields: Record<string, unknown>, options: { as?: CredentialName; data?: Buffer } = {}): Promise<ApiImage> {
  const response = await glanceApi('POST', '/v2/images', { as: options.as, body: fields });
  if (response.status !== 201) {
    throw new Error(`POST /v2/images: HTTP ${response.status} ${await response.text()}`);
  }
  const image = (await response.json()) as ApiImage;
  if (options.data) {
    const upload = await glanceApi('PUT', `/v2/images/${image.id}/file`, { as: options.as, body: options.data });
    if (upload.status !== 204) {
      throw new Error(`PUT /v2/images/${image.id}/file: HTTP ${upload.status} ${await upload.text()}`);
    }
  }
  return image;
}

/** Deletes an image as admin, unprotecting it first if need be; a missing image is fine. */
export async function deleteImage(id: string): Promise<void> {
  let response = await glanceApi('DELETE', `/v2/images/${id}`);
  if (response.status === 403) {
    await glanceApi('PATCH', `/v2/images/${id}`, {
      body: [{ op: 'replace', path: '/protected', value: false }],
      contentType: 'application/openstack-images-v2.1-json-patch',
    });
    response = await glanceApi('DELETE', `/v2/images/${id}`);
  }
  if (!response.ok && response.status !== 404) {
    throw new Error(`DELETE /v2/images/${id}: HTTP ${response.status} ${await response.text()}`);
  }
}

/**
 * Remembers the images a test file creates and deletes them afterwards: every tracked id, and
 * every image whose name starts with the file's prefix (in case a test failed before it could
 * track an id). Call `cleanup()` from afterEach/afterAll.
 */
export class ImageJanitor {
  readonly prefix: string;
  private readonly ids = new Set<string>();

  constructor(tag: string) {
    this.prefix = `it-${tag}-${randomBytes(3).toString('hex')}-`;
  }

  /** A fresh name under this janitor's prefix. */
  name(label = 'img'): string {
    return `${this.prefix}${label}-${randomBytes(3).toString('hex')}`;
  }

  track(id: string): string {
    this.ids.add(id);
    return id;
  }

  trackImage<T extends { id: string }>(image: T): T {
    this.track(image.id);
    return image;
  }

  /** Tracks the id of the image a Property/Value table shows; returns it. */
  trackShown(stdout: string): string {
    const id = parseShowTable(stdout).id;
    if (!id) {
      throw new Error(`no image id in output:\n${stdout}`);
    }
    return this.track(id);
  }

  async cleanup(): Promise<void> {
    const ids = new Set(this.ids);
    for (const image of await imagesNamed(this.prefix)) {
      ids.add(image.id);
    }
    const failures: string[] = [];
    for (const id of ids) {
      await deleteImage(id).catch((error: Error) => failures.push(error.message));
    }
    this.ids.clear();
    if (failures.length > 0) {
      throw new Error(`image clean-up failed:\n${failures.join('\n')}`);
    }
  }
}

/**
 * A prettytable as glanceclient prints it (left-aligned, one space of padding), for expected
 * output whose cells need no wrapping: wrapped values are passed as continuation rows.
 */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((cell, column) => Math.max(cell.length, ...rows.map((row) => row[column]!.length)));
  const border = `+${widths.map((width) => '-'.repeat(width + 2)).join('+')}+`;
  const line = (row: string[]): string => `| ${row.map((cell, column) => cell.padEnd(widths[column]!)).join(' | ')} |`;
  return [border, line(header), border, ...rows.map(line), border].join('\n') + '\n';
}

/** print_image's Property/Value table; an os_hash_value longer than 80 wraps onto a continuation row. */
export function imageTable(fields: Record<string, string>): string {
  const rows: string[][] = [];
  for (const key of Object.keys(fields).sort()) {
    const value = fields[key]!;
    if (value.length > 80 && /^[0-9a-f]+$/.test(value)) {
      rows.push([key, value.slice(0, 80)], ['', value.slice(80)]);
    } else {
      rows.push([key, value]);
    }
  }
  return table(['Property', 'Value'], rows);
}
