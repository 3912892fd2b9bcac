/**
 * Keep-alive connections per receiver origin (issue 21, fan-out). A subscriber gets every event of
 * its kind, often several a second at a busy dinner: a new TCP (and TLS) handshake per delivery would
 * cost more than the delivery. One keep-alive agent per origin (scheme, host, port) keeps its idle
 * sockets for the next delivery, so a busy subscriber is served over a few warm connections.
 *
 * Idle sockets close after 4 s — before node's server default (5 s) and most proxies' keep-alive
 * timeouts — so the cloud, not the receiver, usually ends an idle connection; when a receiver closes
 * one just as a delivery goes out on it, send.ts tries once more on a new connection. Agents are
 * kept for the most recently used origins only: one dropped from the list is not destroyed (a send
 * may be using it); its idle sockets close by the same timeout and it is collected.
 */
import http from 'node:http';
import https from 'node:https';

const IDLE_MS = 4000;
const MAX_ORIGINS = 1024;

const agents = new Map<string, http.Agent>();

export function agentFor(target: URL): http.Agent {
  const key = target.origin;
  const known = agents.get(key);
  if (known) {
    // Most recently used last: the first entry is the one to drop.
    agents.delete(key);
    agents.set(key, known);
    return known;
  }
  const options: http.AgentOptions = { keepAlive: true, timeout: IDLE_MS, scheduling: 'lifo' };
  const agent = target.protocol === 'https:' ? new https.Agent(options) : new http.Agent(options);
  agents.set(key, agent);
  if (agents.size > MAX_ORIGINS) agents.delete(agents.keys().next().value!);
  return agent;
}

/** Closes every idle connection (a worker that stops; tests). Sends under way finish on theirs. */
export function closeIdleConnections(): void {
  for (const agent of agents.values()) {
    for (const list of Object.values(agent.freeSockets)) for (const socket of list ?? []) socket.destroy();
  }
}
