/**
 * The composition root: what a command may use, built lazily so that commands that never talk to
 * the cloud (help, --version) load and do nothing else.
 */
import { readFileSync } from 'node:fs';
import type { Dispatcher } from 'undici';
import { connectToImageService } from './auth/session.js';
import { resolveSettings, type ConnectionSettings, type Environment, type GlobalFlags } from './config/settings.js';
import { CliError } from './errors.js';
import { GlanceClient } from './glance/client.js';
import { GlanceTransport } from './glance/transport.js';
import { HttpClient } from './http/client.js';
import { formatOutput, type CommandOutput } from './output/render.js';
import type { IOStreams } from './output/streams.js';
import { USER_AGENT } from './version.js';

export interface CommandContext {
  /** Standard streams; commands write data through `print`, bytes through `io.stdout`. */
  readonly io: IOStreams;
  /** Environment variables (OS_* and friends). */
  readonly env: Environment;
  /** Aborted on Ctrl-C: commands clean up what they started and rethrow. */
  readonly signal: AbortSignal;
  /** Global flags and environment merged; valid once the command line is parsed. */
  settings(): ConnectionSettings;
  /** The global --verbose flag. */
  readonly verbose: boolean;
  /** Authenticates (once) and returns the image API client. */
  glance(): Promise<GlanceClient>;
  /** Prints a table on stdout. */
  print(output: CommandOutput): void;
  /** One line on stderr. */
  warn(message: string): void;
}

export interface ContextDependencies {
  io: IOStreams;
  env: Environment;
  signal: AbortSignal;
  /** For tests: where HTTP requests go instead of the network. */
  dispatcher?: Dispatcher;
}

/** The context plus what only the CLI wiring may call. */
export interface RootContext extends CommandContext {
  /** Called once the global options are parsed. */
  configure(flags: GlobalFlags): void;
  /** Releases connections; called by the entry point when the command is done. */
  close(): Promise<void>;
}

export function createContext(dependencies: ContextDependencies): RootContext {
  const { io, env, signal } = dependencies;
  let flags: GlobalFlags = {};
  let settings: ConnectionSettings | undefined;
  let http: HttpClient | undefined;
  let glance: Promise<GlanceClient> | undefined;

  const context: RootContext = {
    io,
    env,
    signal,
    get verbose() {
      return flags.verbose === true;
    },
    configure(parsed) {
      flags = parsed;
      settings = undefined;
    },
    settings() {
      settings ??= resolveSettings(flags, env);
      return settings;
    },
    glance() {
      glance ??= (async () => {
        const current = context.settings();
        if (current.apiVersion === 1) {
          throw new CliError('Image API v1 is not supported yet: use --os-image-api-version 2 (the default)');
        }
        http = createHttpClient(current, dependencies, context.warn);
        const access = await connectToImageService(current, http, () => io.promptSecret('OS Password: '), signal);
        return new GlanceClient(new GlanceTransport(http, access.endpoint, access.token));
      })();
      return glance;
    },
    print(output) {
      io.stdout.write(formatOutput(output));
    },
    warn(message) {
      io.stderr.write(`${message}\n`);
    },
    async close() {
      await http?.close();
    },
  };
  return context;
}

function createHttpClient(settings: ConnectionSettings, dependencies: ContextDependencies, warn: (line: string) => void): HttpClient {
  if (settings.insecure) {
    warn('WARNING: --insecure: TLS certificates are not verified; anyone on the path can read and change this traffic.');
  }
  return new HttpClient({
    userAgent: USER_AGENT,
    timeoutMs: settings.timeoutSeconds * 1000,
    tls: {
      insecure: settings.insecure,
      ca: readPem(settings.cacertPath, '--os-cacert'),
      cert: readPem(settings.certPath, '--os-cert'),
      key: readPem(settings.keyPath, '--os-key'),
    },
    debug: settings.debug ? (line) => dependencies.io.stderr.write(`${line}\n`) : undefined,
    dispatcher: dependencies.dispatcher,
  });
}

function readPem(path: string | undefined, option: string): string | undefined {
  if (!path) {
    return undefined;
  }
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new CliError(`Cannot read ${option} file ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}
