import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const SCRIPT = new URL('../../completions/glance.bash', import.meta.url).pathname;

/** Runs _glance in bash for a command line, with `glance bash-completion` stubbed. */
function complete(words: string[]): string[] {
  const program = `
    glance() {
      if [ "$#" -eq 1 ]; then echo "image-list image-show --limit --human-readable -h --help"; return; fi
      case $2 in
        image-show) echo "--human-readable --max-column-width --debug -h --help" ;;
        *) echo "--debug -h --help" ;;
      esac
    }
    source ${JSON.stringify(SCRIPT)}
    COMP_WORDS=(${words.map((word) => JSON.stringify(word)).join(' ')})
    COMP_CWORD=${words.length - 1}
    _glance
    printf '%s\\n' "\${COMPREPLY[@]}"
  `;
  return execFileSync('bash', ['-c', program], { encoding: 'utf8' }).split('\n').filter(Boolean);
}

describe('completions/glance.bash', () => {
  it('completes subcommands', () => {
    expect(complete(['glance', 'image-'])).toEqual(['image-list', 'image-show']);
  });

  it("completes a subcommand's own options after it", () => {
    expect(complete(['glance', 'image-show', '--'])).toEqual(['--human-readable', '--max-column-width', '--debug', '--help']);
  });

  it('completes subcommand names after help', () => {
    expect(complete(['glance', 'help', 'image-s'])).toEqual(['image-show']);
  });

  it('leaves positional words (image ids, files) to bash', () => {
    expect(complete(['glance', 'image-show', 'ab'])).toEqual([]);
  });
});
