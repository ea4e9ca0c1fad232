import { describe, expect, it } from 'vitest';
import { wrapText } from '../../../src/output/textwrap.js';

// Expected lines from Python 3.11's textwrap.wrap(text, width) (default TextWrapper options).
const PYTHON_WRAPS: [text: string, width: number, lines: string[]][] = [
  ['{"description": "Import methods available.", "type": "array", "value": ["glance-direct", "web-download", "copy-image"]}', 80, ['{"description": "Import methods available.", "type": "array", "value": ["glance-', 'direct", "web-download", "copy-image"]}']],
  ['26de41bd4512c297e264d24ac9ced4c509e8f60eb3cd2fbf7168fa1fca893e5c6a7c892b49f0799bc458f1e496f16488ceffb04e030897b80ed427233b8ac3e6', 40, ['26de41bd4512c297e264d24ac9ced4c509e8f60e', 'b3cd2fbf7168fa1fca893e5c6a7c892b49f0799b', 'c458f1e496f16488ceffb04e030897b80ed42723', '3b8ac3e6']],
  ['Hello there -- you goof-ball, use the -b option!', 10, ['Hello', 'there --', 'you goof-', 'ball, use', 'the -b', 'option!']],
  ['Look, goof-ball -- use the -b option!', 12, ['Look, goof-', 'ball -- use', 'the -b', 'option!']],
  ['supercalifragilistic', 7, ['superca', 'lifragi', 'listic']],
  ['a-very-long-hyphenated-compound-word', 10, ['a-very-', 'long-hyphe', 'nated-', 'compound-', 'word']],
  ['--------------------', 7, ['-------', '-------', '------']],
  ['x----------', 5, ['x----', '-----', '-']],
  ['   leading and trailing   ', 10, ['   leading', 'and', 'trailing']],
  ['multiple     spaces    between words', 12, ['multiple', 'spaces', 'between', 'words']],
  ['tab\tseparated\tcolumns\there', 12, ['tab', 'separated', 'columns here']],
  ['\tindented by a tab', 8, ['indented', 'by a tab']],
  ['line one\nline two\r\nline three', 15, ['line one line', 'two  line three']],
  ['one two', 1, ['o', 'n', 'e', 't', 'w', 'o']],
  ['ab', 1, ['a', 'b']],
  ['', 5, []],
  ['     ', 3, []],
  ['word', 4, ['word']],
  ['Hello--world and em--dash', 6, ['Hello', '--', 'world', 'and em', '--dash']],
  ['foo-bar-baz qux', 5, ['foo-', 'bar-', 'baz', 'qux']],
  ['e-mail x-ray 3-4 A-B', 4, ['e-', 'mail', 'x-', 'ray', '3-4', 'A-B']],
  ['non\u00a0breaking\u00a0space here', 8, ['non\u00a0brea', 'king\u00a0spa', 'ce here']],
  ['中文 的 wrapping 测试字符串很长很长', 6, ['中文 的 w', 'rappin', 'g 测试字符', '串很长很长']],
  ['emoji 😀😀😀😀 astral', 3, ['emo', 'ji ', '😀😀😀', '😀 a', 'str', 'al']],
  ['xxxxxxxxxxxx y', 5, ['xxxxx', 'xxxxx', 'xx y']],
];

describe('wrapText', () => {
  it.each(PYTHON_WRAPS)('wraps %j at width %i as Python does', (text, width, lines) => {
    expect(wrapText(text, width)).toEqual(lines);
  });

  it('rejects a width below 1, as TextWrapper raises ValueError', () => {
    expect(() => wrapText('text', 0)).toThrow(RangeError);
  });
});
