/**
 * The password prompt on a real pseudo-terminal (script(1)): it shows on the controlling terminal
 * even when stderr goes elsewhere, nothing typed is echoed, and the typed password logs in.
 */
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { cleanEnv, cloud, OUR_CLI, REPO_ROOT, shellQuote } from './helpers.js';

interface TerminalSession {
  /** Everything the terminal showed, carriage returns removed. */
  screen: string;
  code: number | null;
}

/**
 * Runs a shell command on a new terminal, types `answer` and Enter once `prompt` shows on it, and
 * returns what the terminal showed. No OS_PASSWORD: the admin's other variables only.
 */
function typeAtPrompt(command: string, prompt: string, answer: string): Promise<TerminalSession> {
  return new Promise((resolve, reject) => {
    const env = cleanEnv({ env: { OS_PASSWORD: undefined } });
    const child = spawn('script', ['-qec', command, '/dev/null'], { cwd: REPO_ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let screen = '';
    let typed = false;
    const onOutput = (chunk: Buffer): void => {
      screen += chunk.toString('utf8');
      if (!typed && screen.includes(prompt)) {
        typed = true;
        child.stdin.write(`${answer}\r`);
      }
    };
    child.stdout.on('data', onOutput);
    child.stderr.on('data', onOutput);
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ screen: screen.replace(/\r/g, ''), code });
    });
  });
}

const glance = (args: string): string => `${shellQuote(process.execPath)} ${shellQuote(OUR_CLI)} ${args}`;

describe('the password prompt', () => {
  it('shows on the terminal with 2>/dev/null, echoes nothing, and the typed password works', async () => {
    const password = cloud().credentials.admin.OS_PASSWORD!;
    const session = await typeAtPrompt(`${glance('image-list')} 2>/dev/null; echo "exit $?"`, 'OS Password:', password);
    expect(session.screen).toMatch(/^OS Password: \n\+-+\+-+\+\n\| ID +\| Name +\|\n/);
    expect(session.screen).toMatch(/\nexit 0\n$/);
    expect(session.screen).not.toContain(password);
  });

  it('a wrong password typed gets Keystone\'s refusal, exit 1', async () => {
    const session = await typeAtPrompt(`${glance('image-list')}; echo "exit $?"`, 'OS Password:', 'not-the-password');
    expect(session.screen).toMatch(/^OS Password: \n.*\(HTTP 401\).*\nexit 1\n$/s);
    expect(session.screen).not.toContain('not-the-password');
  });

  it('without a controlling terminal (setsid), asks on stderr and reads the terminal on stdin', async () => {
    const password = cloud().credentials.admin.OS_PASSWORD!;
    const session = await typeAtPrompt(`setsid -w ${glance('image-list')} 2>&1; echo "exit $?"`, 'OS Password:', password);
    expect(session.screen).toMatch(/^OS Password: \n\+-+\+-+\+\n\| ID +\| Name +\|\n/);
    expect(session.screen).toMatch(/\nexit 0\n$/);
    expect(session.screen).not.toContain(password);
  });
});
