import type { Server } from 'node:http';

/** How long requests in flight may take to finish when the box stops. */
export const CLOSE_GRACE_MS = 2000;

/**
 * Stops taking connections and resolves once the server is closed. Browsers keep sockets they have
 * not sent a request on yet (Chromium opens them ahead, TLS included), and node counts those as
 * busy until its 60 s header timeout: after a short grace every socket left is cut.
 */
export function closeServer(server: Pick<Server, 'close' | 'closeAllConnections'>, graceMs = CLOSE_GRACE_MS): Promise<void> {
  return new Promise<void>((resolve) => {
    const cut = setTimeout(() => server.closeAllConnections(), graceMs);
    cut.unref();
    server.close(() => { clearTimeout(cut); resolve(); });
  });
}
