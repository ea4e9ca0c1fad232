/**
 * The composition root: what a command may use, built lazily so that commands that never talk to
 * the cloud (help, --version) load and do nothing else.
 */
import { readFileSync } from 'node:fs';
import type { Dispatcher } from 'undici';
import { secretFields } from './auth/plugins/index.js';
import { connectToImageService } from './auth/session.js';
import { AuthStores, type ClearReport, type CredentialStoreEntry } from './auth/stores.js';
import { secretSettingNames } from './config/options.js';
import { namedCloud, resolveSettings, targetSettings, type ConnectionSettings, type ConnectionTarget, type Environment, type GlobalFlags } from './config/settings.js';
import { CliError } from './errors.js';
import { openImageApi, type ImageApi } from './glance/api.js';
import { GlanceClient } from './glance/client.js';
import { GlanceTransport } from './glance/transport.js';
import { HttpClient } from './http/client.js';
import { proxyFromEnvironment } from './http/dispatcher.js';
import { HttpError } from './http/errors.js';
import { redactUrl, redactUrlsIn } from './http/redact.js';
import type { RetryTiming } from './http/retry.js';
import type { ImageService } from './glance/image-service.js';
import type { Readable } from 'node:stream';
import type { ImageChoice } from './cli/image-completions.js';
import type { IOStreams } from './output/streams.js';
import { escapeControls } from './terminal.js';
import { USER_AGENT } from './version.js';
import { loadYaml, type Yaml } from './yaml.js';

export interface CommandContext {
  /** Standard streams: stdin for image data, stderr for prompts; stdout belongs to the output module. */
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
  /** The Image API, its version chosen (authenticates once): what commands use. */
  api(): Promise<ImageApi>;
  /**
   * The Image API of another cloud (a clouds.yaml entry) or region, beside the command's own:
   * image-copy's destination. It has its own settings (config/settings.ts: targetSettings),
   * login and connections.
   */
  apiFor(target: ConnectionTarget): Promise<ImageApi>;
  /** @deprecated Being retired: use `api()`, and `api().v2(command)` for v2-only resources. */
  glance(): Promise<GlanceClient>;
  /** @deprecated Being retired: use `api().images`. */
  images(): Promise<ImageService>;
  /** GETs a URL (for --copy-from through the client): its body as a stream, and its size when announced. */
  openUrl(url: string): Promise<{ body: Readable; size?: number }>;
  /** One line on stderr. */
  warn(message: string): void;
  /** Empties the token cache, keyring and file (token-cache-clear). */
  clearTokenCache(): Promise<ClearReport>;
  /** The OS keyring entry for the current identity's password or secret (credential-store-*). */
  credentialStore(): CredentialStoreEntry;
  /** Keeps the images image-list showed for shell completion of image ids; never fails. */
  rememberImages(images: readonly { id?: unknown; name?: unknown }[]): Promise<void>;
  /** The images the last image-list kept for completion; none when there is no list to trust. */
  rememberedImages(): Promise<ImageChoice[]>;
}

export type { ClearReport, ConnectionTarget, CredentialStoreEntry };

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
  /** process.geteuid(): the token cache trusts only files of this user. Undefined where there are no uids (Windows). */
  effectiveUid: number | undefined;
  /** For tests: where HTTP requests go instead of the network. */
  dispatcher?: Dispatcher;
  /** For tests: the waits between retries and their jitter. */
  retryTiming?: RetryTiming;
  /** Run once before undici is loaded: V8 flags for its WebAssembly parser (set by main.ts). */
  beforeUndici?: () => Promise<void>;
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
  let api: Promise<ImageApi> | undefined;
  let stores: AuthStores | undefined;
  /** The clients of other connections (apiFor), closed with the context. */
  const otherClients: HttpClient[] = [];
  const storesFor = (current: ConnectionSettings): AuthStores =>
    new AuthStores({ env, platform: dependencies.platform, owner: dependencies.effectiveUid, settings: current, debug: debugWriter(current, io) });
  const authStores = (): AuthStores => (stores ??= storesFor(context.settings()));

  const httpClient = (): HttpClient => (http ??= createHttpClient(context.settings(), dependencies, context.warn));

  /** Logs in as `current` says and finds its image endpoint. */
  const connect = async (current: ConnectionSettings, client: HttpClient, auth: AuthStores): Promise<GlanceClient> => {
    for (const notice of current.notices) {
      context.warn(notice);
    }
    // Keystone gets the plain client too: only the transport adds the token, and only for Glance.
    const access = await connectToImageService(current, {
      http: client,
      prompt: (text) => io.promptSecret(text),
      signal,
      tokenCache: auth.tokenCache(),
      credentialStore: auth.credentialStore(),
      notice: context.warn,
      debug: debugWriter(current, io),
    });
    return new GlanceClient(new GlanceTransport(client, access.endpoint, access.session, debugWriter(current, io)));
  };

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
      glance ??= connect(context.settings(), httpClient(), authStores());
      return glance;
    },
    api() {
      api ??= context.glance().then((client) => openImageApi(client, context.settings().imageApiRequested, signal));
      return api;
    },
    async apiFor(target) {
      if (target.cloud !== undefined) {
        yaml ??= await loadYaml();
      }
      const other = targetSettings(flags, env, target, { yaml });
      const client = createHttpClient(other, dependencies, context.warn);
      otherClients.push(client);
      return openImageApi(await connect(other, client, storesFor(other)), other.imageApiRequested, signal);
    },
    async images() {
      return (await context.api()).images;
    },
    async openUrl(url) {
      try {
        const response = await httpClient().send({ method: 'GET', url, signal });
        const length = response.headers['content-length'];
        return { body: response.body, size: length === undefined ? undefined : Number(length) };
      } catch (error) {
        if (error instanceof HttpError) {
          throw new CliError(`Unable to read ${redactUrl(url)}: HTTP ${error.status}`);
        }
        throw error;
      }
    },
    warn(message) {
      // A warning may quote a URL the user gave or a server's message about it.
      io.stderr.write(`${escapeControls(redactUrlsIn(message))}\n`);
    },
    clearTokenCache() {
      return authStores().anyTokenCache().clear();
    },
    credentialStore() {
      return authStores().credentialEntry();
    },
    async rememberImages(images) {
      // Completion is a convenience: whatever goes wrong here, the command has done its work.
      const list = await import('./cli/image-completions.js');
      await list.saveImageChoices(context.settings(), images, { owner: dependencies.effectiveUid }).catch(() => undefined);
    },
    async rememberedImages() {
      const list = await import('./cli/image-completions.js');
      return list.loadImageChoices(context.settings(), { owner: dependencies.effectiveUid });
    },
    async close() {
      await Promise.all([http?.close(), ...otherClients.map((client) => client.close())]);
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
      ca: readPem(settings.cacertPath, '--os-cacert', 'certificate'),
      cert: readPem(settings.certPath, '--os-cert', 'certificate'),
      key: readPem(settings.keyPath, '--os-key', 'private key'),
    },
    debug: debugWriter(settings, dependencies.io),
    dispatcher: dependencies.dispatcher,
    proxy: proxyFromEnvironment(dependencies.env),
    secretFields: [...secretSettingNames(), ...secretFields()],
    retries: settings.retries,
    notice: warn,
    timing: dependencies.retryTiming,
    beforeUndici: dependencies.beforeUndici,
  });
}

function debugWriter(settings: ConnectionSettings, io: IOStreams): ((line: string) => void) | undefined {
  return settings.debug ? (line) => io.stderr.write(`${redactUrlsIn(line)}\n`) : undefined;
}

/**
 * A PEM file's text. One without a block of the kind expected is refused here, before any
 * request: Node would take it for an empty bundle, and every certificate would then look untrusted.
 */
function readPem(path: string | undefined, option: string, kind: 'certificate' | 'private key'): string | undefined {
  if (!path) {
    return undefined;
  }
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new CliError(`Cannot read ${option} file ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  const block = kind === 'certificate' ? /-----BEGIN (?:TRUSTED )?CERTIFICATE-----/ : /-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----/;
  if (!block.test(text)) {
    throw new CliError(`${option} ${path} holds no PEM ${kind}`);
  }
  return text;
}
