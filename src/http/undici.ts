/**
 * The parts of undici this client uses. undici's index loads all it offers (fetch, WebSocket,
 * EventSource, mocks, caches, interceptors, HTTP/2, compression) on every start: about 50 ms
 * more for each command that sends a request (see BENCHMARKS.md). These paths are not undici's
 * public API, which is why package.json pins undici to one version; the unit tests run every
 * request through them.
 *
 * Loaded by src/http/client.ts with import(), so that commands that send nothing never load it.
 */
import api from 'undici/lib/api/index.js';
import Agent from 'undici/lib/dispatcher/agent.js';
import Dispatcher from 'undici/lib/dispatcher/dispatcher.js';
import ProxyAgent from 'undici/lib/dispatcher/proxy-agent.js';

// What undici's index does: request() and connect() (which ProxyAgent uses to open tunnels)
// are methods of every dispatcher.
Object.assign(Dispatcher.prototype, api);

export { Agent, Dispatcher, ProxyAgent };
