/** The output options every command that prints records or lists gets, declared once. */
import { flag, flagsOf, repeatable, text, textWithDefault, type AnyCommand, type OptionSpec } from '../commands/definition.js';
import { FORMATS, QUOTE_MODES } from '../output/print.js';

const GROUP = 'Output formatters';

export const OUTPUT_OPTIONS = {
  format: textWithDefault('<FORMAT>', `The output format: ${FORMATS.join(', ')} (default table; shell is for one record).`, 'table', {
    flags: ['-f', '--format'],
    choices: FORMATS,
    group: GROUP,
  }),
  column: repeatable('<COLUMN>', 'Print only this field or column; repeat it to print several, in that order.', { flags: ['-c', '--column'], group: GROUP }),
  noindent: flag('json: print on one line.', { group: GROUP }),
  quote: textWithDefault('<QUOTE_MODE>', `csv: when to quote a field: ${QUOTE_MODES.join(', ')} (default nonnumeric).`, 'nonnumeric', {
    choices: QUOTE_MODES,
    group: GROUP,
  }),
  prefix: text('<PREFIX>', 'shell: put this before every variable name.', { group: GROUP }),
  sortColumn: repeatable('<SORT_COLUMN>', 'Lists: sort the rows by this column, after paging; repeat it for more keys.', { group: GROUP }),
  sortAscending: flag('Lists: sort ascending (the default).', { group: GROUP }),
  sortDescending: flag('Lists: sort descending.', { group: GROUP }),
};

/**
 * The output options a command gets: none when it prints nothing, the sorting ones only for
 * lists, and none whose flag the command already uses for itself (md-resource-type-associate's
 * --prefix is the reference's, not shell output's).
 */
export function outputOptionsFor(definition: AnyCommand): [string, OptionSpec][] {
  if (definition.output === undefined) {
    return [];
  }
  const own = new Set(Object.entries(definition.options ?? {}).flatMap(([key, spec]) => (spec.kind === 'option' ? flagsOf(key, spec) : [])));
  return Object.entries(OUTPUT_OPTIONS).filter(
    ([key, spec]) => (definition.output === 'list' || !key.startsWith('sort')) && !flagsOf(key, spec).some((flag) => own.has(flag)),
  );
}
