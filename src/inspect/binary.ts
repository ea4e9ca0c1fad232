/** Decoding the fields of on-disk headers. */

/** A NUL-terminated or NUL-padded string field, as Latin-1 so that every byte survives. */
export function cString(bytes: Buffer): string {
  const end = bytes.indexOf(0);
  return bytes.subarray(0, end === -1 ? bytes.length : end).toString('latin1');
}

/** A UTF-16 string field up to its first NUL character. */
export function utf16(bytes: Buffer, endian: 'le' | 'be'): string {
  const even = bytes.subarray(0, bytes.length - (bytes.length % 2));
  const text = (endian === 'le' ? even : Buffer.from(even).swap16()).toString('utf16le');
  const end = text.indexOf('\0');
  return end === -1 ? text : text.slice(0, end);
}

/** A Microsoft GUID as text: its first three fields are little-endian. */
export function guid(bytes: Buffer): string {
  const hex = (start: number, end: number, reverse: boolean): string => {
    const part = Buffer.from(bytes.subarray(start, end));
    return (reverse ? part.reverse() : part).toString('hex');
  };
  return [hex(0, 4, true), hex(4, 6, true), hex(6, 8, true), hex(8, 10, false), hex(10, 16, false)].join('-').toUpperCase();
}

/** True when `bytes` starts with `signature`. */
export function startsWith(bytes: Buffer, signature: string | Buffer): boolean {
  const expected = typeof signature === 'string' ? Buffer.from(signature, 'latin1') : signature;
  return bytes.length >= expected.length && bytes.subarray(0, expected.length).equals(expected);
}
