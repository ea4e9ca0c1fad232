/**
 * JSON documents given on the command line: as an option's value, in a file (--file) or on
 * standard input, with python-glanceclient's messages for each way it can go wrong.
 */
import { readFile } from 'node:fs/promises';
import type { CommandContext } from '../context.js';
import { CliError } from '../errors.js';
import { pyRepr } from '../output/pyformat.js';
import { stdinHasData } from '../output/streams.js';

export const INVALID_SCHEMA = 'Schema is not a valid JSON object.';

/** A JSON object from text; anything else (not JSON, or an array, a string, a number) fails with `invalid`. */
export function parseJsonObject(text: string, invalid = INVALID_SCHEMA): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new CliError(invalid);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new CliError(invalid);
  }
  return value as Record<string, unknown>;
}

/**
 * The JSON object in `file`, or else on standard input when that is a file or a pipe; `missing`
 * when there is neither (a terminal, /dev/null or a closed stdin gives nothing).
 */
export async function readJsonObject(file: string | undefined, context: CommandContext, messages: { missing: string; invalid?: string }): Promise<Record<string, unknown>> {
  const text = file !== undefined ? await readText(file) : stdinHasData(context.io) ? await readStdin(context) : undefined;
  if (text === undefined) {
    throw new CliError(messages.missing);
  }
  return parseJsonObject(text, messages.invalid);
}

async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new CliError(osErrorMessage(error as NodeJS.ErrnoException, file));
  }
}

async function readStdin(context: CommandContext): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of context.io.openStdin()) {
    chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string));
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Python's OSError text for the errors opening a file gives: `[Errno 2] No such file or directory: 'x.json'`. */
const OS_ERRORS: Record<string, [number, string]> = {
  ENOENT: [2, 'No such file or directory'],
  EACCES: [13, 'Permission denied'],
  ENOTDIR: [20, 'Not a directory'],
  EISDIR: [21, 'Is a directory'],
  ELOOP: [40, 'Too many levels of symbolic links'],
  ENAMETOOLONG: [36, 'File name too long'],
};

function osErrorMessage(error: NodeJS.ErrnoException, file: string): string {
  const known = error.code === undefined ? undefined : OS_ERRORS[error.code];
  return known ? `[Errno ${known[0]}] ${known[1]}: ${pyRepr(file)}` : `Cannot read ${file}: ${error.code ?? error.message}`;
}
