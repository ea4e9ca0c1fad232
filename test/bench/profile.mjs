#!/usr/bin/env node
/**
 * Where the time goes, from V8's own profiler: `glance image-show ID` (token cache warm) and a
 * verified `glance image-download ID --file F`, each run under `node --cpu-prof`, their samples
 * summed by what they were doing. Against the test cloud of test/cloud/up.sh, 127.0.0.1 only.
 *
 *   node test/bench/profile.mjs [--cli bin/glance.js] [--size MiB] [--runs N]
 *
 * --cli profiles another build (a checkout of an older commit, for "before"). Prints Markdown.
 * Each figure is the median over --runs runs (default 5) of the milliseconds of samples in that
 * category, summed over the process's threads (the download's hashing worker has a profile of its own).
 */
import { spawnSync } from 'node:child_process';
import { randomFillSync } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { issueToken, localCloud, median } from './local-cloud.mjs';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const MiB = 1024 * 1024;

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const index = args.indexOf(name);
  return index >= 0 ? args[index + 1] : fallback;
};
const cli = resolve(option('--cli', join(REPO, 'bin/glance.js')));
const size = Number(option('--size', '256')) * MiB;
const runs = Number(option('--runs', '5'));
const state = resolve(process.env.GLANCE_CLOUD_STATE || join(REPO, '.cloud'));

const cloud = localCloud(state);

/**
 * What a sample was doing, from its stack (leaf first): the first rule that matches wins.
 * Start-up and transfer share one list: a category that does not occur costs nothing.
 */
const CATEGORIES = [
  ['garbage collection', (stack) => stack[0].functionName === '(garbage collector)'],
  ['idle (waiting for the network or the disk)', (stack) => stack[0].functionName === '(idle)'],
  ['hashing (SHA-512)', (stack) => stack.some((frame) => /internal\/crypto\/hash/.test(frame.url) || (frame.functionName === 'update' && frame.url === ''))],
  ['HTTP parser (undici, WebAssembly)', (stack) => stack.some((frame) => frame.url.startsWith('wasm://'))],
  ['module loading (Node)', (stack) => stack.some((frame) => /^node:internal\/modules\//.test(frame.url))],
  ['socket reads and HTTP parsing (node:http)', (stack) => stack.some((frame) => /^node:(net|_http_common|_http_client|internal\/stream_base_commons)$/.test(frame.url))],
  ['file system (token cache, the download\'s writes)', (stack) => stack.some((frame) => /^node:(fs|internal\/fs\/)/.test(frame.url))],
  ['stream plumbing', (stack) => stack.some((frame) => /^node:internal\/(streams|webstreams)\//.test(frame.url))],
  ['our code and its libraries', (stack) => stack.some((frame) => /\/dist\/|\/bin\/glance\.js|node_modules/.test(frame.url))],
  ['V8 and Node, outside JavaScript (compiling, start-up)', (stack) => stack[0].functionName === '(program)'],
  ['other', () => true],
];

/** Milliseconds of samples per category in one .cpuprofile. */
function categorize(path) {
  const profile = JSON.parse(readFileSync(path, 'utf8'));
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const categoryOf = new Map();
  const totals = {};
  profile.samples.forEach((id, index) => {
    let category = categoryOf.get(id);
    if (category === undefined) {
      const stack = [];
      for (let at = id; at !== undefined; at = parent.get(at)) stack.push(byId.get(at).callFrame);
      category = CATEGORIES.find(([, matches]) => matches(stack))[0];
      categoryOf.set(id, category);
    }
    totals[category] = (totals[category] ?? 0) + (profile.timeDeltas[index] ?? 0) / 1000;
  });
  return totals;
}

/** Runs the CLI under --cpu-prof `runs` times: per category, the median of the per-run sums. */
function profileRuns(label, cliArgs, env, before = () => undefined) {
  const perRun = [];
  const cpu = [];
  for (let run = 0; run < runs; run++) {
    before();
    const dir = mkdtempSync(join(tmpdir(), 'glance-prof-'));
    const timeFile = join(dir, 'time.txt');
    const result = spawnSync('/usr/bin/time', ['-f', '%U %S', '-o', timeFile, process.execPath, '--cpu-prof', '--cpu-prof-dir', dir, cli, ...cliArgs], {
      env,
      stdio: ['ignore', 'ignore', 'pipe'],
      encoding: 'utf8',
    });
    if (result.status !== 0) throw new Error(`${label}: exit ${result.status}: ${result.stderr}`);
    const [user, system] = readFileSync(timeFile, 'utf8').trim().split('\n').at(-1).split(' ').map(Number);
    cpu.push((user + system) * 1000);
    const totals = {};
    for (const file of readdirSync(dir).filter((name) => name.endsWith('.cpuprofile'))) {
      for (const [category, ms] of Object.entries(categorize(join(dir, file)))) totals[category] = (totals[category] ?? 0) + ms;
    }
    perRun.push(totals);
    rmSync(dir, { recursive: true, force: true });
  }
  const categories = CATEGORIES.map(([name]) => name).filter((name) => perRun.some((totals) => totals[name] !== undefined));
  const rows = categories.map((name) => [name, median(perRun.map((totals) => totals[name] ?? 0))]);
  const sampled = median(perRun.map((totals) => Object.values(totals).reduce((a, b) => a + b, 0)));
  return { label, rows, sampled, cpu: median(cpu) };
}

function markdown({ label, rows, sampled, cpu }) {
  const lines = [`${label}: ${Math.round(sampled)} ms sampled (all threads, idle included), ${Math.round(cpu)} ms of CPU (user + system, GNU time), medians of ${runs} runs.`, ''];
  lines.push('| doing | ms |', '|---|--:|');
  for (const [name, ms] of rows.sort((a, b) => b[1] - a[1])) lines.push(`| ${name} | ${Math.round(ms)} |`);
  return lines.join('\n');
}

const auth = await issueToken(cloud);
const call = async (method, path, body, headers = {}) => {
  const response = await fetch(`${cloud.glanceUrl}${path}`, { method, headers: { 'x-auth-token': auth, ...headers }, body });
  const text = await response.text();
  if (response.status >= 300) throw new Error(`${method} ${path}: HTTP ${response.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
};
const image = await call('POST', '/v2/images', JSON.stringify({ name: 'bench-profile', disk_format: 'raw', container_format: 'bare' }), { 'content-type': 'application/json' });
const work = mkdtempSync(join(tmpdir(), 'glance-profile-'));
try {
  await call('PUT', `/v2/images/${image.id}/file`, randomFillSync(Buffer.alloc(size)), { 'content-type': 'application/octet-stream' });
  const cache = join(work, 'cache');
  mkdirSync(cache);
  const env = { PATH: process.env.PATH, HOME: work, LANG: 'C.UTF-8', XDG_CACHE_HOME: cache, no_proxy: '127.0.0.1', ...cloud.credentials };
  // Warm the token cache.
  spawnSync(process.execPath, [cli, 'image-show', image.id], { env, stdio: 'ignore' });
  const target = join(work, 'download.bin');
  const reports = [
    profileRuns(`\`glance image-show ID\`, token cache warm (${cli.replace(`${REPO}/`, '')})`, ['image-show', image.id], env),
    profileRuns(`\`glance image-download ID --file F\`, ${size / MiB} MiB, verified`, ['image-download', image.id, '--file', target], env, () => {
      rmSync(target, { force: true });
      spawnSync('sync');
    }),
  ];
  if (!existsSync(target)) throw new Error('the download left no file');
  process.stdout.write(`${reports.map(markdown).join('\n\n')}\n`);
} finally {
  await call('DELETE', `/v2/images/${image.id}`).catch(() => undefined);
  rmSync(work, { recursive: true, force: true });
}
