/**
 * image-download --file against the real cloud, onto targets that must not be replaced:
 * /dev/null, /dev/full, /dev/stdout and a bash process substitution, a writable file in a
 * read-only directory, a full file system. Each runs in a private mount namespace with its own
 * /dev and mounts, so that a regression cannot damage the machine's.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv, createImage, ImageJanitor, OUR_CLI, shellQuote } from './helpers.js';

const janitor = new ImageJanitor('dltarget');
const DATA = Buffer.alloc(3 * 1024 * 1024 + 11, 0x5a);
const SHA512 = createHash('sha512').update(DATA).digest('hex');
const isRoot = process.getuid?.() === 0;
let imageId: string;
let scratch: string;

beforeAll(async () => {
  imageId = janitor.trackImage(await createImage({ name: janitor.name(), disk_format: 'raw', container_format: 'bare' }, { data: DATA })).id;
  scratch = mkdtempSync(join(tmpdir(), 'glance-dltarget-'));
});
afterAll(async () => {
  await janitor.cleanup();
  rmSync(scratch, { recursive: true, force: true });
});

/**
 * Runs a bash script in which `glance` is our CLI, `$ID` the test image and the admin credentials
 * are set; optionally in a private mount namespace, where mounts vanish with the script.
 */
function script(text: string, options: { namespace?: boolean } = {}): { stdout: string; stderr: string } {
  const glance = `${shellQuote(process.execPath)} ${shellQuote(OUR_CLI)}`;
  const argv = ['bash', '-c', `glance() { ${glance} "$@"; }\nID=${imageId}\n${text}`];
  const run = options.namespace ? spawnSync('unshare', ['-m', '--propagation', 'private', ...argv], { env: cleanEnv() }) : spawnSync(argv[0]!, argv.slice(1), { env: cleanEnv() });
  return { stdout: run.stdout.toString(), stderr: run.stderr.toString() };
}

describe.runIf(isRoot)('in a private mount namespace', () => {
  it('writes through the system /dev/null and /dev/full instead of replacing them', () => {
    const run = script(
      `mount -t tmpfs tmpfs /dev
       mknod -m 666 /dev/null c 1 3; mknod -m 666 /dev/full c 1 7
       mknod -m 666 /dev/zero c 1 5; mknod -m 666 /dev/urandom c 1 9
       ln -s /proc/self/fd /dev/fd; ln -s /proc/self/fd/1 /dev/stdout
       glance image-download "$ID" --file /dev/null; echo "null exit $?"
       stat -c '%F %a' /dev/null
       glance image-download "$ID" --file /dev/full; echo "full exit $?"
       stat -c '%F %a' /dev/full
       glance image-download "$ID" --file /dev/stdout | sha512sum; echo "stdout exit \${PIPESTATUS[0]}"
       glance image-download "$ID" --file >(sha512sum > /dev/shm-digest); echo "substitution exit $?"; sleep 0.3
       cat /dev/shm-digest; rm /dev/shm-digest
       find /dev -mindepth 1 -maxdepth 1 -printf '%y %f\\n' | sort | tr '\\n' ' '`,
      { namespace: true },
    );
    expect(run.stdout).toBe(
      'null exit 0\ncharacter special file 666\nfull exit 1\ncharacter special file 666\n' +
        `${SHA512}  -\nstdout exit 0\nsubstitution exit 0\n${SHA512}  -\n` +
        'c full c null c urandom c zero l fd l stdout ',
    );
    expect(run.stderr).toBe('Cannot write the image to /dev/full: no space left on the device\n');
  });

  it('writes a writable file in place when its directory is read-only', () => {
    const outside = join(scratch, 'outside.img');
    writeFileSync(outside, 'old data', { mode: 0o600 });
    const inode = statSync(outside).ino;
    const run = script(
      `mkdir -p ${shellQuote(join(scratch, 'ro'))}
       mount -t tmpfs -o size=1m tmpfs ${shellQuote(join(scratch, 'ro'))}
       touch ${shellQuote(join(scratch, 'ro', 'image.img'))}
       mount -o remount,ro ${shellQuote(join(scratch, 'ro'))}
       mount --bind ${shellQuote(outside)} ${shellQuote(join(scratch, 'ro', 'image.img'))}
       glance image-download "$ID" --file ${shellQuote(join(scratch, 'ro', 'image.img'))}; echo "exit $?"`,
      { namespace: true },
    );
    expect([run.stdout, run.stderr]).toEqual(['exit 0\n', '']);
    expect(createHash('sha512').update(readFileSync(outside)).digest('hex')).toBe(SHA512);
    expect(statSync(outside).ino).toBe(inode);
    expect(statSync(outside).mode & 0o777).toBe(0o600);
  });

  it('reports a full file system in one line and leaves nothing behind', () => {
    const full = join(scratch, 'small');
    const run = script(
      `mkdir -p ${shellQuote(full)}
       mount -t tmpfs -o size=1m tmpfs ${shellQuote(full)}
       glance image-download "$ID" --file ${shellQuote(join(full, 'image.img'))}; echo "exit $?"
       ls -A ${shellQuote(full)} | wc -l`,
      { namespace: true },
    );
    expect(run.stdout).toBe('exit 1\n0\n');
    expect(run.stderr).toBe(`Cannot write the image to ${join(full, 'image.img')}: no space left on the device\n`);
  });
});
