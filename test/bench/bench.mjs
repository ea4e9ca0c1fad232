#!/usr/bin/env node
/**
 * The benchmark of issue 15, "Speed at the floor": this checkout's `glance` measured side by side
 * with what the machine itself costs for the same work (`node -e 0`, curl, sha512sum) and with
 * python-glanceclient (Debian's package), against the real local Keystone + Glance of
 * test/cloud/up.sh, on 127.0.0.1 only.
 *
 *   npm run bench                    # the full run (about 30 minutes on 2 vCPUs), written to BENCHMARKS.md
 *   npm run bench -- --quick         # CI: small sizes, one run, no warm-up (about a minute); asserts nothing
 *   npm run bench -- --help          # every option
 *
 * Each case runs once as a warm-up (not counted), then N times, the contenders taking turns and
 * each round starting with the next one. Wall time is measured around the whole process; CPU time
 * (user + system) and peak memory (ru_maxrss) come from GNU time, for a shell pipeline the sum of
 * its processes' CPU and the largest process's memory. The medians and their ratios to the floor
 * and to python-glanceclient are printed as a table, and written as JSON; a full run also writes
 * them into BENCHMARKS.md, in the section of the Node version that ran them. Every image the
 * benchmark creates is deleted.
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomFillSync } from 'node:crypto';
import { closeSync, cpSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, statSync, statfsSync, symlinkSync, writeFileSync, writeSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cloudEnv, issueToken, localCloud, median } from './local-cloud.mjs';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
// Set by snapshotBuild(): a private copy of bin/ and dist/, so a rebuild in the work tree during
// the run does not change what is measured.
let OUR_CLI = join(REPO, 'bin/glance.js');
const PYTHON = '/usr/bin/python3';
const REFERENCE = '/usr/bin/glance';
const TIME = '/usr/bin/time';
const MiB = 1024 * 1024;
const GiB = 1024 * MiB;
const PREFIX = 'bench-';
/** A contender whose runs spread wider than this (median absolute deviation / median) is flagged. */
const WIDE_SPREAD = 0.1;

// ------------------------------------------------------------------------------------ options

const CASES = ['version', 'help', 'image-show', 'script-20', 'image-list-1000', 'download', 'upload'];

const USAGE = `usage: node test/bench/bench.mjs [options]

  --quick           CI mode: 16 MiB transfers, a 4-call script, a 100-image list, one run, no
                    warm-up, nothing judged, BENCHMARKS.md left alone
  --runs N          timed runs per case after the warm-up (default 7 for start-up cases, 5 for
                    the script and the list, 3 for transfers)
  --sizes LIST      transfer sizes in MiB, comma-separated (default 1,1024,4096; 4096 only when
                    the disk has room for it)
  --only LIST       run only these cases (${CASES.join(',')})
  --json FILE       where the results go (default $GLANCE_CLOUD_STATE/bench/results.json)
  --no-write        do not write the results into BENCHMARKS.md (a full run with every case does)
  --down            stop the cloud afterwards (test/cloud/down.sh)
  --keep-data       keep the generated data files in $GLANCE_CLOUD_STATE/bench
  -h, --help        this text

The cloud's state directory is $GLANCE_CLOUD_STATE (default <repo>/.cloud); test/cloud/up.sh
is run first (instant when the cloud is already up). KEYSTONE_PORT and GLANCE_PORT are taken from
the environment, else from the state directory's cloud.env. The Node that runs this script runs
the client and the \`node -e 0\` floor: run it with another Node to measure that one.`;

function parseOptions(argv) {
  const options = { quick: false, runs: undefined, sizes: undefined, only: undefined, json: undefined, write: true, down: false, keepData: false };
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index];
    const value = () => {
      const next = argv[++index];
      if (next === undefined) {
        fail(`${arg} needs a value\n\n${USAGE}`);
      }
      return next;
    };
    if (arg === '--quick') options.quick = true;
    else if (arg === '--runs') options.runs = positiveInteger(value(), arg);
    else if (arg === '--sizes') options.sizes = value().split(',').map((size) => positiveInteger(size, arg) * MiB);
    else if (arg === '--only') {
      options.only = new Set(value().split(','));
      const unknown = [...options.only].filter((id) => !CASES.includes(id));
      if (unknown.length > 0) fail(`--only: unknown case ${unknown.join(', ')} (cases: ${CASES.join(', ')})`);
    } else if (arg === '--json') options.json = resolve(value());
    else if (arg === '--no-write') options.write = false;
    else if (arg === '--down') options.down = true;
    else if (arg === '--keep-data') options.keepData = true;
    else if (arg === '-h' || arg === '--help') {
      process.stdout.write(`${USAGE}\n`);
      process.exit(0);
    } else fail(`unknown option ${arg}\n\n${USAGE}`);
  }
  return options;
}

function positiveInteger(text, option) {
  const number = Number(text);
  if (!Number.isInteger(number) || number < 1) {
    fail(`${option}: not a positive integer: ${text}`);
  }
  return number;
}

function fail(message) {
  process.stderr.write(`bench: ${message}\n`);
  process.exit(2);
}

function log(message) {
  process.stderr.write(`[bench] ${message}\n`);
}

// ------------------------------------------------------------------------------------ the cloud

function cloudUp(state) {
  const previous = cloudEnv(state);
  const env = { ...process.env, GLANCE_CLOUD_STATE: state };
  for (const name of ['KEYSTONE_PORT', 'GLANCE_PORT']) {
    if (!env[name] && previous[name]) {
      env[name] = previous[name];
    }
  }
  const result = spawnSync('bash', [join(REPO, 'test/cloud/up.sh'), state], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  if (result.status !== 0) {
    fail(`test/cloud/up.sh failed (exit ${result.status})`);
  }
  try {
    return localCloud(state);
  } catch (error) {
    fail(error.message);
  }
}

/** The image API through fetch: setup and clean-up only, never timed. */
function imageApi(glanceUrl, token) {
  const call = async (method, path, { json, body, headers = {}, expect = [200, 201, 204] } = {}) => {
    // The test cloud's SQLite answers 500 "database is locked" to concurrent writes: retry those.
    for (let attempt = 0; ; attempt++) {
      const response = await fetch(`${glanceUrl}${path}`, {
        method,
        headers: { 'x-auth-token': token, ...(json !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
        body: json !== undefined ? JSON.stringify(json) : body,
      });
      const text = await response.text();
      if (expect.includes(response.status)) {
        return text ? JSON.parse(text) : undefined;
      }
      if (response.status < 500 || attempt >= 8) {
        throw new Error(`${method} ${path}: HTTP ${response.status} ${text.slice(0, 300)}`);
      }
      await new Promise((wake) => setTimeout(wake, 50 * 2 ** attempt));
    }
  };
  const api = {
    create: (fields) => call('POST', '/v2/images', { json: { disk_format: 'raw', container_format: 'bare', ...fields } }),
    upload: (id, data) => call('PUT', `/v2/images/${id}/file`, { body: data, headers: { 'content-type': 'application/octet-stream' } }),
    get: (id) => call('GET', `/v2/images/${id}`),
    patch: (id, operations) =>
      call('PATCH', `/v2/images/${id}`, { body: JSON.stringify(operations), headers: { 'content-type': 'application/openstack-images-v2.1-json-patch' } }),
    /** The links of every page of a listing: its first page and each `next`. */
    async pageLinks(first) {
      const links = [];
      for (let next = first; next; next = (await call('GET', next)).next) {
        links.push(next);
      }
      return links;
    },
    delete: (id) => call('DELETE', `/v2/images/${id}`, { expect: [204, 404] }),
    /** Every image, all pages. */
    async list(query = '') {
      const images = [];
      let next = `/v2/images?limit=1000${query}`;
      while (next) {
        const page = await call('GET', next);
        images.push(...page.images);
        next = page.next;
      }
      return images;
    },
    // One at a time: concurrent deletes can leave an image half-deleted in the test cloud's SQLite.
    async deleteNamed(predicate) {
      const doomed = (await api.list()).filter((image) => predicate(image.name ?? ''));
      await parallel(doomed, 1, (image) => api.delete(image.id));
      return doomed.length;
    },
  };
  return api;
}

async function parallel(items, width, task) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++];
      await task(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, worker));
}

// ------------------------------------------------------------------------------------ running

/**
 * Runs argv under GNU time: wall time around the process, CPU time (user + system, its children
 * included) and peak RSS from time. stdin: 'closed' (fd 0 closed: how python-glanceclient sees no
 * data) or 'null' (/dev/null).
 */
function runMeasured(argv, { env, stdin = 'null', stdout = '/dev/null', workDir }) {
  const timeFile = join(workDir, 'time.txt');
  rmSync(timeFile, { force: true });
  const timed = `${TIME} -f '%U %S %M' -o "$0" "$@"`;
  const script = stdin === 'closed' ? `exec <&-; exec ${timed}` : `exec ${timed}`;
  const out = openSync(stdout, 'w');
  return new Promise((resolvePromise, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn('/bin/sh', ['-c', script, timeFile, ...argv], { env, stdio: ['ignore', out, 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (text) => {
      stderr = (stderr + text).slice(-4000);
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      closeSync(out);
      const line = existsSync(timeFile) ? readFileSync(timeFile, 'utf8').trim().split('\n').at(-1) : '';
      const [user, system, rssKiB] = line.split(' ').map(Number);
      const cpuMs = Number.isFinite(user) && Number.isFinite(system) ? (user + system) * 1000 : undefined;
      resolvePromise({ ms, cpuMs, rssKiB: Number.isFinite(rssKiB) ? rssKiB : undefined, code, signal, stderr });
    });
  });
}

// Ctrl-C: the running command gets the signal too; the images created so far are still deleted.
let interrupted = false;
process.on('SIGINT', () => {
  if (interrupted) {
    process.exit(130);
  }
  interrupted = true;
  log('interrupted: cleaning up (Ctrl-C again to stop at once)');
});

/** The median absolute deviation as a fraction of the median: how far a typical run strays. */
function spread(values) {
  if (values.length < 3) {
    return undefined;
  }
  const middle = median(values);
  return median(values.map((value) => Math.abs(value - middle))) / middle;
}

const round1 = (value) => (value === undefined ? undefined : Math.round(value * 10) / 10);

/**
 * One case: contenders are { name, argv, env?, stdin?, before?(round), after?(round, stdout) };
 * before and after are not timed (clean-up, checks). Returns per-contender medians and spreads.
 */
async function measureCase(context, spec) {
  const { runs, warmup } = spec;
  const loadAtStart = loadavg()[0];
  const results = Object.fromEntries(spec.contenders.map((contender) => [contender.name, { ms: [], cpuMs: [], rssKiB: [] }]));
  const total = runs + (warmup ? 1 : 0);
  log(`${spec.title}: ${warmup ? 'warm-up + ' : ''}${runs} run${runs > 1 ? 's' : ''} x ${spec.contenders.map((c) => c.name).join(', ')}`);
  for (let round = 0; round < total; round++) {
    const counted = !warmup || round > 0;
    // Alternate: each round starts with the next contender.
    const order = spec.contenders.map((_, index) => spec.contenders[(index + round) % spec.contenders.length]);
    for (const contender of order) {
      if (interrupted) {
        throw new Error('interrupted');
      }
      const stdoutFile = join(context.workDir, 'stdout.txt');
      await contender.before?.(round);
      const result = await runMeasured(contender.argv, {
        env: contender.env ?? context.env,
        stdin: contender.stdin ?? 'null',
        stdout: stdoutFile,
        workDir: context.workDir,
      });
      if (result.code !== 0) {
        throw new Error(`${spec.title}: ${contender.name} failed (exit ${result.code ?? result.signal}): ${contender.argv.join(' ')}\n${result.stderr}`);
      }
      await contender.after?.(round, readFileSync(stdoutFile, 'utf8').slice(0, 1 << 20));
      if (counted) {
        const data = results[contender.name];
        data.ms.push(result.ms);
        if (result.cpuMs !== undefined) data.cpuMs.push(result.cpuMs);
        if (result.rssKiB !== undefined) data.rssKiB.push(result.rssKiB);
      }
      log(
        `  ${contender.name.padEnd(14)} ${counted ? '' : '(warm-up) '}${seconds(result.ms)} wall, ${seconds(result.cpuMs)} CPU, ${((result.rssKiB ?? 0) / 1024).toFixed(0)} MiB`,
      );
    }
  }
  const summary = {};
  for (const [name, data] of Object.entries(results)) {
    summary[name] = {
      runsMs: data.ms.map(round1),
      cpuRunsMs: data.cpuMs.map(round1),
      medianMs: round1(median(data.ms)),
      medianCpuMs: data.cpuMs.length > 0 ? round1(median(data.cpuMs)) : undefined,
      spread: spread(data.ms),
      cpuSpread: spread(data.cpuMs),
      peakRssMiB: round1(Math.max(...data.rssKiB) / 1024),
    };
  }
  const loadAverage = [loadAtStart, loadavg()[0]].map((value) => Math.round(value * 100) / 100);
  return { id: spec.id, title: spec.title, bytes: spec.bytes, loadAverage, results: summary };
}

// ------------------------------------------------------------------------------------ data

/** A file of `size` pseudo-random bytes (incompressible), reused across runs when present. */
function dataFile(dir, size) {
  const path = join(dir, `data-${size / MiB}MiB.bin`);
  if (existsSync(path) && statSync(path).size === size) {
    return path;
  }
  log(`writing ${size / MiB} MiB of random data to ${path}`);
  const block = Buffer.alloc(8 * MiB);
  const fd = openSync(path, 'w');
  try {
    for (let written = 0; written < size; written += block.length) {
      randomFillSync(block);
      writeSync(fd, block, 0, Math.min(block.length, size - written));
    }
  } finally {
    closeSync(fd);
  }
  return path;
}

/** Copies package.json, bin/ and dist/ into DIR/app (node_modules linked back) and runs that copy. */
function snapshotBuild(dir) {
  const app = join(dir, 'app');
  rmSync(app, { recursive: true, force: true });
  mkdirSync(app, { recursive: true });
  // bin/package.json makes bin/glance.js CommonJS; the top one makes dist/ ES modules.
  cpSync(join(REPO, 'package.json'), join(app, 'package.json'));
  cpSync(join(REPO, 'bin'), join(app, 'bin'), { recursive: true });
  cpSync(join(REPO, 'dist'), join(app, 'dist'), { recursive: true });
  symlinkSync(join(REPO, 'node_modules'), join(app, 'node_modules'));
  if (!existsSync(join(app, 'dist/help.txt'))) {
    log('WARNING: dist/main.js is not the esbuild bundle (was dist/ built with tsc?); run npm run build');
  }
  OUR_CLI = join(app, 'bin/glance.js');
}

function freeBytes(dir) {
  const info = statfsSync(dir);
  return info.bavail * info.bsize;
}

function machine() {
  const pkg = (name) => spawnSync('dpkg-query', ['-W', '-f=${Version}', name], { encoding: 'utf8' }).stdout || 'unknown';
  const cpu = cpus();
  return {
    cpu: `${cpu[0]?.model ?? 'unknown'} x ${cpu.length}`,
    memoryGiB: Math.round((totalmem() / GiB) * 10) / 10,
    kernel: spawnSync('uname', ['-sr'], { encoding: 'utf8' }).stdout.trim(),
    node: process.version,
    pythonGlanceclient: pkg('python3-glanceclient'),
    glanceApi: pkg('glance-api'),
    keystone: pkg('keystone'),
    curl: spawnSync('curl', ['--version'], { encoding: 'utf8' }).stdout.split('\n')[0],
    commit: spawnSync('git', ['-C', REPO, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).stdout.trim() || 'unknown',
    loadAverageAtStart: loadavg().map((value) => Math.round(value * 100) / 100),
  };
}

// ------------------------------------------------------------------------------------ cases

async function main() {
  const options = parseOptions(process.argv.slice(2));
  const state = resolve(process.env.GLANCE_CLOUD_STATE || join(REPO, '.cloud'));
  for (const tool of [TIME, PYTHON, REFERENCE, OUR_CLI, join(REPO, 'dist/main.js')]) {
    if (!existsSync(tool)) {
      fail(`${tool} not found${tool.includes('dist') ? ' (run npm run build first)' : ''}`);
    }
  }
  const host = machine();
  const cloud = cloudUp(state);
  const workDir = join(state, 'bench');
  mkdirSync(workDir, { recursive: true });
  snapshotBuild(workDir);
  const home = join(workDir, 'home');
  const cacheHome = join(workDir, 'cache');
  mkdirSync(home, { recursive: true });
  rmSync(cacheHome, { recursive: true, force: true });

  const token = await issueToken(cloud);
  const api = imageApi(cloud.glanceUrl, token);
  const left = await api.deleteNamed((name) => name.startsWith(PREFIX));
  if (left > 0) {
    log(`deleted ${left} images left by an earlier run`);
  }

  // The same clean environment for every contender: the openrc's OS_* variables, a private HOME
  // (the reference caches its image schema there) and a private cache directory, where ours keeps
  // its token cache, warm in every case (as after any first call); the reference has none.
  // BENCH_* name what the floors' shell scripts need.
  const env = {
    PATH: '/usr/sbin:/usr/bin:/sbin:/bin',
    HOME: home,
    LANG: 'C.UTF-8',
    XDG_CACHE_HOME: cacheHome,
    no_proxy: '127.0.0.1,localhost,::1',
    ...cloud.credentials,
    BENCH_NODE: process.execPath,
    BENCH_CLI: OUR_CLI,
    BENCH_TOKEN: token,
    BENCH_GLANCE: cloud.glanceUrl,
  };
  const context = { workDir, env };
  const ours = (...args) => [process.execPath, OUR_CLI, ...args];
  const python = (...args) => [PYTHON, REFERENCE, ...args];
  const sh = (script) => ['/bin/sh', '-c', script];
  // curl as the floor: no proxy lookup, failing on HTTP errors, the same token as ours.
  const CURL = `curl -sSf --noproxy '*' -H "X-Auth-Token: $BENCH_TOKEN"`;

  const quick = options.quick;
  const startupRuns = options.runs ?? (quick ? 1 : 7);
  const seriesRuns = options.runs ?? (quick ? 1 : 5);
  const warmup = !quick;
  const wanted = (id) => !options.only || options.only.has(id);
  const report = { date: new Date().toISOString(), mode: quick ? 'quick' : 'full', machine: host, cases: [] };
  const created = new Set();
  const record = (result) => {
    report.cases.push(result);
    printCase(result);
  };
  const primeTokenCache = async () => {
    const result = await runMeasured(ours('image-list', '--limit', '1'), { env, workDir });
    if (result.code !== 0) throw new Error(`priming the token cache failed: ${result.stderr}`);
  };

  try {
    // 1. Start-up, no network: against Node starting and stopping with nothing to do.
    if (wanted('version')) {
      record(await measureCase(context, { id: 'version', title: 'glance --version', runs: startupRuns, warmup, contenders: [
        { name: 'ours', argv: ours('--version') },
        { name: 'floor', argv: [process.execPath, '-e', '0'] },
        { name: 'python', argv: python('--version'), stdin: 'closed' },
      ] }));
    }
    if (wanted('help')) {
      record(await measureCase(context, { id: 'help', title: 'glance help', runs: startupRuns, warmup, contenders: [
        { name: 'ours', argv: ours('help') },
        { name: 'floor', argv: [process.execPath, '-e', '0'] },
        { name: 'python', argv: python('help'), stdin: 'closed' },
      ] }));
    }

    // 2. Small calls, the token cache warm: against `node -e 0` and one curl process sending the
    // same requests (curl --next for a call that sends two).
    let showId;
    if (['image-show', 'script-20', 'image-list-1000'].some(wanted)) {
      const image = await api.create({ name: `${PREFIX}show` });
      created.add(image.id);
      await api.upload(image.id, randomFillSync(Buffer.alloc(1024)));
      // The floor's PATCH replaces it, as ours does once it exists.
      await api.patch(image.id, [{ op: 'add', path: '/bench', value: '0' }]);
      showId = image.id;
      env.BENCH_ID = showId;
      await primeTokenCache();
    }
    const requests = {
      list: `${CURL} "$BENCH_GLANCE/v2/images?limit=200&sort_key=name&sort_dir=asc"`,
      show: `${CURL} "$BENCH_GLANCE/v2/images/$BENCH_ID"`,
      update: (value) =>
        `${CURL} "$BENCH_GLANCE/v2/images/$BENCH_ID" --next ${CURL} -X PATCH -H 'Content-Type: application/openstack-images-v2.1-json-patch' ` +
        `-d '[{"op": "replace", "path": "/bench", "value": "${value}"}]' "$BENCH_GLANCE/v2/images/$BENCH_ID"`,
      tag: `${CURL} -X PUT "$BENCH_GLANCE/v2/images/$BENCH_ID/tags/bench-tag" --next ${CURL} "$BENCH_GLANCE/v2/images/$BENCH_ID"`,
    };
    if (wanted('image-show')) {
      record(await measureCase(context, { id: 'image-show', title: 'image-show, warm token cache', runs: startupRuns, warmup, contenders: [
        { name: 'ours', argv: ours('image-show', showId), after: expectText(showId) },
        { name: 'floor', argv: sh(`"$BENCH_NODE" -e 0 && ${requests.show}`), after: expectText(showId) },
        { name: 'python', argv: python('image-show', showId), stdin: 'closed', after: expectText(showId) },
      ] }));
    }

    // 3. A script: image-list, image-show, image-update, image-tag-update, in turn.
    if (wanted('script-20')) {
      const calls = quick ? 4 : 20;
      const oursLines = [];
      const floorLines = [];
      const pythonLines = [];
      for (let index = 0; index < calls; index++) {
        const value = String(index + 1);
        const [args, floor] = [
          [['image-list'], requests.list],
          [['image-show', '"$BENCH_ID"'], requests.show],
          [['image-update', '"$BENCH_ID"', '--property', `bench=${value}`], requests.update(value)],
          [['image-tag-update', '"$BENCH_ID"', 'bench-tag'], requests.tag],
        ][index % 4];
        oursLines.push(`"$BENCH_NODE" "$BENCH_CLI" ${args.join(' ')} >/dev/null || exit 1`);
        floorLines.push(`{ "$BENCH_NODE" -e 0 && ${floor}; } >/dev/null || exit 1`);
        pythonLines.push(`${PYTHON} ${REFERENCE} ${args.join(' ')} >/dev/null <&- || exit 1`);
      }
      record(await measureCase(context, { id: 'script-20', title: `${calls} calls (list, show, update, tag)`, runs: seriesRuns, warmup, contenders: [
        { name: 'ours', argv: sh(oursLines.join('\n')) },
        { name: 'floor', argv: sh(floorLines.join('\n')) },
        { name: 'python', argv: sh(pythonLines.join('\n')), stdin: 'closed' },
      ] }));
    }

    // 4. A long list, in pages: against one curl process fetching the same pages.
    if (wanted('image-list-1000')) {
      const goal = quick ? 100 : 1000;
      const missing = Math.max(0, goal - (await api.list()).length);
      log(`creating ${missing} image records (${goal} visible in all)`);
      const names = Array.from({ length: missing }, (_, index) => `${PREFIX}many-${String(index).padStart(4, '0')}`);
      await parallel(names, 2, async (name) => created.add((await api.create({ name })).id));
      const count = (await api.list()).length;
      const pages = await api.pageLinks('/v2/images?limit=200&sort_key=name&sort_dir=asc');
      const pageUrls = pages.map((link) => `"$BENCH_GLANCE${link}"`);
      await primeTokenCache();
      record(await measureCase(context, { id: 'image-list-1000', title: `image-list, ${count} images, ${pages.length} page${pages.length > 1 ? 's' : ''}`, runs: seriesRuns, warmup, contenders: [
        { name: 'ours', argv: ours('image-list'), after: expectRows(count) },
        { name: 'floor', argv: sh(`${CURL} ${pageUrls.join(` --next ${CURL} `)}`) },
        { name: 'python', argv: python('image-list'), stdin: 'closed', after: expectRows(count) },
      ] }));
    }

    // 5. Data transfer, verified end to end: against curl and sha512sum doing the same work.
    const defaultSizes = quick ? [16 * MiB] : [MiB, GiB, 4 * GiB];
    const sizes = [];
    for (const size of options.sizes ?? defaultSizes) {
      // The source file, Glance's copy and a downloaded copy, plus 2 GiB of slack.
      const needed = 3 * size + 2 * GiB - (existsSync(join(workDir, `data-${size / MiB}MiB.bin`)) ? size : 0);
      if (freeBytes(workDir) < needed) {
        log(`skipping ${size / MiB} MiB transfers: ${Math.floor(freeBytes(workDir) / GiB)} GiB free, ${Math.ceil(needed / GiB)} GiB needed`);
        report.cases.push({ id: `transfer-${size / MiB}MiB`, skipped: 'not enough disk space', results: {} });
        continue;
      }
      sizes.push(size);
    }
    if (sizes.length > 0 && ['upload', 'download'].some(wanted)) {
      await primeTokenCache();
    }
    for (const size of sizes) {
      if (!['upload', 'download'].some(wanted)) break;
      const label = size >= GiB ? `${size / GiB} GiB` : `${size / MiB} MiB`;
      const file = dataFile(workDir, size);
      const runsHere = options.runs ?? (quick ? 1 : size >= GiB ? 3 : 5);
      const flush = () => spawnSync('sync');
      const transferEnv = { ...env, BENCH_FILE: file };

      if (wanted('upload')) {
        const uploadName = (who) => `${PREFIX}up-${size / MiB}-${who}`;
        const afterUpload = (who) => async () => {
          const images = (await api.list()).filter((image) => image.name === uploadName(who));
          if (images.length !== 1 || images[0].status !== 'active' || images[0].size !== size) {
            throw new Error(`${who} upload: expected one active image of ${size} bytes named ${uploadName(who)}, found ${JSON.stringify(images.map((i) => [i.status, i.size]))}`);
          }
          await api.delete(images[0].id);
        };
        const createArgs = (who) => ['image-create', '--name', uploadName(who), '--disk-format', 'raw', '--container-format', 'bare', '--file', file];
        // The floor: sha512sum of the file beside curl sending it (the record, then the data with
        // Content-Length and no Expect: 100-continue round trip).
        const floorUpload = sh(
          'set -e; sha512sum "$BENCH_FILE" >/dev/null & ' +
            `id=$(${CURL} -H "Content-Type: application/json" -d '{"name": "${uploadName('floor')}", "disk_format": "raw", "container_format": "bare"}' "$BENCH_GLANCE/v2/images" ` +
            '| sed -n \'s/.*"id": *"\\([^"]*\\)".*/\\1/p\'); ' +
            `${CURL} -H "Content-Type: application/octet-stream" -H "Expect:" -T "$BENCH_FILE" "$BENCH_GLANCE/v2/images/$id/file"; wait`,
        );
        record(await measureCase(context, { id: `upload-${size / MiB}MiB`, title: `image-create --file, ${label}`, bytes: size, runs: runsHere, warmup: warmup && size <= GiB, contenders: [
          { name: 'ours', argv: ours(...createArgs('ours')), before: flush, after: afterUpload('ours') },
          { name: 'floor', argv: floorUpload, env: transferEnv, before: flush, after: afterUpload('floor') },
          { name: 'python', argv: python(...createArgs('python')), stdin: 'closed', before: flush, after: afterUpload('python') },
        ] }));
      }
      if (wanted('download')) {
        log(`uploading the ${label} image to download`);
        const image = await api.create({ name: `${PREFIX}down-${size / MiB}` });
        created.add(image.id);
        const upload = spawnSync('curl', ['-sSf', '--noproxy', '*', '-H', `X-Auth-Token: ${token}`, '-H', 'Content-Type: application/octet-stream', '-H', 'Expect:', '-T', file, `${cloud.glanceUrl}/v2/images/${image.id}/file`], { stdio: ['ignore', 'ignore', 'inherit'] });
        if (upload.status !== 0) throw new Error('uploading the image to download failed');
        const expected = (await api.get(image.id)).os_hash_value;
        const target = join(workDir, 'download.bin');
        const before = () => {
          rmSync(target, { force: true });
          flush();
        };
        const after = (who) => (_round, stdout) => {
          const got = existsSync(target) ? statSync(target).size : -1;
          rmSync(target, { force: true });
          if (got !== size) throw new Error(`${who} download: ${got} bytes, expected ${size}`);
          if (who.startsWith('curl') && !stdout.startsWith(expected)) throw new Error(`${who}: the SHA-512 is not the image's`);
        };
        const downloadEnv = { ...env, BENCH_TARGET: target, BENCH_URL: `${cloud.glanceUrl}/v2/images/${image.id}/file` };
        record(await measureCase(context, { id: `download-${size / MiB}MiB`, title: `image-download --file, ${label}`, bytes: size, runs: runsHere, warmup: warmup && size <= GiB, contenders: [
          { name: 'ours', argv: ours('image-download', image.id, '--file', target), before, after: after('ours') },
          // The CPU floor: the download, then its hash; the wall floor: both at once through tee.
          { name: 'curl+sha512sum', argv: sh(`${CURL} -o "$BENCH_TARGET" "$BENCH_URL" && sha512sum "$BENCH_TARGET"`), env: downloadEnv, before, after: after('curl+sha512sum') },
          { name: 'curl|tee|sha512sum', argv: ['/bin/bash', '-c', `set -o pipefail; ${CURL} "$BENCH_URL" | tee "$BENCH_TARGET" | sha512sum`], env: downloadEnv, before, after: after('curl|tee|sha512sum') },
          { name: 'python', argv: python('image-download', image.id, '--file', target), stdin: 'closed', before, after: after('python') },
        ] }));
        await api.delete(image.id);
        created.delete(image.id);
      }
      if (!options.keepData) {
        rmSync(file, { force: true });
      }
    }
  } finally {
    log('deleting the images the benchmark created');
    await parallel([...created], 1, (id) => api.delete(id).catch((error) => log(`delete ${id}: ${error.message}`)));
    await api.deleteNamed((name) => name.startsWith(PREFIX)).catch((error) => log(`clean-up: ${error.message}`));
    for (const name of ['time.txt', 'stdout.txt', 'download.bin', 'app']) {
      rmSync(join(workDir, name), { recursive: true, force: true });
    }
    if (options.down) {
      spawnSync('bash', [join(REPO, 'test/cloud/down.sh'), state], { stdio: ['ignore', 'ignore', 'inherit'] });
    }
  }

  report.machine.loadAverageAtEnd = loadavg().map((value) => Math.round(value * 100) / 100);
  report.targets = judge(report);
  const jsonPath = options.json ?? join(workDir, 'results.json');
  mkdirSync(dirname(jsonPath), { recursive: true });
  writeFileSync(jsonPath, `${JSON.stringify(report, null, 2)}\n`);
  const summary = summaryMarkdown(report);
  process.stdout.write(`${summary}\n`);
  log(`results written to ${jsonPath}`);
  if (!quick && options.write && !options.only && !options.runs) {
    writeBenchmarks(report, summary);
  }
}

function expectRows(count) {
  return (_round, stdout) => {
    const rows = stdout.split('\n').filter((line) => line.startsWith('| ')).length - 1;
    if (rows !== count) throw new Error(`image-list printed ${rows} rows, expected ${count}`);
  };
}

function expectText(text) {
  return (_round, stdout) => {
    if (!stdout.includes(text)) throw new Error(`output does not mention ${text}`);
  };
}

// ------------------------------------------------------------------------------------ reporting

const seconds = (ms) => (ms === undefined ? '' : ms < 10_000 ? `${(ms / 1000).toFixed(3)} s` : `${(ms / 1000).toFixed(2)} s`);
const ratio = (a, b) => (a === undefined || b === undefined ? undefined : a / b);
const times = (value) => (value === undefined ? '' : `${value.toFixed(2)}x`);
const percent = (value) => (value === undefined ? '' : `${Math.round(value * 100)}%`);

/**
 * The rows of the table: what is compared, with which floor, and the issue's target for it.
 * Wall time for every case; CPU time too for transfers, where it is the other half of the target.
 */
function rowsOf(result) {
  const r = result.results;
  if (result.skipped) {
    return [{ title: result.title ?? result.id, metric: result.skipped }];
  }
  const rows = [];
  const row = (metric, floorName, key, limit, extra = {}) => {
    const ours = r.ours?.[key];
    const floor = r[floorName]?.[key];
    const python = r.python?.[key];
    const spreadKey = key === 'medianMs' ? 'spread' : 'cpuSpread';
    rows.push({
      id: result.id,
      title: result.title,
      metric,
      ours,
      floor,
      floorName,
      python,
      vsFloor: ratio(ours, floor),
      limit,
      vsPython: ratio(ours, python),
      spreadOurs: r.ours?.[spreadKey],
      spreadFloor: r[floorName]?.[spreadKey],
      rss: r.ours?.peakRssMiB,
      ...extra,
    });
  };
  const big = (result.bytes ?? 0) >= GiB;
  if (result.id.startsWith('download-')) {
    row('wall (floor: curl into tee into sha512sum)', 'curl|tee|sha512sum', 'medianMs', big ? 1.1 : undefined, { beatPython: big });
    row('CPU (floor: curl, then sha512sum)', 'curl+sha512sum', 'medianCpuMs', big ? 1.15 : undefined);
  } else if (result.id.startsWith('upload-')) {
    row('wall (floor: curl -T beside sha512sum)', 'floor', 'medianMs', big ? 1.15 : undefined);
    row('CPU (floor: curl -T beside sha512sum)', 'floor', 'medianCpuMs', big ? 1.15 : undefined);
  } else {
    const limits = { version: 1.2, help: 1.2, 'image-show': 1.3, 'script-20': 1.3, 'image-list-1000': 1.5 };
    const floors = {
      version: 'node -e 0',
      help: 'node -e 0',
      'image-show': 'node -e 0 + curl',
      'script-20': 'each: node -e 0 + curl',
      'image-list-1000': 'one curl, every page',
    };
    row(`wall (floor: ${floors[result.id]})`, 'floor', 'medianMs', limits[result.id], result.id === 'image-list-1000' ? { pythonLimit: 0.3 } : {});
  }
  return rows;
}

function printCase(result) {
  for (const row of rowsOf(result)) {
    log(`= ${row.title}, ${row.metric}: ours ${seconds(row.ours)}, floor ${seconds(row.floor)} (${times(row.vsFloor)}), python ${seconds(row.python)} (${times(row.vsPython)})`);
  }
}

/** The issue's targets, judged on this run's medians (a quick run reports them, judging nothing). */
function judge(report) {
  const targets = [];
  const quick = report.mode === 'quick';
  const add = (target, actual, met) => targets.push({ target, actual, met: quick ? undefined : met });
  for (const row of report.cases.flatMap(rowsOf)) {
    if (row.limit !== undefined && row.vsFloor !== undefined) {
      add(`${row.title}, ${row.metric.replace(/ \(.*/, '')}: <= ${row.limit}x the floor`, times(row.vsFloor), row.vsFloor <= row.limit);
    }
    if (row.pythonLimit !== undefined && row.vsPython !== undefined) {
      add(`${row.title}: <= ${row.pythonLimit}x python-glanceclient`, times(row.vsPython), row.vsPython <= row.pythonLimit);
    }
    if (row.beatPython && row.vsPython !== undefined) {
      add(`${row.title}: faster than python-glanceclient`, times(row.vsPython), row.vsPython < 1);
    }
  }
  const peaks = report.cases.filter((result) => result.results?.ours).map((result) => [result.id, result.results.ours.peakRssMiB]);
  if (peaks.length > 0) {
    const [worstId, worst] = peaks.reduce((a, b) => (b[1] > a[1] ? b : a));
    add('peak RSS < 120 MiB in every case', `${worst} MiB at most (${worstId})`, worst < 120);
  }
  // Flat: memory does not grow with the size. Below about 64 MiB a transfer ends before V8's first
  // collection of the buffers it read (its external-memory trigger) and before the hashing worker
  // starts, so the sizes compared are 64 MiB and up; the smaller ones are shown.
  for (const kind of ['upload', 'download']) {
    const all = report.cases.filter((result) => result.id.startsWith(`${kind}-`) && result.results?.ours).map((result) => [result.bytes, result.results.ours.peakRssMiB]);
    const bySize = all.filter(([bytes]) => bytes >= 64 * MiB);
    if (bySize.length > 1) {
      const values = bySize.map(([, peak]) => peak);
      add(
        `${kind}: peak RSS flat from ${bySize[0][0] / MiB} MiB to ${bySize.at(-1)[0] / MiB} MiB (within 15%)`,
        all.map(([bytes, peak]) => `${peak} MiB at ${bytes >= GiB ? `${bytes / GiB} GiB` : `${bytes / MiB} MiB`}`).join(', '),
        Math.max(...values) <= Math.min(...values) * 1.15,
      );
    }
  }
  return targets;
}

function markdownTable(headers, rows, alignRight) {
  const widths = headers.map((header, column) => Math.max(header.length, ...rows.map((row) => String(row[column]).length)));
  const line = (cells) => `| ${cells.map((cell, column) => (alignRight(column) ? String(cell).padStart(widths[column]) : String(cell).padEnd(widths[column]))).join(' | ')} |`;
  return [line(headers), `|${widths.map((width, column) => (alignRight(column) ? `${'-'.repeat(width + 1)}:` : '-'.repeat(width + 2))).join('|')}|`, ...rows.map(line)].join('\n');
}

/** The run as Markdown: the machine, the table of medians and ratios, the targets, the spread warnings. */
function summaryMarkdown(report) {
  const m = report.machine;
  const rows = report.cases.flatMap(rowsOf);
  const wide = [];
  const cells = rows.map((row) => {
    const spreads = [row.spreadOurs, row.spreadFloor].filter((value) => value !== undefined);
    const isWide = spreads.some((value) => value > WIDE_SPREAD);
    if (isWide) wide.push(`${row.title}, ${row.metric.replace(/ \(.*/, '')}`);
    return [
      row.title,
      row.metric,
      seconds(row.ours),
      seconds(row.floor),
      times(row.vsFloor),
      row.limit === undefined ? '' : `<= ${row.limit}x`,
      seconds(row.python),
      times(row.vsPython),
      spreads.length ? `${spreads.map(percent).join(' / ')}${isWide ? ' wide' : ''}` : '',
      row.rss === undefined ? '' : String(Math.round(row.rss)),
    ];
  });
  const out = [];
  out.push(
    `Run of ${report.date.slice(0, 10)} (${report.mode} mode, commit ${m.commit}): Node ${m.node}, ${m.cpu}, ${m.memoryGiB} GiB, ${m.kernel}, ` +
      `python-glanceclient ${m.pythonGlanceclient}, glance-api ${m.glanceApi}, keystone ${m.keystone}, ${m.curl.split(' ').slice(0, 2).join(' ')}; ` +
      `load average ${m.loadAverageAtStart[0]} at the start, ${m.loadAverageAtEnd[0]} at the end.`,
  );
  out.push('');
  out.push(
    markdownTable(
      ['case', 'measure', 'ours', 'floor', 'ours/floor', 'target', 'python', 'ours/python', 'spread (ours / floor)', 'ours peak MiB'],
      cells,
      (column) => column >= 2,
    ),
  );
  out.push('');
  out.push('Medians; spread is the median absolute deviation of the runs over their median.');
  if (wide.length > 0) {
    out.push(`**Spread too wide** (over ${percent(WIDE_SPREAD)}) for: ${wide.join('; ')}. The machine was busy: rerun those cases before trusting their ratios.`);
  }
  out.push('');
  for (const target of report.targets) {
    out.push(`- ${target.met === undefined ? '[n/a]' : target.met ? '[met]' : '**[missed]**'} ${target.target}: ${target.actual}`);
  }
  return out.join('\n');
}

/** Puts the run into BENCHMARKS.md, between the markers of this Node major version. */
function writeBenchmarks(report, summary) {
  const path = join(REPO, 'BENCHMARKS.md');
  const major = report.machine.node.replace(/^v(\d+)\..*/, '$1');
  const start = `<!-- bench:node${major}:start -->`;
  const end = `<!-- bench:node${major}:end -->`;
  const text = readFileSync(path, 'utf8');
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from < 0 || to < from) {
    log(`BENCHMARKS.md has no ${start} ... ${end} section: the results are not written there`);
    return;
  }
  writeFileSync(path, `${text.slice(0, from + start.length)}\n${summary}\n${text.slice(to)}`);
  log(`results written into BENCHMARKS.md (Node ${major})`);
}

main().catch((error) => {
  process.stderr.write(`bench: ${error.stack ?? error}\n`);
  process.exit(1);
});
