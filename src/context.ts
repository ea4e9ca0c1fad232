/**
 * The composition root: what a command may use, built lazily so that commands that never talk to
 * the cloud (help, --version) load and do nothing else.
 */
import { readFileSync } from 'node:fs';
import type { Dispatcher } from 'undici';
import { AuthenticatedHttpClient, connectToImageService } from './auth/session.js';
import { AuthStores, type ClearReport, type CredentialStoreEntry } from './auth/stores.js';
import { namedCloud, resolveSettings, type ConnectionSettings, type Environment, type GlobalFlags } from './config/settings.js';
import { CliError } from './errors.js';
import { ImageApi } from './glance/api.js';
import { GlanceClient } from './glance/client.js';
import { GlanceTransport } from './glance/transport.js';
import type { HttpClient } from './http/client.js';
import { proxyFromEnvironment } from './http/dispatcher.js';
import { HttpError } from './http/errors.js';
import type { ImageService } from './glance/image-service.js';
import { V1ImageService } from './glance/v1/images.js';
import { detectImageApiVersions } from './glance/versions.js';
import type { Readable } from 'node:stream';
import { formatOutput, type CommandOutput } from './output/render.js';
import type { IOStreams } from './output/streams.js';
import { USER_AGENT } from './version.js';
import { loadYaml, type Yaml } from './yaml.js';

export interface CommandContext {
  /** Standard streams; commands write data through `print`, bytes through `io.stdout`. */
  readonly io: IOStreams;
  /** Environment variables (OS_* and friends). */
  readonly env: Environment;
  /** Aborted on Ctrl-C: commands clean up what they started and rethrow. */
  readonly signal: AbortSignal;
  /** The mode a file this process creates gets: 0666 less the umask. */
  readonly newFileMode: number;
  /** Global flags and environment merged; valid once the command line is parsed. */
  settings(): ConnectionSettings;
  /** The global --verbose flag. */
  readonly verbose: boolean;
  /** Authenticates (once) and returns the image API client. */
  glance(): Promise<GlanceClient>;
  /** The image operations both API versions offer, spoken in the version the cloud and the user call for. */
  images(): Promise<ImageService>;
  /** The Image API, its version chosen: what commands use. */
  api(): Promise<ImageApi>;
  /** GETs a URL (for --copy-from through the client): its body as a stream, and its size when announced. */
  openUrl(url: string): Promise<{ body: Readable; size?: number }>;
  /** Prints a table on stdout. */
  print(output: CommandOutput): void;
  /** One line on stderr. */
  warn(message: string): void;
  /** Empties the token cache, keyring and file (token-cache-clear). */
  clearTokenCache(): Promise<ClearReport>;
  /** The OS keyring entry for the current identity's password or secret (credential-store-*). */
  credentialStore(): CredentialStoreEntry;
}

export type { ClearReport, CredentialStoreEntry };

export interface ContextDependencies {
  io: IOStreams;
  env: Environment;
  signal: AbortSignal;
  /** process.platform: where to look for an OS keyring. */
  platform?: string;
  /** The process's umask (022 when not given). */
  umask?: number;
  /** process.version, e.g. v20.19.5, for --version. */
  nodeVersion: string;
  /** For tests: where HTTP requests go instead of the network. */
  dispatcher?: Dispatcher;
}

/** The context plus what only the CLI wiring may call. */
export interface RootContext extends CommandContext {
  /** The Node.js running us (process.version), for --version. */
  readonly nodeVersion: string;
  /** Called once the global options are parsed, before the command runs. */
  configure(flags: GlobalFlags): Promise<void>;
  /** Releases connections; called by the entry point when the command is done. */
  close(): Promise<void>;
}

export function createContext(dependencies: ContextDependencies): RootContext {
  const { io, env, signal } = dependencies;
  let flags: GlobalFlags = {};
  let settings: ConnectionSettings | undefined;
  let yaml: Yaml | undefined;
  let http: HttpClient | undefined;
  let glance: Promise<GlanceClient> | undefined;
  let imageService: Promise<ImageService> | undefined;
  let stores: AuthStores | undefined;
  const authStores = (): AuthStores =>
    (stores ??= new AuthStores({ env, platform: dependencies.platform, settings: context.settings(), debug: debugWriter(context.settings(), io) }));

  const httpClient = (): HttpClient => (http ??= createHttpClient(context.settings(), dependencies, context.warn));

  const context: RootContext = {
    io,
    env,
    signal,
    newFileMode: 0o666 & ~(dependencies.umask ?? 0o022),
    nodeVersion: dependencies.nodeVersion,
    get verbose() {
      return flags.verbose === true;
    },
    async configure(parsed) {
      flags = parsed;
      settings = undefined;
      // Settings resolve synchronously and lazily; clouds.yaml needs the YAML parser, which loads
      // asynchronously, so it is loaded here, and only when a cloud is named.
      if (namedCloud(flags, env) !== undefined) {
        yaml ??= await loadYaml();
      }
    },
    settings() {
      settings ??= resolveSettings(flags, env, { yaml });
      return settings;
    },
    glance() {
      glance ??= (async () => {
        const current = context.settings();
        const client = httpClient();
        for (const notice of current.notices) {
          context.warn(notice);
        }
        const access = await connectToImageService(current, {
          http: client,
          prompt: (text) => io.promptSecret(text),
          signal,
          tokenCache: authStores().tokenCache(),
          credentialStore: authStores().credentialStore(),
          notice: context.warn,
          debug: debugWriter(current, io),
        });
        return new GlanceClient(new GlanceTransport(client, access.endpoint, access.token));
      })();
      return glance;
    },
    images() {
      imageService ??= (async () => {
        const glance = await context.glance();
        // Only a user who asked for v1 pays for the probe: a v2 cloud keeps being spoken to in v2.
        if (!v1Requested(context.settings())) {
          return glance.images;
        }
        const offered = await detectImageApiVersions(glance.transport, signal);
        return offered.has(2) || !offered.has(1) ? glance.images : new V1ImageService(glance.transport);
      })();
      return imageService;
    },
    async api() {
      const [images, client] = await Promise.all([context.images(), context.glance()]);
      return new ImageApi(images.apiVersion, images, client);
    },
    async openUrl(url) {
      try {
        const response = await httpClient().send({ method: 'GET', url, signal });
        const length = response.headers['content-length'];
        return { body: response.body, size: length === undefined ? undefined : Number(length) };
      } catch (error) {
        if (error instanceof HttpError) {
          throw new CliError(`Unable to read ${url}: HTTP ${error.status}`);
        }
        throw error;
      }
    },
    print(output) {
      io.stdout.write(formatOutput(output));
    },
    warn(message) {
      io.stderr.write(`${message}\n`);
    },
    clearTokenCache() {
      return authStores().anyTokenCache().clear();
    },
    credentialStore() {
      return authStores().credentialEntry();
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
  return new AuthenticatedHttpClient({
    userAgent: USER_AGENT,
    timeoutMs: settings.timeoutSeconds * 1000,
    tls: {
      insecure: settings.insecure,
      ca: readPem(settings.cacertPath, '--os-cacert'),
      cert: readPem(settings.certPath, '--os-cert'),
      key: readPem(settings.keyPath, '--os-key'),
    },
    debug: debugWriter(settings, dependencies.io),
    dispatcher: dependencies.dispatcher,
    proxy: proxyFromEnvironment(dependencies.env),
  });
}

function debugWriter(settings: ConnectionSettings, io: IOStreams): ((line: string) => void) | undefined {
  return settings.debug ? (line) => io.stderr.write(`${line}\n`) : undefined;
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

/**
 * The user asked for Image API v1: --os-image-api-version 1 (or OS_IMAGE_API_VERSION=1), or,
 * without an explicit version, an openrc from the v1 era (a Keystone v2.0 auth URL).
 */
export function v1Requested(settings: ConnectionSettings): boolean {
  if (settings.apiVersionExplicit) {
    return settings.apiVersion === 1;
  }
  return /\/v2\.0\/?$/.test(settings.credentials.authUrl ?? '');
}
