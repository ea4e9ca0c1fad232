/**
 * Ctrl-C, a cancelled CI job (SIGTERM) and a closed terminal (SIGHUP) in the middle of an upload
 * from a pipe: the image this run created is deleted, and the exit code is 128 + the signal.
 */
import { spawn } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanEnv, ImageJanitor, imagesNamed, OUR_CLI, REPO_ROOT } from './helpers.js';

const janitor = new ImageJanitor('signals');
afterAll(() => janitor.cleanup());

async function until(condition: () => Promise<boolean>, what: string): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    if (await condition()) {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe.each([
  ['SIGINT', 130],
  ['SIGTERM', 143],
  ['SIGHUP', 129],
] as const)('%s during an upload from a pipe', (signal, exitCode) => {
  it(`deletes the unfinished image and exits ${exitCode}`, async () => {
    const name = janitor.name(signal.toLowerCase());
    const child = spawn(process.execPath, [OUR_CLI, 'image-create', '--name', name, '--disk-format', 'raw', '--container-format', 'bare'], {
      cwd: REPO_ROOT,
      env: cleanEnv(),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdin.on('error', () => undefined);
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    // Some data, then nothing: the upload stays open until the signal.
    child.stdin.write(Buffer.alloc(1024 * 1024, 1));
    await until(async () => (await imagesNamed(name)).length > 0, 'the image to be created');
    child.kill(signal);
    const code = await exited;
    expect(code).toBe(exitCode);
    expect(stderr).toContain('terminating glance client');
    expect(stderr).toMatch(/Deleted image [0-9a-f-]{36}/);
    expect(await imagesNamed(name)).toEqual([]);
  });
});
