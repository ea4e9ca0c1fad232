#!/usr/bin/env node
/**
 * The benchmark of issue 5: this checkout's `glance` against python-glanceclient (Debian's
 * package) and, for data transfer, curl with the same token to the same endpoint, all against the
 * real local Keystone + Glance of test/cloud/up.sh, on 127.0.0.1 only.
 *
 *   npm run bench                    # the full run (about 15-25 minutes on 2 vCPUs)
 *   npm run bench -- --quick         # CI: small sizes, one run, no warm-up (about a minute)
 *   npm run bench -- --help          # every option
 *
 * Each case runs once as a warm-up (not counted), then N times, alternating the contenders and
 * rotating their order each round. Wall time is measured around the whole process; peak memory is
 * the peak RSS (ru_maxrss) of the measured process from GNU time (for a shell loop, the largest
 * process it ran; the `cat` feeding a pipe is not counted). A table of medians and ratios is
 * printed, and the same data is written as JSON. Every image the benchmark creates is deleted.
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomFillSync } from 'node:crypto';
import { closeSync, cpSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, statSync, statfsSync, symlinkSync, writeFileSync, writeSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

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

// ------------------------------------------------------------------------------------ options

const USAGE = `usage: node test/bench/bench.mjs [options]

  --quick           CI mode: 16 MiB transfers, 5-call script, 100-image list, one run, no warm-up
  --runs N          timed runs per case after the warm-up (default 5; transfers 3, 4 GiB 1)
  --sizes LIST      transfer sizes in MiB, comma-separated (default 1024,4096; 4096 only
                    when the disk has room for it)
  --only LIST       run only these cases (ids: version,help,image-list,image-show,show-x20-cold,
                    show-x20-warm,upload,download,upload-pipe,image-list-1000)
  --json FILE       where the results go (default $GLANCE_CLOUD_STATE/bench/results.json)
  --down            stop the cloud afterwards (test/cloud/down.sh)
  --keep-data       keep the generated data files in $GLANCE_CLOUD_STATE/bench
  -h, --help        this text

The cloud's state directory is $GLANCE_CLOUD_STATE (default <repo>/.cloud); test/cloud/up.sh
is run first (instant when the cloud is already up). KEYSTONE_PORT and GLANCE_PORT are taken from
the environment, else from the state directory's cloud.env.`;

function parseOptions(argv) {
  const options = { quick: false, runs: undefined, sizes: undefined, only: undefined, json: undefined, down: false, keepData: false };
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
    else if (arg === '--only') options.only = new Set(value().split(','));
    else if (arg === '--json') options.json = resolve(value());
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

function readEnvFile(path, pattern) {
  const values = {};
  if (!existsSync(path)) {
    return values;
  }
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const match = pattern.exec(line);
    if (match) {
      values[match[1]] = match[2].trim().replace(/^'(.*)'$/, '$1');
    }
  }
  return values;
}

function cloudUp(state) {
  const previous = readEnvFile(join(state, 'cloud.env'), /^([A-Z_]+)=(.*)$/);
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
  const cloud = readEnvFile(join(state, 'cloud.env'), /^([A-Z_]+)=(.*)$/);
  const credentials = readEnvFile(join(state, 'admin-openrc.sh'), /^\s*export\s+(OS_[A-Z_]+)=(.*)$/);
  for (const url of [cloud.KEYSTONE_URL, cloud.GLANCE_URL]) {
    if (!/^http:\/\/127\.0\.0\.1:\d+(\/|$)/.test(url ?? '')) {
      fail(`refusing to benchmark a non-loopback endpoint: ${url}`);
    }
  }
  return { glanceUrl: cloud.GLANCE_URL, keystoneUrl: cloud.KEYSTONE_URL, credentials };
}

/** A token for the setup requests and for curl: the same user and project as the CLIs. */
async function issueToken(cloud) {
  const c = cloud.credentials;
  const body = {
    auth: {
      identity: {
        methods: ['password'],
        password: { user: { name: c.OS_USERNAME, domain: { name: c.OS_USER_DOMAIN_NAME }, password: c.OS_PASSWORD } },
      },
      scope: { project: { name: c.OS_PROJECT_NAME, domain: { name: c.OS_PROJECT_DOMAIN_NAME } } },
    },
  };
  const response = await fetch(`${cloud.keystoneUrl}/auth/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (response.status !== 201) {
    fail(`Keystone login failed: HTTP ${response.status} ${await response.text()}`);
  }
  await response.arrayBuffer();
  return response.headers.get('x-subject-token');
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
 * Runs argv under GNU time and measures its wall time.
 * stdin: 'closed' (fd 0 closed: how python-glanceclient sees no data), 'null' (/dev/null),
 * or { pipe: FILE } (`cat FILE | argv`).
 */
function runMeasured(argv, { env, stdin = 'null', stdout = '/dev/null', workDir }) {
  const rssFile = join(workDir, 'rss.txt');
  rmSync(rssFile, { force: true });
  const timed = `${TIME} -f %M -o "$0" "$@"`;
  const script =
    stdin === 'closed' ? `exec <&-; exec ${timed}` : typeof stdin === 'object' ? `cat -- "$BENCH_PIPE_FILE" | ${timed}` : `exec ${timed}`;
  const out = openSync(stdout, 'w');
  return new Promise((resolvePromise, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn('/bin/sh', ['-c', script, rssFile, ...argv], {
      env: typeof stdin === 'object' ? { ...env, BENCH_PIPE_FILE: stdin.pipe } : env,
      stdio: ['ignore', out, 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (text) => {
      stderr = (stderr + text).slice(-4000);
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      closeSync(out);
      const lines = existsSync(rssFile) ? readFileSync(rssFile, 'utf8').trim().split('\n') : [];
      const rssKiB = Number(lines.at(-1));
      resolvePromise({ ms, rssKiB: Number.isFinite(rssKiB) ? rssKiB : undefined, code, signal, stderr });
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

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * One case: contenders are { name, argv, stdin?, before?(run), after?(run) }; before/after are not
 * timed (clean-up, priming, checks). Returns per-contender times and memory.
 */
async function measureCase(context, spec) {
  const { runs, warmup } = spec;
  const load = loadavg()[0];
  const results = Object.fromEntries(spec.contenders.map((contender) => [contender.name, { ms: [], rssKiB: [] }]));
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
      const stdoutFile = join(context.workDir, `stdout-${contender.name}.txt`);
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
        results[contender.name].ms.push(result.ms);
        if (result.rssKiB !== undefined) {
          results[contender.name].rssKiB.push(result.rssKiB);
        }
      }
      log(`  ${contender.name.padEnd(7)} ${counted ? '' : '(warm-up) '}${(result.ms / 1000).toFixed(3)} s, ${((result.rssKiB ?? 0) / 1024).toFixed(0)} MiB`);
    }
  }
  const summary = {};
  for (const [name, data] of Object.entries(results)) {
    summary[name] = {
      runs: data.ms.map((ms) => Math.round(ms * 10) / 10),
      medianMs: Math.round(median(data.ms) * 10) / 10,
      minMs: Math.round(Math.min(...data.ms) * 10) / 10,
      peakRssMiB: Math.round((Math.max(...data.rssKiB) / 1024) * 10) / 10,
    };
  }
  return { id: spec.id, title: spec.title, bytes: spec.bytes, loadAverage: Math.round(load * 100) / 100, results: summary };
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

/** Copies bin/glance.js and dist/ into DIR/app (node_modules linked back) and runs that copy. */
function snapshotBuild(dir) {
  const app = join(dir, 'app');
  rmSync(app, { recursive: true, force: true });
  mkdirSync(join(app, 'bin'), { recursive: true });
  cpSync(join(REPO, 'bin/glance.js'), join(app, 'bin/glance.js'));
  cpSync(join(REPO, 'dist'), join(app, 'dist'), { recursive: true });
  symlinkSync(join(REPO, 'node_modules'), join(app, 'node_modules'));
  if (!readFileSync(join(app, 'dist/main.js'), 'utf8').includes('node_modules/commander/')) {
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

  const token = await issueToken(cloud);
  const api = imageApi(cloud.glanceUrl, token);
  const left = await api.deleteNamed((name) => name.startsWith(PREFIX));
  if (left > 0) {
    log(`deleted ${left} images left by an earlier run`);
  }

  // The same clean environment for every contender: the openrc's OS_* variables, a private HOME
  // (the reference caches its image schema there) and a private token cache.
  const baseEnv = {
    PATH: '/usr/sbin:/usr/bin:/sbin:/bin',
    HOME: home,
    LANG: 'C.UTF-8',
    XDG_CACHE_HOME: cacheHome,
    no_proxy: '127.0.0.1,localhost,::1',
    ...cloud.credentials,
  };
  // Every case but the warm script runs with the token cache off, so both clients log in.
  const env = { ...baseEnv, OS_CACHE: '0' };
  const context = { workDir, env };
  const ours = (...args) => [process.execPath, OUR_CLI, ...args];
  const python = (...args) => [PYTHON, REFERENCE, ...args];
  const curl = (...args) => ['curl', '-sS', '-f', '--noproxy', '*', '-H', `X-Auth-Token: ${token}`, ...args];

  const quick = options.quick;
  const runs = options.runs ?? (quick ? 1 : 5);
  const transferRuns = options.runs ?? (quick ? 1 : 3);
  const warmup = !quick;
  const wanted = (id) => !options.only || options.only.has(id);
  const report = { date: new Date().toISOString(), mode: quick ? 'quick' : 'full', machine: host, cases: [] };
  const created = new Set();
  const record = (result) => {
    report.cases.push(result);
    printCase(result);
  };

  const hasTokenCache = spawnSync(process.execPath, [OUR_CLI, 'help', 'token-cache'], { env, stdio: 'ignore' }).status === 0;

  try {
    // 1. No network.
    if (wanted('version')) {
      record(await measureCase(context, { id: 'version', title: 'glance --version', runs, warmup, contenders: [
        { name: 'ours', argv: ours('--version') },
        { name: 'python', argv: python('--version'), stdin: 'closed' },
        // What Node itself costs to start and stop, for reference.
        { name: 'node', argv: [process.execPath, '-e', ''] },
      ] }));
    }
    if (wanted('help')) {
      record(await measureCase(context, { id: 'help', title: 'glance help', runs, warmup, contenders: [
        { name: 'ours', argv: ours('help') },
        { name: 'python', argv: python('help'), stdin: 'closed' },
      ] }));
    }

    // 2. A list of 20 images, and one of them shown.
    const listed = [];
    if (['image-list', 'image-show', 'show-x20-cold', 'show-x20-warm', 'image-list-1000'].some(wanted)) {
      log('creating 20 images with 1 KiB of data each');
      const names = Array.from({ length: 20 }, (_, index) => `${PREFIX}list-${String(index).padStart(2, '0')}`);
      await parallel(names, 1, async (name) => {
        const image = await api.create({ name });
        created.add(image.id);
        await api.upload(image.id, randomFillSync(Buffer.alloc(1024)));
        listed.push(image.id);
      });
    }
    const visible = async () => (await api.list()).length;
    const showId = listed[0];
    if (wanted('image-list')) {
      const count = await visible();
      record(await measureCase(context, { id: 'image-list', title: `image-list (${count} images)`, runs, warmup, contenders: [
        { name: 'ours', argv: ours('image-list'), after: expectRows(count) },
        { name: 'python', argv: python('image-list'), stdin: 'closed', after: expectRows(count) },
      ] }));
    }
    if (wanted('image-show')) {
      record(await measureCase(context, { id: 'image-show', title: 'image-show ID', runs, warmup, contenders: [
        { name: 'ours', argv: ours('image-show', showId), after: expectText(showId) },
        { name: 'python', argv: python('image-show', showId), stdin: 'closed', after: expectText(showId) },
      ] }));
    }

    // 3. A script of image-show calls in a row.
    const calls = quick ? 5 : 20;
    const loop = (argv) => ['/bin/sh', '-c', `i=0; while [ $i -lt ${calls} ]; do "$@" >/dev/null || exit 1; i=$((i + 1)); done`, 'sh', ...argv];
    const scriptRuns = options.runs ?? (quick ? 1 : 3);
    if (wanted('show-x20-cold')) {
      record(await measureCase(context, { id: 'show-x20-cold', title: `${calls} x image-show, token cache cold (off)`, runs: scriptRuns, warmup, contenders: [
        { name: 'ours', argv: loop(ours('image-show', showId)) },
        { name: 'python', argv: loop(python('image-show', showId)), stdin: 'closed' },
      ] }));
    }
    if (wanted('show-x20-warm')) {
      if (hasTokenCache) {
        const warmEnv = { ...baseEnv };
        const prime = async () => {
          const result = await runMeasured(ours('image-show', showId), { env: warmEnv, workDir });
          if (result.code !== 0) throw new Error(`priming the token cache failed: ${result.stderr}`);
        };
        record(await measureCase(context, { id: 'show-x20-warm', title: `${calls} x image-show, token cache warm`, runs: scriptRuns, warmup, contenders: [
          { name: 'ours', argv: loop(ours('image-show', showId)), env: warmEnv, before: prime },
          { name: 'python', argv: loop(python('image-show', showId)), stdin: 'closed' },
        ] }));
      } else {
        log(`${calls} x image-show, token cache warm: n/a (no token cache yet)`);
        record({ id: 'show-x20-warm', title: `${calls} x image-show, token cache warm`, skipped: 'n/a (no token cache yet)', results: {} });
      }
    }

    // 4 and 5. Data transfer.
    const defaultSizes = quick ? [16 * MiB] : [GiB, 4 * GiB];
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
    for (const size of sizes) {
      if (!['upload', 'download', 'upload-pipe'].some(wanted)) break;
      const label = size >= GiB ? `${size / GiB} GiB` : `${size / MiB} MiB`;
      const file = dataFile(workDir, size);
      const runsHere = options.runs ?? (size > GiB ? 1 : transferRuns);
      const warmHere = warmup && size <= GiB;
      const flush = () => spawnSync('sync');

      const uploadName = (who) => `${PREFIX}up-${size / MiB}-${who}`;
      const afterUpload = (who) => async () => {
        const images = (await api.list()).filter((image) => image.name === uploadName(who));
        if (images.length !== 1 || images[0].status !== 'active' || images[0].size !== size) {
          throw new Error(`${who} upload: expected one active image of ${size} bytes named ${uploadName(who)}, found ${JSON.stringify(images.map((i) => [i.status, i.size]))}`);
        }
        await api.delete(images[0].id);
      };
      const createArgs = (who) => ['image-create', '--name', uploadName(who), '--disk-format', 'raw', '--container-format', 'bare'];
      // curl: the record, then the data with Content-Length; no Expect: 100-continue round trip.
      const curlUpload = (source) => [
        '/bin/sh', '-c',
        'set -e; id=$(curl -sSf --noproxy "*" -H "X-Auth-Token: $BENCH_TOKEN" -H "Content-Type: application/json" ' +
          `-d '{"name": "${uploadName('curl')}", "disk_format": "raw", "container_format": "bare"}' "$BENCH_GLANCE/v2/images" ` +
          '| sed -n \'s/.*"id": *"\\([^"]*\\)".*/\\1/p\'); ' +
          'curl -sSf --noproxy "*" -H "X-Auth-Token: $BENCH_TOKEN" -H "Content-Type: application/octet-stream" -H "Expect:" ' +
          `-T ${source} "$BENCH_GLANCE/v2/images/$id/file"`,
      ];
      const curlEnv = { ...env, BENCH_TOKEN: token, BENCH_GLANCE: cloud.glanceUrl };

      if (wanted('upload')) {
        record(await measureCase(context, { id: `upload-${size / MiB}MiB`, title: `image-create --file, ${label}`, bytes: size, runs: runsHere, warmup: warmHere, contenders: [
          { name: 'ours', argv: ours(...createArgs('ours'), '--file', file), before: flush, after: afterUpload('ours') },
          { name: 'python', argv: python(...createArgs('python'), '--file', file), stdin: 'closed', before: flush, after: afterUpload('python') },
          { name: 'curl', argv: [...curlUpload('"$BENCH_FILE"')], env: { ...curlEnv, BENCH_FILE: file }, before: flush, after: afterUpload('curl') },
        ] }));
      }
      if (wanted('upload-pipe')) {
        record(await measureCase(context, { id: `upload-pipe-${size / MiB}MiB`, title: `cat | image-create, ${label}`, bytes: size, runs: runsHere, warmup: warmHere, contenders: [
          { name: 'ours', argv: ours(...createArgs('ours')), stdin: { pipe: file }, before: flush, after: afterUpload('ours') },
          { name: 'python', argv: python(...createArgs('python')), stdin: { pipe: file }, before: flush, after: afterUpload('python') },
          { name: 'curl', argv: curlUpload('-'), env: curlEnv, stdin: { pipe: file }, before: flush, after: afterUpload('curl') },
        ] }));
      }
      if (wanted('download')) {
        log(`uploading the ${label} image to download`);
        const image = await api.create({ name: `${PREFIX}down-${size / MiB}` });
        created.add(image.id);
        const upload = spawnSync('curl', ['-sSf', '--noproxy', '*', '-H', `X-Auth-Token: ${token}`, '-H', 'Content-Type: application/octet-stream', '-H', 'Expect:', '-T', file, `${cloud.glanceUrl}/v2/images/${image.id}/file`], { stdio: ['ignore', 'ignore', 'inherit'] });
        if (upload.status !== 0) throw new Error('uploading the image to download failed');
        const target = (who) => join(workDir, `download-${who}.bin`);
        const before = (who) => () => {
          rmSync(target(who), { force: true });
          flush();
        };
        const after = (who) => () => {
          const got = existsSync(target(who)) ? statSync(target(who)).size : -1;
          rmSync(target(who), { force: true });
          if (got !== size) throw new Error(`${who} download: ${got} bytes, expected ${size}`);
        };
        record(await measureCase(context, { id: `download-${size / MiB}MiB`, title: `image-download --file, ${label}`, bytes: size, runs: runsHere, warmup: warmHere, contenders: [
          { name: 'ours', argv: ours('image-download', image.id, '--file', target('ours')), before: before('ours'), after: after('ours') },
          { name: 'python', argv: python('image-download', image.id, '--file', target('python')), stdin: 'closed', before: before('python'), after: after('python') },
          { name: 'curl', argv: curl('-o', target('curl'), `${cloud.glanceUrl}/v2/images/${image.id}/file`), before: before('curl'), after: after('curl') },
        ] }));
        await api.delete(image.id);
        created.delete(image.id);
      }
      if (!options.keepData) {
        rmSync(file, { force: true });
      }
    }

    // 6. A long list.
    if (wanted('image-list-1000')) {
      const goal = quick ? 100 : 1000;
      const missing = Math.max(0, goal - (await visible()));
      log(`creating ${missing} image records (${goal} visible in all)`);
      const names = Array.from({ length: missing }, (_, index) => `${PREFIX}many-${String(index).padStart(4, '0')}`);
      await parallel(names, 2, async (name) => created.add((await api.create({ name })).id));
      const count = await visible();
      record(await measureCase(context, { id: 'image-list-1000', title: `image-list (${count} images)`, runs, warmup, contenders: [
        { name: 'ours', argv: ours('image-list'), after: expectRows(count) },
        { name: 'python', argv: python('image-list'), stdin: 'closed', after: expectRows(count) },
      ] }));
    }
  } finally {
    log('deleting the images the benchmark created');
    await parallel([...created], 1, (id) => api.delete(id).catch((error) => log(`delete ${id}: ${error.message}`)));
    await api.deleteNamed((name) => name.startsWith(PREFIX)).catch((error) => log(`clean-up: ${error.message}`));
    rmSync(join(workDir, 'rss.txt'), { force: true });
    rmSync(join(workDir, 'app'), { recursive: true, force: true });
    for (const who of ['ours', 'python', 'curl', 'node']) {
      rmSync(join(workDir, `stdout-${who}.txt`), { force: true });
      rmSync(join(workDir, `download-${who}.bin`), { force: true });
    }
    if (options.down) {
      spawnSync('bash', [join(REPO, 'test/cloud/down.sh'), state], { stdio: ['ignore', 'ignore', 'inherit'] });
    }
  }

  report.machine.loadAverageAtEnd = loadavg().map((value) => Math.round(value * 100) / 100);
  report.tokenCache = hasTokenCache;
  report.targets = judge(report, quick);
  const jsonPath = options.json ?? join(workDir, 'results.json');
  mkdirSync(dirname(jsonPath), { recursive: true });
  writeFileSync(jsonPath, `${JSON.stringify(report, null, 2)}\n`);
  printSummary(report);
  log(`results written to ${jsonPath}`);
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

const seconds = (ms) => (ms === undefined ? '' : ms < 10_000 ? `${(ms / 1000).toFixed(3)} s` : `${(ms / 1000).toFixed(1)} s`);
const ratio = (a, b) => (a === undefined || b === undefined ? '' : `${(a / b).toFixed(2)}x`);
const mib = (value) => (value === undefined || !Number.isFinite(value) ? '' : `${value.toFixed(0)}`);

function caseRow(result) {
  const r = result.results;
  if (result.skipped) {
    return [result.title ?? result.id, result.skipped, '', '', '', '', '', '', ''];
  }
  return [
    result.title,
    seconds(r.ours?.medianMs),
    seconds(r.python?.medianMs),
    seconds(r.curl?.medianMs),
    ratio(r.ours?.medianMs, r.python?.medianMs),
    ratio(r.ours?.medianMs, r.curl?.medianMs),
    mib(r.ours?.peakRssMiB),
    mib(r.python?.peakRssMiB),
    mib(r.curl?.peakRssMiB),
  ];
}

const HEADERS = ['case', 'ours', 'python', 'curl', 'ours/python', 'ours/curl', 'ours MiB', 'python MiB', 'curl MiB'];

function printCase(result) {
  const row = caseRow(result);
  log(`= ${row[0]}: ${HEADERS.slice(1).map((header, index) => `${header} ${row[index + 1] || '-'}`).join(', ')}`);
}

function printSummary(report) {
  const rows = report.cases.map(caseRow);
  const widths = HEADERS.map((header, column) => Math.max(header.length, ...rows.map((row) => String(row[column]).length)));
  const line = (cells) => `| ${cells.map((cell, column) => (column === 0 ? String(cell).padEnd(widths[column]) : String(cell).padStart(widths[column]))).join(' | ')} |`;
  const out = [];
  out.push(`glance benchmark (${report.mode} mode), medians of the timed runs; memory is peak RSS`);
  out.push(`${report.machine.cpu}, ${report.machine.memoryGiB} GiB, ${report.machine.kernel}, Node ${report.machine.node}, python-glanceclient ${report.machine.pythonGlanceclient}, load ${report.machine.loadAverageAtStart.join(' ')} -> ${report.machine.loadAverageAtEnd.join(' ')}`);
  out.push('');
  out.push(line(HEADERS));
  out.push(`|${widths.map((width, column) => (column === 0 ? '-'.repeat(width + 2) : `${'-'.repeat(width + 1)}:`)).join('|')}|`);
  for (const row of rows) out.push(line(row));
  const node = report.cases.find((result) => result.id === 'version')?.results.node;
  if (node) {
    out.push(`(Node itself, \`node -e ''\`: ${seconds(node.medianMs)}, ${mib(node.peakRssMiB)} MiB)`);
  }
  out.push('');
  for (const target of report.targets) {
    out.push(`${target.met === undefined ? '[ n/a ]' : target.met ? '[ met ]' : '[MISSED]'} ${target.target}: ${target.actual}`);
  }
  process.stdout.write(`${out.join('\n')}\n`);
}

/** The targets of issue 5, judged on this run's medians (quick mode: reported, not judged). */
function judge(report, quick) {
  const byId = Object.fromEntries(report.cases.map((result) => [result.id, result.results]));
  const targets = [];
  const add = (target, actual, met) => targets.push({ target, actual, met: quick ? undefined : met });
  const r = (id, who) => byId[id]?.[who]?.medianMs;
  for (const id of ['version', 'help']) {
    if (r(id, 'ours') !== undefined) {
      const q = r(id, 'ours') / r(id, 'python');
      add(`${id}: <= 0.15x python and < 150 ms`, `${q.toFixed(2)}x, ${r(id, 'ours').toFixed(0)} ms`, q <= 0.15 && r(id, 'ours') < 150);
    }
  }
  for (const [id, limit] of [['image-list', 0.35], ['image-show', 0.35], ['show-x20-cold', 0.3], ['image-list-1000', 0.3]]) {
    if (r(id, 'ours') !== undefined) {
      const q = r(id, 'ours') / r(id, 'python');
      add(`${id}: <= ${limit}x python`, `${q.toFixed(2)}x`, q <= limit);
    }
  }
  for (const id of Object.keys(byId).filter((key) => /^(upload|download)-\d+MiB$/.test(key))) {
    if (r(id, 'ours') === undefined) continue;
    const qc = r(id, 'ours') / r(id, 'curl');
    const qp = r(id, 'ours') / r(id, 'python');
    add(`${id}: <= 1.15x curl and <= 1x python`, `${qc.toFixed(2)}x curl, ${qp.toFixed(2)}x python`, qc <= 1.15 && qp <= 1);
  }
  const peaks = report.cases.filter((result) => result.results?.ours).map((result) => [result.id, result.results.ours.peakRssMiB]);
  if (peaks.length > 0) {
    const [worstId, worst] = peaks.reduce((a, b) => (b[1] > a[1] ? b : a));
    add('peak memory < 120 MiB in every case', `${worst} MiB at most (${worstId})`, worst < 120);
  }
  for (const kind of ['upload', 'download', 'upload-pipe']) {
    const small = byId[`${kind}-1024MiB`]?.ours?.peakRssMiB;
    const big = byId[`${kind}-4096MiB`]?.ours?.peakRssMiB;
    if (small !== undefined && big !== undefined) {
      add(`${kind}: 4 GiB peak memory within 10% of 1 GiB`, `${big} vs ${small} MiB`, big <= small * 1.1);
    }
  }
  return targets;
}

main().catch((error) => {
  process.stderr.write(`bench: ${error.stack ?? error}\n`);
  process.exit(1);
});
