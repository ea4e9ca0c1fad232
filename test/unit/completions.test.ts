/**
 * The completion scripts in completions/, driven through each shell's own completion machinery:
 * bash runs _glance with COMP_WORDS as readline sets them, zsh completes a typed line on a
 * pseudo-terminal (test/helpers/zsh-complete.zsh), fish answers `complete -C`. `glance` is a
 * stub here that answers `__complete images` with two images; test/integration/completion.test.ts
 * runs the built CLI against the real cloud.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completionScript, SHELLS, type Shell } from '../../src/cli/completion.js';
import { SORT_KEYS } from '../../src/glance/images.js';
import { FORMATS, LIST_FORMATS } from '../../src/output/print.js';

const COMPLETIONS = new URL('../../completions/', import.meta.url).pathname;
const FILES: Record<Shell, string> = { bash: 'glance.bash', zsh: '_glance', fish: 'glance.fish' };
const ZSH_HARNESS = new URL('../helpers/zsh-complete.zsh', import.meta.url).pathname;

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

function installed(shell: Shell): boolean {
  return spawnSync(shell, ['-c', 'exit 0']).status === 0;
}

/** The matches of each line, from `.done`-terminated groups of MATCH<TAB>DESCRIPTION lines. */
function groups(output: string, count: number): string[][] {
  const result: string[][] = [[]];
  for (const line of output.split('\n').filter(Boolean)) {
    if (line === '.done') {
      result.push([]);
    } else {
      result.at(-1)!.push(line.split('\t')[0]!);
    }
  }
  expect(result.length - 1).toBe(count);
  return result.slice(0, count);
}

/** bash: _glance run for each line, with the words as readline splits them (at blanks, and around '=' as COMP_WORDBREAKS says). */
function completeBash(lines: readonly string[]): string[][] {
  const calls = lines.map((line) => {
    const words = line.split(' ').flatMap((word) => word.split(/(=)/).filter((part, index, parts) => part !== '' || index === parts.length - 1));
    return `COMP_WORDS=(${words.map((word) => `'${word}'`).join(' ')}); COMP_CWORD=${words.length - 1}; COMP_LINE='${line}'; COMP_POINT=${line.length}
      COMPREPLY=(); _glance; printf '%s\n' "\${COMPREPLY[@]}" .done`;
  });
  const program = `source ${JSON.stringify(join(COMPLETIONS, FILES.bash))}\n${calls.join('\n')}`;
  return groups(execFileSync('bash', ['--norc', '--noprofile', '-c', program], { encoding: 'utf8', env: ENV }), lines.length);
}

function completeZsh(lines: readonly string[]): string[][] {
  const output = join(TEMP, 'zsh-matches');
  execFileSync('zsh', ['-f', ZSH_HARNESS, COMPLETIONS, output, ...lines], { env: ENV, timeout: 60_000 });
  return groups(readFileSync(output, 'utf8'), lines.length);
}

function completeFish(lines: readonly string[]): string[][] {
  const program = `source ${join(COMPLETIONS, FILES.fish)}; for line in $argv; complete -C $line; echo .done; end`;
  return groups(execFileSync('fish', ['--no-config', '-c', program, ...lines], { encoding: 'utf8', env: ENV }), lines.length);
}

const COMPLETE: Record<Shell, (lines: readonly string[]) => string[][]> = { bash: completeBash, zsh: completeZsh, fish: completeFish };

/** The distinct matches of each line, sorted; files by their name. */
function matches(shell: Shell, lines: readonly string[]): string[][] {
  return COMPLETE[shell](lines).map((found) => [...new Set(found.map((match) => (match.includes('/') ? basename(match) : match)))].sort());
}

const DISK_FORMATS = ['aki', 'ami', 'ari', 'iso', 'ploop', 'qcow2', 'raw', 'vdi', 'vhd', 'vhdx', 'vmdk'];
const CONTAINER_FORMATS = ['aki', 'ami', 'ari', 'bare', 'docker', 'ova', 'ovf'];
const IDS = ['aaaa-0001', 'bbbb-0002'];

describe('completions/ is generated from the definitions', () => {
  it.each(SHELLS)('completions/%s is current (node bin/glance.js completion SHELL > completions/FILE after a change)', async (shell) => {
    expect(readFileSync(join(COMPLETIONS, FILES[shell]), 'utf8')).toBe(await completionScript(shell));
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
  const available = installed(shell) || process.env.CI !== undefined;
  const test = available ? it : it.skip;
  let offered: Map<string, string[]>;
  beforeAll(() => {
    if (available) {
      rmSync(CALLS, { force: true });
      const lines = [...CASES.map(([line]) => line), 'glance image-create --disk-format=qc', 'glance --os-cloud prod --os-project-name demo image-show ', 'glance image-show ubu'];
      const found = matches(shell, lines);
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
