/** Python's `str()`, `repr()` and `json.dumps()` of JSON-decoded values, as glanceclient prints them. */

/**
 * Python's `str(value)` of a JSON-decoded value: what prettytable shows in a cell.
 * Strings print as they are; `null`, booleans, numbers, arrays and objects print as Python
 * prints `None`, `True`/`False`, ints and floats, lists and dicts (`['smoke']`, `{'a': 1}`).
 *
 * `JSON.parse` cannot tell `1.0` from `1`: numbers that are safe integers print as Python ints,
 * everything else (fractions, and integers too big to have survived as exact doubles) as Python
 * floats.
 */
export function pyStr(value: unknown): string {
  return typeof value === 'string' ? value : pyRepr(value);
}

/** Python's `repr(value)` of a JSON-decoded value: `'text'`, `None`, `['a', 1]`. */
export function pyRepr(value: unknown): string {
  if (value === null || value === undefined) {
    return 'None';
  }
  if (typeof value === 'boolean') {
    return value ? 'True' : 'False';
  }
  if (typeof value === 'number') {
    return pyNumber(value, { nan: 'nan', infinity: 'inf' });
  }
  if (typeof value === 'bigint') {
    return value.toString();
  }
  if (typeof value === 'string') {
    return pyStringRepr(value);
  }
  if (Array.isArray(value)) {
    return `[${value.map(pyRepr).join(', ')}]`;
  }
  if (typeof value === 'object') {
    const items = Object.entries(value).map(([key, item]) => `${pyStringRepr(key)}: ${pyRepr(item)}`);
    return `{${items.join(', ')}}`;
  }
  return pyStringRepr(String(value));
}

/**
 * Python's `json.dumps(value)` with default settings: `, ` and `: ` separators, keys in their
 * original order, and `ensure_ascii`, so everything outside printable ASCII is a `\uXXXX` escape
 * (astral characters as surrogate pairs). NaN and infinities print as Python does (`NaN`,
 * `Infinity`), not as `null`.
 */
export function pyJsonDumps(value: unknown): string {
  if (value === null || value === undefined) {
    return 'null';
  }
  if (typeof value === 'boolean') {
    return value ? 'true' : 'false';
  }
  if (typeof value === 'number') {
    return pyNumber(value, { nan: 'NaN', infinity: 'Infinity' });
  }
  if (typeof value === 'bigint') {
    return value.toString();
  }
  if (typeof value === 'string') {
    return jsonStringAscii(value);
  }
  if (Array.isArray(value)) {
    return `[${value.map(pyJsonDumps).join(', ')}]`;
  }
  if (typeof value === 'object') {
    const items = Object.entries(value).map(([key, item]) => `${jsonStringAscii(key)}: ${pyJsonDumps(item)}`);
    return `{${items.join(', ')}}`;
  }
  return jsonStringAscii(String(value));
}

/** Python's `repr()` of a `str`: single quotes unless the text has `'` and no `"`. */
function pyStringRepr(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let repr = quote;
  for (const char of text) {
    repr += reprChar(char, quote);
  }
  return repr + quote;
}

// Python's str.isprintable() is false for these categories (the space itself is printable).
const NON_PRINTABLE = /^[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]$/u;

function reprChar(char: string, quote: string): string {
  if (char === quote || char === '\\') {
    return `\\${char}`;
  }
  if (char === '\t') {
    return '\\t';
  }
  if (char === '\n') {
    return '\\n';
  }
  if (char === '\r') {
    return '\\r';
  }
  if (char === ' ' || !NON_PRINTABLE.test(char)) {
    return char;
  }
  const code = char.codePointAt(0) ?? 0;
  if (code <= 0xff) {
    return `\\x${hex(code, 2)}`;
  }
  if (code <= 0xffff) {
    return `\\u${hex(code, 4)}`;
  }
  return `\\U${hex(code, 8)}`;
}

const JSON_SHORT_ESCAPES: Readonly<Record<string, string>> = {
  '"': '\\"',
  '\\': '\\\\',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
};

/** `json.encoder.py_encode_basestring_ascii`: code units outside ` `..`~` become `\uXXXX`. */
function jsonStringAscii(text: string): string {
  const escaped = text.replace(/["\\]|[^\x20-\x7e]/g, (unit) => JSON_SHORT_ESCAPES[unit] ?? `\\u${hex(unit.charCodeAt(0), 4)}`);
  return `"${escaped}"`;
}

/**
 * Python's `repr()` of an int or a float. Safe integers print as ints (JSON.parse has already
 * dropped any `.0`, and `-0` can only have been an int 0). Anything else uses Python's float repr,
 * which uses exponent notation below 1e-4 (`1e-05`) and from 1e16 on (`1e+16`), unlike JavaScript.
 */
function pyNumber(value: number, names: { nan: string; infinity: string }): string {
  if (Number.isNaN(value)) {
    return names.nan;
  }
  if (!Number.isFinite(value)) {
    return value > 0 ? names.infinity : `-${names.infinity}`;
  }
  if (Number.isSafeInteger(value)) {
    return String(value);
  }
  return pyFloatRepr(value);
}

/** Python's shortest round-trip float repr (`float_repr_style == 'short'`) of a finite value. */
function pyFloatRepr(value: number): string {
  // toExponential() without digits gives the shortest round-trip digits, as Python's repr uses.
  const [mantissa = '', exponentText = '0'] = value.toExponential().split('e');
  const exponent = Number(exponentText);
  const negative = mantissa.startsWith('-');
  const digits = mantissa.replace('-', '').replace('.', '');
  const sign = negative ? '-' : '';
  const decimalPoint = exponent + 1;

  if (decimalPoint > -4 && decimalPoint <= 16) {
    if (decimalPoint <= 0) {
      return `${sign}0.${'0'.repeat(-decimalPoint)}${digits}`;
    }
    const whole = digits.slice(0, decimalPoint).padEnd(decimalPoint, '0');
    const fraction = digits.slice(decimalPoint) || '0';
    return `${sign}${whole}.${fraction}`;
  }
  const fraction = digits.length > 1 ? `.${digits.slice(1)}` : '';
  const exponentSign = exponent < 0 ? '-' : '+';
  return `${sign}${digits[0]}${fraction}e${exponentSign}${String(Math.abs(exponent)).padStart(2, '0')}`;
}

function hex(code: number, width: number): string {
  return code.toString(16).padStart(width, '0');
}

/**
 * `datetime.utcfromtimestamp(seconds).isoformat()`: `2026-12-04T06:06:04.507320`, the fraction
 * only when there is one. The fraction is rounded to microseconds half to even, as CPython does
 * (`_PyTime_ObjectToTimeval`), so the digits match the reference's for any float Glance sends.
 */
export function pyUtcIsoFormat(seconds: number): string {
  let whole = Math.trunc(seconds);
  let micros = roundHalfEven((seconds - whole) * 1e6);
  if (micros >= 1e6) {
    micros -= 1e6;
    whole += 1;
  } else if (micros < 0) {
    micros += 1e6;
    whole -= 1;
  }
  const date = new Date(whole * 1000).toISOString().slice(0, 19);
  return micros === 0 ? date : `${date}.${String(micros).padStart(6, '0')}`;
}

/** C's round() (half away from zero), then to even on an exact half: CPython's _PyTime_RoundHalfEven. */
function roundHalfEven(value: number): number {
  const awayFromZero = (x: number): number => Math.sign(x) * Math.round(Math.abs(x));
  const rounded = awayFromZero(value);
  return Math.abs(value - rounded) === 0.5 ? 2 * awayFromZero(value / 2) : rounded;
}
