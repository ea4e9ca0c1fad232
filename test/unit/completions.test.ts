/**
 * The completion scripts in completions/, driven through each shell's own completion machinery
 * (test/helpers/shell-completion.ts). `glance` is a stub here that answers `__complete images`
 * with two images; test/integration/completion.test.ts runs the built CLI against the real cloud.
 */
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completionScript, SHELLS } from '../../src/cli/completion.js';
import { SORT_KEYS } from '../../src/glance/images.js';
import { FORMATS, LIST_FORMATS } from '../../src/output/print.js';
import { COMPLETION_FILES, COMPLETIONS, completeLines, shellInstalled } from '../helpers/shell-completion.js';

const TEMP = mkdtempSync(join(tmpdir(), 'glance-unit-completion-'));
afterAll(() => rmSync(TEMP, { recursive: true, force: true }));

// The stub: `glance [GLOBAL...] __complete images` prints two images and notes its arguments.
const BIN = join(TEMP, 'bin');
const CALLS = join(TEMP, 'calls.log');
mkdirSync(BIN);
writeFileSync(
  join(BIN, 'glance'),
  `#!/bin/sh\necho "$*" >>${JSON.stringify(CALLS)}\ncase " $* " in *" __complete images "*) printf 'aaaa-0001\\tcirros 0.6\\nbbbb-0002\\tubuntu\\n' ;; esac\n`,
);
chmodSync(join(BIN, 'glance'), 0o755);
const FILES_DIRECTORY = join(TEMP, 'disks');
mkdirSync(FILES_DIRECTORY);
for (const name of ['fa.qcow2', 'fb.raw']) {
  writeFileSync(join(FILES_DIRECTORY, name), '');
}
// ZCOMPDUMP: zsh's completion system is set up once, then read from that file.
const ENV = { PATH: `${BIN}:/usr/bin:/bin`, HOME: TEMP, TERM: 'dumb', ZCOMPDUMP: join(TEMP, 'zcompdump') };

const DISK_FORMATS = ['aki', 'ami', 'ari', 'iso', 'ploop', 'qcow2', 'raw', 'vdi', 'vhd', 'vhdx', 'vmdk'];
const CONTAINER_FORMATS = ['aki', 'ami', 'ari', 'bare', 'docker', 'ova', 'ovf'];
const IDS = ['aaaa-0001', 'bbbb-0002'];

describe('completions/ is generated from the definitions', () => {
  it.each(SHELLS)('completions/%s is current (node bin/glance.js completion SHELL > completions/FILE after a change)', async (shell) => {
    expect(readFileSync(join(COMPLETIONS, COMPLETION_FILES[shell]), 'utf8')).toBe(await completionScript(shell));
  });
});

const sorted = (values: readonly string[]): string[] => [...values].sort();

/** Each line typed, then TAB, and what every shell offers. */
const CASES: [string, string[]][] = [
  ['glance image-sh', ['image-show']],
  ['glance image-cre', ['image-create', 'image-create-via-import']],
  ['glance help image-l', ['image-list']],
  ['glance completion ', ['bash', 'fish', 'zsh']],
  ['glance token-cache ', ['clear']],
  ['glance credential-store s', ['set']],
  ['glance --os-image-api-version ', ['1', '2']],
  ['glance --os-endpoint-type ', ['admin', 'internal', 'public']],
  ['glance image-create --disk-f', ['--disk-format']],
  ['glance image-create --disk-format ', DISK_FORMATS],
  ['glance image-create --container-format ', CONTAINER_FORMATS],
  ['glance image-create --visibility p', ['private', 'public']],
  ['glance image-list --sort-key ', sorted(SORT_KEYS)],
  ['glance image-list -f ', sorted(LIST_FORMATS)],
  ['glance image-show -f ', sorted(FORMATS)],
  ['glance cache-clear --target ', ['both', 'cache', 'queue']],
  ['glance member-update image-1 project-1 ', ['accepted', 'pending', 'rejected']],
  ['glance image-create --name ', []],
  ['glance image-show ', IDS],
  ['glance image-show a', ['aaaa-0001']],
  ['glance image-delete aaaa-0001 ', IDS],
  ['glance --os-cloud prod image-show ', IDS],
  ['glance token-cache clear --', ['--column', '--format', '--help', '--noindent', '--prefix', '--quote']],
  ['glance image-show -', sorted(['-c', '-f', '-h', '--column', '--format', '--help', '--human-readable', '--max-column-width', '--noindent', '--prefix', '--quote'])],
  [`glance image-create --file ${FILES_DIRECTORY}/f`, ['fa.qcow2', 'fb.raw']],
  [`glance image-inspect ${FILES_DIRECTORY}/fa`, ['fa.qcow2']],
  [`glance --os-cacert ${FILES_DIRECTORY}/fb`, ['fb.raw']],
];

describe.each(SHELLS)('%s', (shell) => {
  // CI installs every shell (.ci/run); elsewhere a missing one is skipped, and says so.
  const available = shellInstalled(shell) || process.env.CI !== undefined;
  const test = available ? it : it.skip;
  let offered: Map<string, string[]>;
  beforeAll(() => {
    if (available) {
      rmSync(CALLS, { force: true });
      const lines = [...CASES.map(([line]) => line), 'glance image-create --disk-format=qc', 'glance --os-cloud prod --os-project-name demo image-show ', 'glance image-show ubu'];
      const found = completeLines(shell, lines, { env: ENV, scratch: TEMP });
      offered = new Map(lines.map((line, index) => [line, found[index]!]));
    }
  });

  test.each(CASES)('%s', (line, expected) => {
    expect(offered.get(line)).toEqual(expected);
  });

  test('a value given with = completes after the =', () => {
    // bash and zsh complete the part after '='; fish offers the whole word.
    expect(offered.get('glance image-create --disk-format=qc')).toEqual([shell === 'fish' ? '--disk-format=qcow2' : 'qcow2']);
  });

  test('the global options before the command are passed on to __complete (same cloud, same project)', () => {
    expect(readFileSync(CALLS, 'utf8')).toContain('--os-cloud prod --os-project-name demo __complete images\n');
  });

  // bash and zsh by the scripts' doing; fish matches descriptions itself.
  test('the start of an image name offers its id', () => {
    expect(offered.get('glance image-show ubu')).toEqual(['bbbb-0002']);
  });
});
