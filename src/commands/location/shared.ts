/** What the location commands share: JSON options and python-glanceclient's print_dict of an image. */
import { CliError } from '../../errors.js';
import type { Image } from '../../glance/types.js';
import type { RecordResult } from '../../output/model.js';

/**
 * A JSON object from an option, or the reference's message. python-glanceclient accepts any JSON
 * here (`5`, `[]`) and lets Glance or its own code fail on it later; only an object is taken.
 */
export function jsonObject(text: string, message: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new CliError(message);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new CliError(message);
  }
  return value as Record<string, unknown>;
}

/** print_dict of the image as Glance returns it, minus its `self` link: `file`, `schema` and a `None` virtual_size included. */
export function imageDictRecord(image: Image, preface?: string): RecordResult {
  const { self: _self, ...data } = image;
  return { kind: 'record', data, ...(preface === undefined ? {} : { preface }) };
}
