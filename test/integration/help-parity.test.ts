/**
 * `glance help` and `glance help CMD` parsed side by side with python-glanceclient 4.1's, for
 * every command both have: the same layout (usage line, the subcommand list four spaces in, the
 * option groups), the same positional arguments, and the same options, but for the differences
 * written down here (and in the README). No cloud is contacted: the auth URL is a closed port.
 */
import { describe, expect, it } from 'vitest';
import { closedPortUrl, ours, reference, type RunResult } from './helpers.js';

/** The options every command that prints gets (README, "Machine-readable output"). */
const OUTPUT_OPTIONS = ['-f', '--format', '-c', '--column', '--noindent', '--quote', '--prefix', '--sort-column', '--sort-ascending', '--sort-descending'];

/** Options ours adds to a command beyond the reference's v2 and v1 ones (README). */
const EXTRA_OPTIONS: Record<string, string[]> = {
  'image-create': ['--copy-from-mode', '--no-inspect'],
  'image-create-via-import': ['--no-inspect', '--size', '--wait'],
  'image-download': ['--continue'],
  'image-import': ['--wait'],
  'image-stage': ['--no-inspect'],
  'image-upload': ['--no-inspect'],
};

/**
 * The reference's options ours leaves out: the fields Glance sets itself, which its schema marks
 * read-only (python-glanceclient 4.2 leaves them out too; README, md-*).
 */
const MISSING_OPTIONS: Record<string, string[]> = {
  'md-namespace-create': ['--created-at', '--schema', '--self', '--updated-at'],
  'md-namespace-update': ['--created-at', '--self', '--updated-at'],
  'md-resource-type-associate': ['--created-at', '--updated-at'],
};

/** The reference v1 shell's options that ours does not have yet (v1 image-update with data). */
const MISSING_V1_OPTIONS: Record<string, string[]> = {
  'image-update': ['--checksum', '--copy-from', '--file', '--location', '--progress', '--size'],
};

/** Sections the reference has and ours folds into another: member-list's --image-id is optional in ours, for v1's --tenant-id. */
const MOVED_SECTIONS: Record<string, string[]> = {
  'member-list': ['Required arguments'],
};

/** Global options: the reference's that ours lacks (osprofiler is not supported), and ours only. */
const MISSING_GLOBALS = ['--profile'];
const EXTRA_GLOBALS = [
  '--no-cache',
  '--os-application-credential-id',
  '--os-application-credential-name',
  '--os-application-credential-secret',
  '--os-cloud',
  '--os-interface',
  '--os-token',
  '--retries',
];
/** Other spellings both accept; ours leaves them out of help. */
const HIDDEN_ALIASES = ['--os-auth-plugin', '--os-tenant-id', '--os-tenant-name', '--os-user-name'];

/** Commands ours has and the reference has not. */
const OUR_COMMANDS = ['add-location', 'completion', 'credential-store-delete', 'credential-store-set', 'image-copy', 'image-inspect', 'token-cache-clear', 'verify-install'];
/** Ours that need no Image API v2 and so are in the v1 help too. */
const OUR_V1_COMMANDS = ['credential-store-delete', 'credential-store-set', 'image-inspect', 'token-cache-clear', 'verify-install', 'completion'];

interface ParsedHelp {
  usage: string;
  /** Section titles in order; the reference's `Options:` is ours' `Optional arguments:` (argparse before Python 3.10). */
  sections: string[];
  /** Options by section. */
  options: Map<string, string[]>;
  positionals: string[];
  /** The subcommands `glance help` lists. */
  commands: string[];
}

function parse(help: string): ParsedHelp {
  const parsed: ParsedHelp = { usage: help.split('\n')[0]!, sections: [], options: new Map(), positionals: [], commands: [] };
  let section = '';
  for (const line of help.split('\n')) {
    const title = /^([A-Z][A-Za-z ]+):$/.exec(line);
    if (title) {
      section = title[1] === 'Options' ? 'Optional arguments' : title[1]!;
      parsed.sections.push(section);
      continue;
    }
    const command = /^ {4}([a-z][a-z-]*)(?: |$)/.exec(line);
    if (command && section === 'Positional arguments') {
      parsed.commands.push(command[1]!);
      continue;
    }
    const positional = /^ {2}(<[A-Za-z_]+>)/.exec(line);
    if (positional && section === 'Positional arguments') {
      parsed.positionals.push(positional[1]!);
      continue;
    }
    const row = /^ {2}(-[^ ].*?)(?: {2,}.*)?$/.exec(line);
    if (row) {
      const spellings = row[1]!.split(', ').flatMap((spelling) => /^(--?[A-Za-z0-9][A-Za-z0-9_-]*)/.exec(spelling)?.[1] ?? []);
      parsed.options.set(section, [...(parsed.options.get(section) ?? []), ...spellings]);
    }
  }
  return parsed;
}

const allOptions = (help: ParsedHelp): Set<string> => new Set([...help.options.values()].flat());
const sorted = (values: Iterable<string>): string[] => [...values].sort();

const env = { OS_AUTH_URL: await closedPortUrl() };
const helps = new Map<string, { ref: RunResult; our: RunResult }>();

async function both(args: string[]): Promise<{ ref: RunResult; our: RunResult }> {
  const key = args.join(' ');
  if (!helps.has(key)) {
    const [ref, our] = await Promise.all([reference(args, { as: 'none', env }), ours(args, { as: 'none', env })]);
    helps.set(key, { ref, our });
  }
  return helps.get(key)!;
}

// The reference's own lists of commands, v2 and v1, read before the tests are declared.
const REFERENCE_COMMANDS = parse((await both(['help'])).ref.stdout).commands;
const REFERENCE_V1_COMMANDS = parse((await both(['--os-image-api-version', '1', 'help'])).ref.stdout).commands;
const BUILTINS = ['bash-completion', 'completion', 'help'];

describe('glance help', () => {
  it('has the reference layout: usage, the subcommands four spaces in, the option groups, the epilog and the v1 line', async () => {
    const { ref, our } = await both(['help']);
    expect([ref.code, our.code]).toEqual([0, 0]);
    const [r, o] = [parse(ref.stdout), parse(our.stdout)];
    expect(r.usage).toMatch(/^usage: glance \[--version\] \[-d\] \[-v\] \[--get-schema\] \[-f\]$/);
    expect(o.usage).toBe(r.usage);
    expect(o.sections).toEqual(r.sections);
    expect(o.sections).toEqual(['Positional arguments', 'Optional arguments', 'API Connection Options', 'Authentication Options']);
    for (const text of [ref.stdout, our.stdout]) {
      expect(text).toContain('\nPositional arguments:\n  <subcommand>\n    ');
      expect(text).toContain('\nAPI Connection Options:\n  Options controlling the HTTP API Connections\n\n');
      expect(text).toContain('\nAuthentication Options:\n  Options specific to the password plugin.\n\n');
      expect(text.endsWith('\nSee "glance help COMMAND" for help on a specific command.\n\nRun `glance --os-image-api-version 1 help` for v1 help\n')).toBe(true);
    }
  });

  it('lists every command of the reference, and ours, the built-ins last', async () => {
    const commands = parse((await both(['help'])).our.stdout).commands;
    expect(commands.slice(-BUILTINS.length)).toEqual(BUILTINS);
    const theirs = REFERENCE_COMMANDS.filter((name) => !BUILTINS.includes(name));
    expect(commands.slice(0, -BUILTINS.length)).toEqual(sorted([...theirs, ...OUR_COMMANDS.filter((name) => !BUILTINS.includes(name))]));
  });

  it('has the reference global options in the same groups, but for the documented differences', async () => {
    const { ref, our } = await both(['help']);
    const [r, o] = [parse(ref.stdout), parse(our.stdout)];
    for (const group of r.sections.slice(1)) {
      const theirs = (r.options.get(group) ?? []).filter((option) => !MISSING_GLOBALS.includes(option) && !HIDDEN_ALIASES.includes(option));
      const mine = (o.options.get(group) ?? []).filter((option) => !EXTRA_GLOBALS.includes(option));
      // --os-auth-type: the reference lists it among the first options, ours under Authentication Options.
      expect(sorted(mine.filter((option) => option !== '--os-auth-type')), group).toEqual(sorted(theirs.filter((option) => option !== '--os-auth-type')));
    }
    expect(allOptions(o).has('--os-auth-type')).toBe(true);
  });

  it("for v1, lists the v1 shell's commands (and ours that work there), without the v1 line", async () => {
    const { ref, our } = await both(['--os-image-api-version', '1', 'help']);
    expect([ref.code, our.code]).toEqual([0, 0]);
    const commands = parse(our.stdout).commands;
    expect(commands.filter((name) => !OUR_V1_COMMANDS.includes(name))).toEqual(REFERENCE_V1_COMMANDS);
    expect(commands.filter((name) => !REFERENCE_V1_COMMANDS.includes(name))).toEqual(OUR_V1_COMMANDS);
    for (const text of [ref.stdout, our.stdout]) {
      expect(text).not.toContain('for v1 help');
    }
  });
});

describe('glance help from the page the build wrote (bin/glance.js, dist/help.txt)', () => {
  it('is the page this run would compute', async () => {
    const built = await ours(['help'], { as: 'none', env });
    const computed = await ours(['--debug', 'help'], { as: 'none', env });
    expect([built.code, built.stdout]).toEqual([0, computed.stdout]);
    expect((await ours(['--help'], { as: 'none', env })).stdout).toBe(computed.stdout);
  });

  it('is not used when the environment asks for the Image API v1: the v1 page, as with the flag', async () => {
    const v1 = (await both(['--os-image-api-version', '1', 'help'])).our.stdout;
    const v1Environments = [{ OS_IMAGE_API_VERSION: '1' }, { OS_IMAGE_URL: 'http://127.0.0.1:9/v1' }, { OS_AUTH_URL: 'http://127.0.0.1:9/v2.0' }];
    for (const asked of v1Environments) {
      const run = await ours(['help'], { as: 'none', env: { ...env, ...asked } });
      expect([run.code, run.stdout], JSON.stringify(asked)).toEqual([0, v1]);
    }
  });
});

describe('glance help COMMAND, for every command both have', () => {
  it.each(REFERENCE_COMMANDS)('%s: same usage start, positional arguments and sections; the options of the reference, v2 and v1', async (name) => {
    const { ref, our } = await both(['help', name]);
    expect([ref.code, our.code, our.stderr]).toEqual([0, 0, '']);
    const [r, o] = [parse(ref.stdout), parse(our.stdout)];
    expect(o.usage.startsWith(`usage: glance ${name}`)).toBe(true);
    expect(o.positionals).toEqual(r.positionals);
    // Ours may add sections (its v1 options, the output formatters); the reference's are there, in order.
    const sections = r.sections.filter((section) => !(MOVED_SECTIONS[name] ?? []).includes(section));
    expect(o.sections.filter((section) => sections.includes(section))).toEqual(sections);
    const v2 = allOptions(r);
    const v1 = REFERENCE_V1_COMMANDS.includes(name) ? allOptions(parse((await both(['--os-image-api-version', '1', 'help', name])).ref.stdout)) : new Set<string>();
    const mine = allOptions(o);
    expect(sorted([...v2].filter((option) => !mine.has(option)))).toEqual(MISSING_OPTIONS[name] ?? []);
    expect(sorted([...v1].filter((option) => !mine.has(option) && !(MISSING_V1_OPTIONS[name] ?? []).includes(option)))).toEqual([]);
    const unexplained = [...mine].filter((option) => !v2.has(option) && !v1.has(option) && !OUTPUT_OPTIONS.includes(option) && !(EXTRA_OPTIONS[name] ?? []).includes(option));
    expect(sorted(unexplained)).toEqual([]);
  });

  it('the documented differences are still differences (a fixed one is taken off the lists)', async () => {
    for (const [name, options] of Object.entries({ ...MISSING_OPTIONS, ...MISSING_V1_OPTIONS })) {
      const mine = allOptions(parse((await both(['help', name])).our.stdout));
      expect(options.filter((option) => mine.has(option)), name).toEqual([]);
    }
    for (const [name, sections] of Object.entries(MOVED_SECTIONS)) {
      const mine = parse((await both(['help', name])).our.stdout).sections;
      expect(sections.filter((section) => mine.includes(section)), name).toEqual([]);
    }
    for (const [name, options] of Object.entries(EXTRA_OPTIONS)) {
      const theirs = allOptions(parse((await both(['help', name])).ref.stdout));
      expect(options.filter((option) => theirs.has(option)), name).toEqual([]);
    }
  });
});
