import { describe, expect, it } from 'vitest';
import { pyJsonDumps, pyStr, pyUtcIsoFormat } from '../../../src/output/pyformat.js';

// Expected text from Python 3.11: str(json.loads(text)) and json.dumps(json.loads(text)).
const PYTHON_STR: [json: string, printed: string][] = [
  ['null', 'None'],
  ['true', 'True'],
  ['false', 'False'],
  ['0', '0'],
  ['-17', '-17'],
  ['4521984', '4521984'],
  ['0.5', '0.5'],
  ['-0.0001', '-0.0001'],
  ['0.00001', '1e-05'],
  ['1.5e300', '1.5e+300'],
  ['123.456', '123.456'],
  ['1e-7', '1e-07'],
  ['2.5', '2.5'],
  ['"plain string"', 'plain string'],
  ['["smoke"]', "['smoke']"],
  ['[]', '[]'],
  ['{}', '{}'],
  ['{"a": 1}', "{'a': 1}"],
  ['[1, "two", null, true, false, 3.5]', "[1, 'two', None, True, False, 3.5]"],
  ['{"nested": {"list": [1, {"deep": "yes"}], "empty": {}}}', "{'nested': {'list': [1, {'deep': 'yes'}], 'empty': {}}}"],
  ['["it\'s"]', '["it\'s"]'],
  ['["say \\"hi\\""]', '[\'say "hi"\']'],
  ['["both \' and \\""]', '[\'both \\\' and "\']'],
  ['["back\\\\slash"]', "['back\\\\slash']"],
  ['["line\\nbreak\\ttab\\rcr"]', "['line\\nbreak\\ttab\\rcr']"],
  ['["caf\\u00e9", "\\u4e2d\\u6587", "\\ud83d\\ude00"]', "['café', '中文', '😀']"],
  ['["\\u0000\\u001b\\u007f\\u0085\\u00a0\\u00ad"]', "['\\x00\\x1b\\x7f\\x85\\xa0\\xad']"],
  ['["\\u200b\\u2028\\u3000\\ue000\\udb40\\udc01"]', "['\\u200b\\u2028\\u3000\\ue000\\U000e0001']"],
  ['["lone \\ud800 surrogate"]', "['lone \\ud800 surrogate']"],
  ['{"k\'ey": "v\\"al"}', '{"k\'ey": \'v"al\'}'],
  ['[[1, [2, [3]]]]', '[[1, [2, [3]]]]'],
];

const PYTHON_JSON_DUMPS: [json: string, dumped: string][] = [
  ['null', 'null'],
  ['true', 'true'],
  ['0', '0'],
  ['-17', '-17'],
  ['0.5', '0.5'],
  ['1e-05', '1e-05'],
  ['1.5e300', '1.5e+300'],
  ['"plain"', '"plain"'],
  ['[]', '[]'],
  ['{}', '{}'],
  ['["a", "b"]', '["a", "b"]'],
  ['{"description": "Import methods available.", "type": "array", "value": ["glance-direct", "web-download", "copy-image"]}', '{"description": "Import methods available.", "type": "array", "value": ["glance-direct", "web-download", "copy-image"]}'],
  ['{"name": "caf\\u00e9 \\u4e2d\\u6587 \\ud83d\\ude00", "nested": {"list": [1, 2.5, null, true, false], "empty": {}, "deep": [[], [{}]]}}', '{"name": "caf\\u00e9 \\u4e2d\\u6587 \\ud83d\\ude00", "nested": {"list": [1, 2.5, null, true, false], "empty": {}, "deep": [[], [{}]]}}'],
  ['["quote \\" backslash \\\\ slash / tab \\t nl \\n cr \\r bs \\b ff \\f"]', '["quote \\" backslash \\\\ slash / tab \\t nl \\n cr \\r bs \\b ff \\f"]'],
  ['["\\u0000\\u001f\\u007f\\u0080\\u00ff\\uffff"]', '["\\u0000\\u001f\\u007f\\u0080\\u00ff\\uffff"]'],
  ['{"z": 1, "a": 2, "m": 3}', '{"z": 1, "a": 2, "m": 3}'],
  ['["lone \\udfff"]', '["lone \\udfff"]'],
];

describe('pyStr', () => {
  it.each(PYTHON_STR)('prints %s as Python str() does', (json, printed) => {
    expect(pyStr(JSON.parse(json))).toBe(printed);
  });

  it('prints values JSON cannot hold as Python floats print', () => {
    expect(pyStr(Number.NaN)).toBe('nan');
    expect(pyStr(Number.POSITIVE_INFINITY)).toBe('inf');
    expect(pyStr([Number.NEGATIVE_INFINITY])).toBe('[-inf]');
  });

  it('prints integers past 2**53 as Python floats, since JSON.parse has made them doubles', () => {
    // Python: repr(float(2**53)) and repr(1e21).
    expect(pyStr(2 ** 53)).toBe('9007199254740992.0');
    expect(pyStr(1e21)).toBe('1e+21');
  });

  it('prints -0 as the int 0 it was in the JSON', () => {
    expect(pyStr(-0)).toBe('0');
  });
});

describe('pyJsonDumps', () => {
  it.each(PYTHON_JSON_DUMPS)('dumps %s as Python json.dumps() does', (json, dumped) => {
    expect(pyJsonDumps(JSON.parse(json))).toBe(dumped);
  });

  it('dumps NaN and infinities as Python does, not as null', () => {
    expect(pyJsonDumps([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])).toBe('[NaN, Infinity, -Infinity]');
  });
});

describe('pyUtcIsoFormat', () => {
  it('formats Unix timestamps as datetime.utcfromtimestamp(t).isoformat() does, microseconds rounded half to even', () => {
    // Printed by Python 3.11 for the same floats.
    const cases: [number, string][] = [
      [1796364364.5073204, '2026-12-04T06:06:04.507320'],
      [0, '1970-01-01T00:00:00'],
      [1796364364, '2026-12-04T06:06:04'],
      [1.0000005, '1970-01-01T00:00:01.000001'],
      [1.0000015, '1970-01-01T00:00:01.000001'],
      [1.9999995, '1970-01-01T00:00:01.999999'],
      [1700000000.1234567, '2023-11-14T22:13:20.123457'],
      [86399.9999996, '1970-01-02T00:00:00'],
      [951782400.25, '2000-02-29T00:00:00.250000'],
    ];
    expect(cases.map(([seconds]) => pyUtcIsoFormat(seconds))).toEqual(cases.map(([, text]) => text));
  });
});
