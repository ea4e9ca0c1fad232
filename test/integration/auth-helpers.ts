/**
 * Helpers for the credential, TLS and keyring tests: loopback servers that count or tunnel what
 * the client sends (a reverse proxy in front of Keystone, a forward proxy, TLS fronts), a CA made
 * with openssl, Keystone calls for tokens and application credentials, and a private D-Bus
 * session with an unlocked gnome-keyring. Everything listens on 127.0.0.1 only, and every
 * process started here is stopped by its own pid.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { connect as netConnect, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cloud, type CredentialName } from './helpers.js';
import { passwordAuthBody } from './cloud-setup.js';

const temporaryDirectories = new Set<string>();

/** A fresh directory under the system's temporary directory, removed by removeTemporaryDirectories(). */
export function temporaryDirectory(tag: string): string {
  const directory = mkdtempSync(join(tmpdir(), `glance-${tag}-`));
  temporaryDirectories.add(directory);
  return directory;
}

/** For afterAll: removes every directory temporaryDirectory() made in this test file. */
export function removeTemporaryDirectories(): void {
  for (const directory of temporaryDirectories) {
    rmSync(directory, { recursive: true, force: true });
  }
  temporaryDirectories.clear();
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

async function closeServer(server: Server): Promise<void> {
  server.closeAllConnections?.();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

/** Forwards a request to http://127.0.0.1:port as it came, and pipes the answer back. */
function forward(request: IncomingMessage, response: ServerResponse, target: URL, path: string): void {
  const upstream = httpRequest(
    { host: target.hostname, port: target.port, method: request.method, path, headers: { ...request.headers, host: target.host } },
    (answer) => {
      response.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(response);
    },
  );
  upstream.on('error', () => response.destroy());
  request.pipe(upstream);
}

export interface CountingFront {
  /** Base URL of the front (http or https), without a path. */
  url: string;
  /** "METHOD path" of every request that came through. */
  requests: string[];
  close(): Promise<void>;
}

/** A JSON answer a front gives itself instead of forwarding, by "METHOD path". */
export type FrontAnswers = Record<string, { status: number; body: unknown }>;

/** A reverse proxy on 127.0.0.1 in front of an http:// service, recording each request. */
export async function countingFront(
  target: string,
  tls?: { key: string; cert: string; ca?: string; requestCert?: boolean },
  answers: FrontAnswers = {},
): Promise<CountingFront> {
  const targetUrl = new URL(target);
  const requests: string[] = [];
  const handler = (request: IncomingMessage, response: ServerResponse): void => {
    const line = `${request.method} ${request.url}`;
    requests.push(line);
    const answer = answers[line];
    if (answer) {
      request.resume();
      response.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
      return;
    }
    forward(request, response, targetUrl, request.url ?? '/');
  };
  const server = tls
    ? createHttpsServer({ key: tls.key, cert: tls.cert, ca: tls.ca, requestCert: tls.requestCert === true, rejectUnauthorized: tls.requestCert === true }, handler)
    : createHttpServer(handler);
  const port = await listen(server);
  return { url: `${tls ? 'https' : 'http'}://127.0.0.1:${port}`, requests, close: () => closeServer(server) };
}

/** Keystone's origin (the suite's cloud gives .../v3). */
export function keystoneOrigin(): string {
  return new URL(cloud().keystoneUrl).origin;
}

export interface ForwardProxy {
  url: string;
  /** "GET http://…" for forwarded requests, "CONNECT host:port" for tunnels. */
  requests: string[];
  close(): Promise<void>;
}

/** An HTTP proxy as curl talks to: absolute-form requests, and CONNECT tunnels, to 127.0.0.1 only. */
export async function forwardProxy(): Promise<ForwardProxy> {
  const requests: string[] = [];
  const sockets = new Set<Socket>();
  const server = createHttpServer((request, response) => {
    requests.push(`${request.method} ${request.url}`);
    const target = new URL(request.url ?? '');
    if (target.hostname !== '127.0.0.1') {
      response.writeHead(403).end();
      return;
    }
    forward(request, response, target, `${target.pathname}${target.search}`);
  });
  server.on('connect', (request: IncomingMessage, client: Socket, head: Buffer) => {
    requests.push(`CONNECT ${request.url}`);
    const [host, port] = (request.url ?? '').split(':');
    if (host !== '127.0.0.1') {
      client.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    const upstream = netConnect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => undefined);
    }
  });
  const port = await listen(server);
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: async () => {
      for (const socket of sockets) {
        socket.destroy();
      }
      await closeServer(server);
    },
  };
}

export interface Certificates {
  directory: string;
  caCert: string;
  serverCert: string;
  serverKey: string;
  clientCert: string;
  clientKey: string;
  /** Paths of the PEM files. */
  paths: { ca: string; serverCert: string; serverKey: string; clientCert: string; clientKey: string };
}

/** A throw-away CA, a server certificate for 127.0.0.1 and a client certificate, made with openssl. */
export function makeCertificates(): Certificates {
  const directory = temporaryDirectory('tls');
  const run = (...args: string[]): void => {
    const result = spawnSync('openssl', args, { cwd: directory, encoding: 'utf8' });
    if (result.status !== 0) {
      throw new Error(`openssl ${args.join(' ')} failed: ${result.stderr}`);
    }
  };
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  run('req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=glance test CA');
  writeFileSync(join(directory, 'server.ext'), 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
  writeFileSync(join(directory, 'client.ext'), 'extendedKeyUsage=clientAuth\n');
  for (const name of ['server', 'client']) {
    run('req', ...ec, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=glance test ${name}`);
    run('x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', `${name}.pem`, '-days', '2', '-extfile', `${name}.ext`);
  }
  const read = (name: string): string => spawnSync('cat', [join(directory, name)], { encoding: 'utf8' }).stdout;
  const paths = {
    ca: join(directory, 'ca.pem'),
    serverCert: join(directory, 'server.pem'),
    serverKey: join(directory, 'server.key'),
    clientCert: join(directory, 'client.pem'),
    clientKey: join(directory, 'client.key'),
  };
  return {
    directory,
    caCert: read('ca.pem'),
    serverCert: read('server.pem'),
    serverKey: read('server.key'),
    clientCert: read('client.pem'),
    clientKey: read('client.key'),
    paths,
  };
}

interface TokenBody {
  token: { user: { id: string }; project?: { id: string }; expires_at: string };
}

/** A fresh token for a credential set, with its user and project ids. */
export async function login(who: CredentialName = 'admin'): Promise<{ token: string; userId: string; projectId: string }> {
  const response = await fetch(`${cloud().keystoneUrl.replace(/\/+$/, '')}/auth/tokens`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(passwordAuthBody(cloud().credentials[who])),
  });
  const token = response.headers.get('x-subject-token');
  const body = (await response.json()) as TokenBody;
  if (response.status !== 201 || !token) {
    throw new Error(`Keystone refused a token for ${who}: HTTP ${response.status}`);
  }
  return { token, userId: body.token.user.id, projectId: body.token.project?.id ?? '' };
}

/** DELETE /v3/auth/tokens: the token is revoked. */
export async function revokeToken(token: string): Promise<void> {
  const response = await fetch(`${cloud().keystoneUrl.replace(/\/+$/, '')}/auth/tokens`, {
    method: 'DELETE',
    headers: { 'X-Auth-Token': token, 'X-Subject-Token': token },
  });
  if (response.status !== 204) {
    throw new Error(`revoking a token: HTTP ${response.status}`);
  }
}

export interface ApplicationCredential {
  id: string;
  name: string;
  secret: string;
  userId: string;
  remove(): Promise<void>;
}

/** POST /v3/users/{id}/application_credentials, as that user. */
export async function createApplicationCredential(who: CredentialName, name: string): Promise<ApplicationCredential> {
  const { token, userId } = await login(who);
  const base = `${cloud().keystoneUrl.replace(/\/+$/, '')}/users/${userId}/application_credentials`;
  const response = await fetch(base, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Auth-Token': token },
    body: JSON.stringify({ application_credential: { name, description: 'glance CLI integration test' } }),
  });
  const body = (await response.json()) as { application_credential?: { id: string; secret: string } };
  if (response.status !== 201 || !body.application_credential) {
    throw new Error(`creating an application credential: HTTP ${response.status}`);
  }
  const { id, secret } = body.application_credential;
  return {
    id,
    name,
    secret,
    userId,
    remove: async () => {
      const removed = await fetch(`${base}/${id}`, { method: 'DELETE', headers: { 'X-Auth-Token': token } });
      if (removed.status !== 204 && removed.status !== 404) {
        throw new Error(`deleting application credential ${id}: HTTP ${removed.status}`);
      }
    },
  };
}

export interface SecretService {
  /** Variables that put a client on this session bus. */
  env: Record<string, string>;
  stop(): Promise<void>;
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

async function startBus(directory: string, env: Record<string, string>, configFile?: string): Promise<{ bus: ChildProcess; address: string }> {
  const socket = join(directory, 'bus');
  const address = `unix:path=${socket}`;
  const args = configFile ? ['--config-file', configFile, '--nofork', '--nopidfile'] : ['--session', '--nofork', '--nopidfile', `--address=${address}`];
  const bus = spawn('dbus-daemon', [...args, '--print-address=1'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const printed = await new Promise<string>((resolve, reject) => {
    bus.once('error', reject);
    bus.once('exit', (code) => reject(new Error(`dbus-daemon exited with ${code}`)));
    bus.stdout!.once('data', (data: Buffer) => resolve(data.toString().trim()));
  });
  return { bus, address: printed || address };
}

/**
 * A D-Bus session bus of its own with gnome-keyring's Secret Service, its login keyring unlocked,
 * everything (keyrings included) under a temporary HOME.
 */
export async function startSecretService(): Promise<SecretService> {
  const home = temporaryDirectory('keyring-home');
  const runtime = join(home, 'run');
  mkdirSync(runtime, { mode: 0o700 });
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    XDG_RUNTIME_DIR: runtime,
    XDG_DATA_HOME: join(home, 'data'),
    XDG_CONFIG_HOME: join(home, 'config'),
  };
  // No service activation: otherwise a client asking before our daemon is up gets a second,
  // locked gnome-keyring started by the bus.
  const { bus, address } = await startPlainBus(runtime, env);
  env.DBUS_SESSION_BUS_ADDRESS = address;
  const keyring = spawn('gnome-keyring-daemon', ['--foreground', '--unlock', '--components=secrets'], { env, stdio: ['pipe', 'ignore', 'ignore'] });
  keyring.stdin!.end('test-keyring-password');
  // Ready when the unlocked login keyring takes an entry (the service answers before it exists).
  const deadline = Date.now() + 10_000;
  for (;;) {
    const probe = spawnSync('secret-tool', ['store', '--label', 'glance test probe', 'glance-probe', 'x'], { env, input: 'probe', encoding: 'utf8', timeout: 5000 });
    if (probe.status === 0) {
      spawnSync('secret-tool', ['clear', 'glance-probe', 'x'], { env, timeout: 5000 });
      break;
    }
    if (Date.now() > deadline) {
      await stopChild(keyring);
      await stopChild(bus);
      throw new Error(`gnome-keyring did not come up: ${probe.stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    env: { DBUS_SESSION_BUS_ADDRESS: address, XDG_RUNTIME_DIR: runtime },
    stop: async () => {
      await stopChild(keyring);
      await stopChild(bus);
    },
  };
}

/** A session bus that starts no services on demand: only what the test starts itself is on it. */
async function startPlainBus(directory: string, env: Record<string, string>): Promise<{ bus: ChildProcess; address: string }> {
  const config = join(directory, 'bus.conf');
  writeFileSync(
    config,
    `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN" "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path=${join(directory, 'bus')}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
`,
  );
  return startBus(directory, env, config);
}

/** A session bus on which nothing offers a Secret Service. */
export async function startEmptyBus(): Promise<SecretService> {
  const directory = temporaryDirectory('empty-bus');
  const { bus, address } = await startPlainBus(directory, { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: directory });
  return { env: { DBUS_SESSION_BUS_ADDRESS: address }, stop: () => stopChild(bus) };
}

/** The attribute lines of the entries secret-tool finds for an attribute pair on a bus (never their secrets). */
export function secretToolSearch(env: Record<string, string>, attribute: string, value: string): string {
  const result = spawnSync('secret-tool', ['search', '--all', attribute, value], { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env }, encoding: 'utf8' });
  // secret-tool prints the label and secret on stdout, the attributes on stderr.
  return `${result.stdout}${result.stderr}`
    .split('\n')
    .filter((line) => line.startsWith('attribute.'))
    .join('\n');
}
