/**
 * The command line before commander sees it: where the subcommand is, argparse's option
 * abbreviations, the spaced forms (`token-cache clear`), and `-f`/`-c`, which mean --force before
 * the subcommand (python-glanceclient's global) and --format/--column after it.
 */
import { UsageError } from '../errors.js';

/** An option as the scanner needs to know it. */
export interface KnownOption {
  flags: readonly string[];
  /** It takes a value (the next word when not given as `--flag=value`). */
  takesValue: boolean;
  /** The value may be left out (`--hidden` alone). */
  optionalValue?: boolean;
}

export interface SplitCommandLine {
  /** The words before the subcommand (global options), abbreviations expanded. */
  global: string[];
  name: string | undefined;
  /** The words after it, as typed. */
  rest: string[];
}

/** Finds the subcommand: the first word that is neither an option nor an option's value. */
export function splitCommandLine(argv: readonly string[], globals: readonly KnownOption[], isCommand: (name: string) => boolean): SplitCommandLine {
  const known = optionIndex(globals);
  const global: string[] = [];
  for (let index = 0; index < argv.length; index++) {
    const word = argv[index] as string;
    if (word === '--' || !word.startsWith('-') || word === '-') {
      if (word === '--') {
        return { global, name: argv[index + 1], rest: argv.slice(index + 2) };
      }
      // `glance token-cache clear`: the spaced form of token-cache-clear.
      const next = argv[index + 1];
      if (!isCommand(word) && next !== undefined && isCommand(`${word}-${next}`)) {
        return { global, name: `${word}-${next}`, rest: argv.slice(index + 2) };
      }
      return { global, name: word, rest: argv.slice(index + 1) };
    }
    const { expanded, option } = expand(word, known);
    global.push(expanded);
    if (option?.takesValue && !option.optionalValue && !expanded.includes('=') && !/^-[^-]./.test(expanded) && index + 1 < argv.length) {
      global.push(argv[++index] as string);
    }
  }
  return { global, name: undefined, rest: [] };
}

/**
 * The words after the subcommand, with long-option prefixes expanded against the command's
 * options and the global ones, and -f/-c spelled out where the command has --format/--column.
 */
export function expandCommandWords(words: readonly string[], options: readonly KnownOption[], globals: readonly KnownOption[], output: boolean): string[] {
  const known = optionIndex([...options, ...globals]);
  const result: string[] = [];
  for (let index = 0; index < words.length; index++) {
    let word = words[index] as string;
    if (word === '--') {
      result.push(...words.slice(index));
      break;
    }
    if (output) {
      const short = /^-([fc])(.*)$/.exec(word);
      if (short) {
        const long = short[1] === 'f' ? '--format' : '--column';
        word = short[2] ? `${long}=${short[2]}` : long;
      }
    }
    if (!word.startsWith('-') || word === '-') {
      result.push(word);
      continue;
    }
    const { expanded, option } = expand(word, known);
    result.push(expanded);
    if (option?.takesValue && !option.optionalValue && !expanded.includes('=') && !/^-[^-]./.test(expanded) && index + 1 < words.length) {
      result.push(words[++index] as string);
    }
  }
  return result;
}

function optionIndex(options: readonly KnownOption[]): Map<string, KnownOption> {
  const index = new Map<string, KnownOption>();
  for (const option of options) {
    for (const flag of option.flags) {
      index.set(flag, option);
    }
  }
  return index;
}

/** argparse accepts any unambiguous prefix of a long option (`--human` for `--human-readable`). */
function expand(word: string, known: Map<string, KnownOption>): { expanded: string; option: KnownOption | undefined } {
  const equals = word.indexOf('=');
  const name = equals < 0 ? word : word.slice(0, equals);
  const exact = known.get(name) ?? (name.startsWith('--') ? undefined : known.get(name.slice(0, 2)));
  if (exact) {
    return { expanded: word, option: exact };
  }
  if (!name.startsWith('--')) {
    return { expanded: word, option: undefined };
  }
  const candidates = [...known.keys()].filter((flag) => flag.startsWith(name));
  const distinct = new Set(candidates.map((flag) => known.get(flag)));
  if (distinct.size > 1) {
    throw new UsageError(`ambiguous option: ${name} could match ${candidates.join(', ')}`);
  }
  const flag = candidates[0];
  if (flag === undefined) {
    return { expanded: word, option: undefined };
  }
  return { expanded: `${flag}${equals < 0 ? '' : word.slice(equals)}`, option: known.get(flag) };
}

/** The closest command names by edit distance, for "Did you mean ...?". */
export function closest(name: string, names: readonly string[]): string[] {
  const scored = names.map((candidate) => ({ candidate, distance: editDistance(name, candidate) }));
  const best = Math.min(...scored.map((entry) => entry.distance));
  // A typo, not another word: at most a third of the name may differ.
  if (best > Math.max(2, Math.floor(name.length / 3))) {
    return [];
  }
  return scored.filter((entry) => entry.distance === best).map((entry) => entry.candidate);
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length] as number;
}
