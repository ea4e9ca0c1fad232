/**
 * credential-store-set (also `glance credential-store set`): saves the current identity's password
 * (or application-credential secret) in the OS keyring, so OS_PASSWORD can go from openrc files.
 * Asked for on the terminal without echo, or read from stdin when it is a pipe or a file.
 */
import type { CommandContext } from '../../context.js';
import { CliError } from '../../errors.js';
import { defineCommand } from '../definition.js';

/** More than any password; stops `glance credential-store set < image.qcow2` early. */
const SECRET_LIMIT = 64 * 1024;

export const command = defineCommand({
  name: 'credential-store-set',
  summary: 'Save the password (or application credential secret) of the current identity in the OS keyring.',
  description: 'Asked for on the terminal, or read from stdin when it is a pipe or a file. It is used when OS_PASSWORD is unset. Never written to a file.',
  examples: ['glance credential-store set', 'printf %s "$OS_PASSWORD" | glance credential-store set -f value -c identity'],
  output: 'record',
  async run(_input, context) {
    const entry = context.credentialStore();
    entry.checkKeyring();
    const secret = await readSecret(context, `${entry.kind === 'password' ? 'Password' : 'Application credential secret'} for ${entry.description}: `);
    await entry.save(secret);
    return {
      kind: 'record',
      data: { saved: true, kind: entry.kind, identity: entry.description },
      text: `Saved the ${entry.kind} of ${entry.description} in the OS keyring.\n`,
    };
  },
});

async function readSecret(context: CommandContext, prompt: string): Promise<string> {
  const { io } = context;
  let secret: string | undefined;
  if (io.stdinKind === 'file' || io.stdinKind === 'pipe') {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of io.openStdin()) {
      const buffer = Buffer.from(chunk as Uint8Array);
      size += buffer.length;
      if (size > SECRET_LIMIT) {
        throw new CliError('Nothing was stored: stdin holds more than a password (64 KiB)');
      }
      chunks.push(buffer);
    }
    // `echo secret |` adds a newline that is not part of the secret.
    secret = Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
  } else if (io.stdinKind === 'terminal') {
    secret = await io.promptSecret(prompt);
  } else {
    throw new CliError('Nothing was stored: there is no terminal to ask on; pipe the secret in on stdin instead');
  }
  if (!secret) {
    throw new CliError('Nothing was stored: the secret is empty');
  }
  return secret;
}
