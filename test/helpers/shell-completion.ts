/**
 * Drives the completion scripts of completions/ through each shell's own machinery: bash runs
 * _glance with COMP_WORDS as readline sets them, zsh completes a typed line on a pseudo-terminal
 * (zsh-complete.zsh), fish answers `complete -C`. `glance` is whatever the PATH of `env` finds.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Shell } from '../../src/cli/completion.js';

export const COMPLETIONS = new URL('../../completions/', import.meta.url).pathname;
export const COMPLETION_FILES: Record<Shell, string> = { bash: 'glance.bash', zsh: '_glance', fish: 'glance.fish' };
const ZSH_HARNESS = new URL('./zsh-complete.zsh', import.meta.url).pathname;

export function shellInstalled(shell: Shell): boolean {
  return spawnSync(shell, ['-c', 'exit 0']).status === 0;
}

export interface CompletionRun {
  /** PATH (with a `glance`), HOME, and for zsh ZCOMPDUMP: a file for its completion system's dump (set up once, then read). */
  env: Record<string, string>;
  /** For zsh: where its matches are written. */
  scratch: string;
}

/** The matches each line (typed, then TAB) gets: distinct and sorted, files by their name. */
export function completeLines(shell: Shell, lines: readonly string[], run: CompletionRun): string[][] {
  const found = RUNNERS[shell](lines, run);
  return found.map((matches) => [...new Set(matches.map((match) => (match.includes('/') ? basename(match) : match)))].sort());
}

const RUNNERS: Record<Shell, (lines: readonly string[], run: CompletionRun) => string[][]> = {
  bash(lines, { env }) {
    const calls = lines.map((line) => {
      // Readline splits words at blanks, and around '=' (COMP_WORDBREAKS).
      const words = line.split(' ').flatMap((word) => word.split(/(=)/).filter((part, index, parts) => part !== '' || index === parts.length - 1));
      return `COMP_WORDS=(${words.map((word) => `'${word}'`).join(' ')}); COMP_CWORD=${words.length - 1}; COMP_LINE='${line}'; COMP_POINT=${line.length}
        COMPREPLY=(); _glance; printf '%s\\n' "\${COMPREPLY[@]}" .done`;
    });
    const program = `source ${JSON.stringify(join(COMPLETIONS, COMPLETION_FILES.bash))}\n${calls.join('\n')}`;
    return groups(execFileSync('bash', ['--norc', '--noprofile', '-c', program], { encoding: 'utf8', env }), lines.length);
  },
  zsh(lines, { env, scratch }) {
    const output = join(scratch, 'zsh-matches');
    execFileSync('zsh', ['-f', ZSH_HARNESS, COMPLETIONS, output, ...lines], { env, timeout: 60_000 });
    return groups(readFileSync(output, 'utf8'), lines.length);
  },
  fish(lines, { env }) {
    const program = `source ${join(COMPLETIONS, COMPLETION_FILES.fish)}; for line in $argv; complete -C $line; echo .done; end`;
    return groups(execFileSync('fish', ['--no-config', '-c', program, ...lines], { encoding: 'utf8', env }), lines.length);
  },
};

/** The matches of each line, from `.done`-terminated groups of MATCH[<TAB>DESCRIPTION] lines. */
function groups(output: string, count: number): string[][] {
  const result: string[][] = [[]];
  for (const line of output.split('\n').filter(Boolean)) {
    if (line === '.done') {
      result.push([]);
    } else {
      result.at(-1)!.push(line.split('\t')[0]!);
    }
  }
  if (result.length - 1 !== count) {
    throw new Error(`expected the matches of ${count} lines, got ${result.length - 1}:\n${output}`);
  }
  return result.slice(0, count);
}
