/**
 * Text from a cloud on its way to a terminal. Image names, properties and error messages are
 * written by whoever can share an image; an escape sequence among them could rewrite another
 * user's screen, a CR hide what came before it, a right-to-left override reorder a line. Such
 * characters are shown escaped instead: C0 and C1 controls and DEL as `\xHH`, bidirectional
 * controls as `\uHHHH`. Newlines and tabs stay: tables wrap on them, as python-glanceclient's
 * do, and neither can hide or rewrite text. Text without these characters is returned unchanged,
 * so output stays byte-identical to the reference's.
 */
const UNSAFE = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

export function escapeControls(text: string): string {
  return text.replace(UNSAFE, (character) => {
    const code = character.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}
