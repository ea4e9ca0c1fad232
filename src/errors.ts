/**
 * Errors that reach the user, and the exit codes they map to.
 *
 * Contract (scripts depend on it, as they did on python-glanceclient):
 *   0   success
 *   1   any error: bad input to a command, HTTP errors, network failures, verification failures
 *   2   usage errors caught while parsing the command line (unknown option, missing argument)
 *   130 interrupted by Ctrl-C (SIGINT); 143 and 129 for SIGTERM and SIGHUP (128 + the signal)
 */
import { redactUrlsIn } from './http/redact.js';
import { escapeControls } from './terminal.js';

export const ExitCode = {
  ok: 0,
  error: 1,
  usage: 2,
  interrupted: 130,
} as const;

/** An error whose message is meant for the user as it is: one line, no stack trace. */
export class CliError extends Error {
  readonly exitCode: number = ExitCode.error;
}

/** A command line the parser rejects. */
export class UsageError extends CliError {
  override readonly exitCode: number = ExitCode.usage;
  /** The message is the whole report: no usage line before it (`'x' is not a glance command`). */
  readonly bare: boolean;
  constructor(
    message: string,
    /** The usage line of the command that was being parsed. */
    readonly usage?: string,
    options: { bare?: boolean } = {},
  ) {
    super(message);
    this.bare = options.bare === true;
  }
}

/** A value the user typed is not acceptable; the message completes "argument X: ". */
export class InvalidValueError extends Error {}

/** Signals that stop a command after its clean-up, with their numbers: the exit code is 128 + the number. */
export const STOP_SIGNALS = { SIGINT: 2, SIGHUP: 1, SIGTERM: 15 } as const;
export type StopSignal = keyof typeof STOP_SIGNALS;

/** The user pressed Ctrl-C (or the job was cancelled: SIGTERM, SIGHUP). */
export class InterruptedError extends CliError {
  override readonly exitCode: number;
  constructor(signal: StopSignal = 'SIGINT') {
    super(signal === 'SIGINT' ? '... terminating glance client' : `... terminating glance client (${signal})`);
    this.exitCode = 128 + STOP_SIGNALS[signal];
  }
}

/** What the user sees for a failure, and the exit code. */
export interface FailureReport {
  /** Text for stderr, newline included; empty when the command already said everything. */
  text: string;
  exitCode: number;
}

/** "glance member-list" from "glance member-list --image-id <IMAGE_ID>": argparse names the command that failed. */
function commandOf(usage: string | undefined): string {
  const words = (usage ?? 'glance').split(/\s+/);
  return words[1] && !words[1].startsWith('-') && !words[1].startsWith('[') ? `${words[0]} ${words[1]}` : (words[0] ?? 'glance');
}

/**
 * What the user reads of an error: server text included, so controls are escaped (src/terminal.ts)
 * and every URL in it is masked (a server may quote the one it refused, password and all).
 */
export function failureReport(error: unknown, debug: boolean): FailureReport {
  const report = rawFailureReport(error, debug);
  return { ...report, text: escapeControls(redactUrlsIn(report.text)) };
}

function rawFailureReport(error: unknown, debug: boolean): FailureReport {
  const trace = debug && error instanceof Error && error.stack ? `${error.stack}\n` : '';
  if (error instanceof UsageError && error.bare) {
    return { text: `${trace}${error.message}\n`, exitCode: error.exitCode };
  }
  if (error instanceof UsageError) {
    return {
      text: `${trace}usage: ${error.usage ?? 'glance [options] <subcommand> ...'}\n${commandOf(error.usage)}: error: ${error.message}\n`,
      exitCode: error.exitCode,
    };
  }
  if (error instanceof CliError) {
    return { text: trace + (error.message ? `${error.message}\n` : ''), exitCode: error.exitCode };
  }
  const message = (error instanceof Error ? error.message : String(error)) || 'Unexpected error';
  return { text: `${trace}${message}${debug ? '' : ' (run with --debug for details)'}\n`, exitCode: ExitCode.error };
}
