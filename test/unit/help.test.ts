/**
 * Help: every command's help ends with examples that run as written, and every help fits the
 * width (80 columns off a terminal, the terminal's on one); `glance help` for v1 lists v1's
 * commands; the reference's v1 line ends `glance help`.
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { AnyCommand, ArgumentSpec } from '../../src/commands/definition.js';
import { COMMANDS } from '../../src/commands/registry.js';
import { GLOBAL_OPTIONS, type GlobalOptionSpec } from '../../src/config/options.js';
import { splitCommandLine } from '../../src/cli/argv.js';
import { BUILTIN_COMMANDS, findCommand } from '../../src/cli/builtins.js';
import { formatExample, formatUsage, shellWords } from '../../src/cli/help-format.js';
import { optionsOf } from '../../src/cli/program.js';
import { runCli } from '../helpers/cli.js';

const OFFLINE = { OS_AUTH_URL: 'http://127.0.0.1:9/v3' };
const DEFINITIONS: AnyCommand[] = [...(await Promise.all(Object.values(COMMANDS).map(async (load) => (await load()).command))), ...Object.values(BUILTIN_COMMANDS)];
const LISTED = DEFINITIONS.filter((definition) => !definition.hidden);
const NAMES = LISTED.map((definition) => definition.name);

/** The lines of a text longer than `width`. */
function overlong(text: string, width: number): string[] {
  return text.split('\n').filter((line) => line.length > width);
}

/** The `glance ...` command lines of an example (in pipes, `$(...)`, `"$(...)"`, `for ... do`), as words. */
function invocations(example: string): string[][] {
  const segments: string[][] = [[]];
  const nested: string[][] = [];
  const close = (): void => {
    segments.push([]);
  };
  for (const raw of shellWords(example)) {
    if (['|', '||', '&&', ';', 'do', 'then', 'done'].includes(raw)) {
      close();
      continue;
    }
    const quoted = /^"\$\((.*)\)"$/.exec(raw);
    if (quoted) {
      nested.push(...invocations(quoted[1]!));
    }
    let word = raw;
    const substitution = /[$<]\(/.exec(word);
    if (substitution && !/^["']/.test(word)) {
      close();
      word = word.slice(substitution.index + 2);
    }
    const ends = /[);]$/.test(word);
    word = word.replace(/[);]+$/, '');
    segments.at(-1)!.push(word);
    if (ends) {
      close();
    }
  }
  // `xargs -r glance ...`: the invocation starts at glance, and xargs adds arguments.
  const found = segments
    .filter((segment) => segment.includes('glance'))
    .map((segment) => [...segment.slice(segment.indexOf('glance') + 1), ...(segment[0] === 'xargs' ? ['"$ID_FROM_XARGS"'] : [])]);
  return [...found, ...nested];
}

const GLOBALS = (GLOBAL_OPTIONS as readonly GlobalOptionSpec[]).map((spec) => ({ flags: [...spec.flags, ...(spec.aliases ?? [])], takesValue: spec.metavar !== undefined }));

/** What is wrong with one invocation: unknown command or option, a wrong number of arguments. */
async function problems(words: string[]): Promise<{ name?: string; problems: string[] }> {
  const line = splitCommandLine(words, GLOBALS, (name) => NAMES.includes(name));
  const definition = line.name === undefined ? undefined : await findCommand(line.name);
  if (!definition) {
    return { problems: [`unknown command ${line.name}`] };
  }
  const found: string[] = [];
  if (line.rest.includes('--help')) {
    return { name: 'help', problems: [] };
  }
  // How many words an option takes: none, one, or every one up to the next option (nargs='+').
  type Takes = 'none' | 'one' | 'many';
  // After the command, its own options win (-f is --format there, --force before it).
  const options = new Map<string, Takes>([
    ...GLOBALS.flatMap((option) => option.flags.map((flag): [string, Takes] => [flag, option.takesValue ? 'one' : 'none'])),
    ...optionsOf(definition).flatMap(([, spec, flags]) =>
      flags.map((flag): [string, Takes] => [flag, spec.metavar === undefined || spec.optionalValue ? 'none' : spec.variadic ? 'many' : 'one']),
    ),
  ]);
  let positional = 0;
  for (let index = 0; index < line.rest.length; index++) {
    const word = line.rest[index]!;
    if (word === '<' || word === '>') {
      index++;
    } else if (word.startsWith('-') && word !== '-') {
      const flag = word.split('=')[0]!;
      const takes = options.get(flag);
      if (takes === undefined) {
        found.push(`unknown option ${flag}`);
      } else if (takes === 'one' && !word.includes('=')) {
        index++;
      } else if (takes === 'many') {
        while (index + 1 < line.rest.length && !line.rest[index + 1]!.startsWith('-')) {
          index++;
        }
      }
    } else {
      positional++;
    }
  }
  const specs = Object.values(definition.arguments ?? {}).filter((spec): spec is ArgumentSpec => spec.kind === 'argument');
  const required = specs.filter((spec) => !spec.optional).length;
  const variadic = specs.some((spec) => spec.variadic);
  if (positional < required || (!variadic && positional > specs.length)) {
    found.push(`${positional} arguments for ${required}..${variadic ? 'n' : specs.length}`);
  }
  return { name: definition.name, problems: found };
}

describe('examples', () => {
  it.each(NAMES)('%s has one or more, and one shows -f where it prints', (name) => {
    const definition = LISTED.find((candidate) => candidate.name === name)!;
    expect(definition.examples?.length ?? 0).toBeGreaterThan(0);
    if (definition.output !== undefined) {
      expect(definition.examples!.some((example) => /(^|\s)-f /.test(example))).toBe(true);
    }
  });

  it.each(NAMES)('%s: its examples call it with options and arguments it has', async (name) => {
    const definition = LISTED.find((candidate) => candidate.name === name)!;
    for (const example of definition.examples ?? []) {
      const checked = await Promise.all(invocations(example).map(problems));
      expect(checked.some((entry) => entry.name === name), example).toBe(true);
      expect(checked.flatMap((entry) => entry.problems), example).toEqual([]);
    }
  });

  it('the check itself finds an unknown option and a missing argument', async () => {
    expect((await problems(['image-show', '--bogus', 'x'])).problems).toEqual(['unknown option --bogus']);
    expect((await problems(['image-show'])).problems).toEqual(['0 arguments for 1..1']);
    expect((await problems(['token-cache', 'clear'])).name).toBe('token-cache-clear');
    expect(invocations('for id in $(glance image-list -f value -c ID); do glance image-delete "$id"; done')).toEqual([
      ['image-list', '-f', 'value', '-c', 'ID'],
      ['image-delete', '"$id"'],
    ]);
  });
});

describe('help fits the width', () => {
  const helps = async (columns?: number): Promise<Map<string, string>> => {
    const texts = new Map<string, string>();
    const options = { env: OFFLINE, columns, stdoutIsTTY: columns !== undefined };
    texts.set('glance help', (await runCli(['help'], options)).stdout);
    texts.set('glance', (await runCli([], options)).stdout);
    texts.set('glance --os-image-api-version 1 help', (await runCli(['--os-image-api-version', '1', 'help'], options)).stdout);
    for (const name of NAMES) {
      texts.set(`glance help ${name}`, (await runCli(['help', name], options)).stdout);
      texts.set(`glance ${name} --help`, (await runCli([name, '--help'], options)).stdout);
    }
    return texts;
  };

  it.each([
    ['not on a terminal', undefined, 80],
    ['on a 100-column terminal', 100, 100],
    ['on a 132-column terminal', 132, 132],
  ])('%s: no line is longer than %s', async (_label, columns, width) => {
    for (const [command, text] of await helps(columns)) {
      expect(text.startsWith('usage: glance'), command).toBe(true);
      expect(overlong(text, width), command).toEqual([]);
    }
  });

  it('uses the width it has: a wider terminal gets fewer lines', async () => {
    const narrow = (await runCli(['help', 'image-create'], { env: OFFLINE })).stdout;
    const wide = (await runCli(['help', 'image-create'], { env: OFFLINE, columns: 132, stdoutIsTTY: true })).stdout;
    expect(wide.split('\n').length).toBeLessThan(narrow.split('\n').length);
    expect(Math.max(...wide.split('\n').map((line) => line.length))).toBeGreaterThan(80);
  });

  it('wraps the summary and the description paragraphs (argparse: the width less 2)', async () => {
    const run = await runCli(['help', 'credential-store-set'], { env: OFFLINE });
    expect(run.stdout.split('\n').slice(3, 9)).toEqual([
      'Save the password (or application credential secret) of the current identity',
      'in the OS keyring.',
      '',
      'Asked for on the terminal, or read from stdin when it is a pipe or a file. It',
      'is used when OS_PASSWORD is unset. Never written to a file.',
      '',
    ]);
  });

  it('puts every usage part under `usage:` when one would run over the aligned column', async () => {
    const run = await runCli(['help', 'image-create-via-import'], { env: OFFLINE });
    const lines = run.stdout.split('\n');
    expect(lines[0]).toBe('usage: glance image-create-via-import');
    expect(lines[1]).toMatch(/^ {7}\[--architecture <ARCHITECTURE>\] /);
    expect(run.stdout).toContain('\n       [--remote-service-interface <REMOTE_SERVICE_INTERFACE>]');
  });

  it('keeps argparse\'s layout where the parts fit', () => {
    expect(formatUsage('glance image-show', ['[--human-readable]', '[--max-column-width <integer>]'], ['<IMAGE_ID>'], 60)).toBe(
      'usage: glance image-show [--human-readable]\n                         [--max-column-width <integer>]\n                         <IMAGE_ID>\n',
    );
    // A part longer than the line even under `usage:` is broken at its blanks.
    expect(formatUsage('glance x', ['[--remote-service-interface <REMOTE_SERVICE_INTERFACE>]'], [], 40)).toBe(
      'usage: glance x\n       [--remote-service-interface\n       <REMOTE_SERVICE_INTERFACE>]\n',
    );
  });
});

describe('examples wrapped as shell lines', () => {
  const LONG = 'glance image-create --name cirros --disk-format qcow2 --container-format bare --file cirros.img --progress';

  it('breaks between words with a backslash, keeping an option with its value', () => {
    expect(formatExample(LONG, 2, 78)).toBe(
      '  glance image-create --name cirros --disk-format qcow2 \\\n      --container-format bare --file cirros.img --progress',
    );
  });

  it('never breaks inside quotes', () => {
    const example = `glance task-create --type import --input '{"import_from": "'"$URL"'", "import_from_format": "qcow2"}'`;
    expect(formatExample(example, 2, 50)).toBe(`  glance task-create --type import --input \\\n      '{"import_from": "'"$URL"'", "import_from_format": "qcow2"}'`);
  });

  it.each(DEFINITIONS.flatMap((definition) => (definition.examples ?? []).map((example) => [definition.name, example])))(
    '%s: `%s` pastes into bash as the same command',
    (_name, example) => {
      for (const width of [60, 78, 130]) {
        const shown = formatExample(example, 2, width);
        expect(shown.replace(/ \\\n +/g, ' ').trim()).toBe(example);
        // bash reads it (syntax only, nothing runs).
        execFileSync('bash', ['-n', '-c', shown]);
      }
    },
  );
});

describe('glance help and the Image API version', () => {
  const V1 = ['image-create', 'image-delete', 'image-download', 'image-list', 'image-show', 'image-update', 'member-create', 'member-delete', 'member-list'];
  /** Ours, which need no Image API of either version or work with both. */
  const CLIENT_SIDE = ['credential-store-delete', 'credential-store-set', 'image-inspect', 'token-cache-clear', 'verify-install'];
  const listed = (help: string): string[] => [...help.matchAll(/^ {4}([a-z][a-z_-]*)(?: |$)/gm)].map((match) => match[1]!);

  it("v1 lists the reference v1 shell's commands, ours that need no v2, and the built-ins", async () => {
    const run = await runCli(['--os-image-api-version', '1', 'help'], { env: OFFLINE });
    expect(run.exitCode).toBe(0);
    expect(listed(run.stdout)).toEqual([...[...V1, ...CLIENT_SIDE].sort(), 'bash-completion', 'completion', 'help']);
    expect(run.stdout).not.toContain('for v1 help');
  });

  it('v2 lists every command, the hidden ones excepted', async () => {
    const run = await runCli(['help'], { env: OFFLINE });
    expect(listed(run.stdout)).toEqual([...Object.keys(COMMANDS), 'bash-completion', 'completion', 'help']);
    expect(run.stdout).not.toContain('__complete');
  });

  it('`glance help` ends with the reference\'s pointer to the v1 help; `glance` and `glance --help` do not', async () => {
    const help = (await runCli(['help'], { env: OFFLINE })).stdout;
    expect(help.endsWith('See "glance help COMMAND" for help on a specific command.\n\nRun `glance --os-image-api-version 1 help` for v1 help\n')).toBe(true);
    for (const argv of [[], ['--help'], ['-h']]) {
      const text = (await runCli(argv, { env: OFFLINE })).stdout;
      expect(text.endsWith('See "glance help COMMAND" for help on a specific command.\n')).toBe(true);
    }
    expect((await runCli(['--os-image-api-version', '1'], { env: OFFLINE })).stdout).not.toContain('    image-tasks');
  });

  it('help for a v2-only command under v1 is a usage error that says so', async () => {
    const run = await runCli(['--os-image-api-version', '1', 'help', 'image-tasks'], { env: OFFLINE });
    expect([run.exitCode, run.stdout]).toEqual([2, '']);
    expect(run.stderr).toContain(`'image-tasks' is not a command of the Image API v1: see "glance --os-image-api-version 1 help".`);
  });

  it.each(Object.keys(COMMANDS).filter((name) => !V1.includes(name) && !CLIENT_SIDE.includes(name)))('%s is marked v2-only', async (name) => {
    expect((await COMMANDS[name]!()).command.apiVersions).toEqual([2]);
  });
});

describe('the built-ins have help like the other commands', () => {
  it.each([
    [['help', 'help'], 'usage: glance help [<subcommand>]\n'],
    [['help', '--help'], 'usage: glance help [<subcommand>]\n'],
    [['bash-completion', '--help'], 'usage: glance bash-completion\n'],
    [['help', 'completion'], 'usage: glance completion <SHELL>\n'],
  ])('%j', async (argv, usage) => {
    const run = await runCli(argv, { env: OFFLINE });
    expect([run.exitCode, run.stderr]).toEqual([0, '']);
    expect(run.stdout.startsWith(usage)).toBe(true);
  });

  it('completion with another shell is a usage error', async () => {
    const run = await runCli(['completion', 'tcsh'], { env: OFFLINE });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toBe("usage: glance completion <SHELL>\nglance completion: error: argument <SHELL>: invalid choice: 'tcsh' (choose from 'bash', 'zsh', 'fish')\n");
  });

  it('a typo of a built-in gets a suggestion', async () => {
    const run = await runCli(['completon'], { env: OFFLINE });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain("glance: 'completon' is not a glance command. Did you mean completion?");
  });
});
