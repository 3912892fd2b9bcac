import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';

type UpgradeListener = (req: IncomingMessage, socket: Duplex, head: Buffer) => void;
interface UpgradeServer { on(event: 'upgrade', l: UpgradeListener): unknown; off(event: 'upgrade', l: UpgradeListener): unknown }

/**
 * The box's servers (HTTP, and HTTPS once its certificate is ready) as one source of WebSocket
 * upgrades, so the realtime hub serves `/ws` on both ports (architecture §7) without knowing how
 * many there are.
 */
export class UpgradeSources implements UpgradeServer {
  private readonly servers: UpgradeServer[] = [];
  private readonly listeners: UpgradeListener[] = [];

  add(server: UpgradeServer): void {
    this.servers.push(server);
    for (const l of this.listeners) server.on('upgrade', l);
  }

  on(_event: 'upgrade', l: UpgradeListener): this {
    this.listeners.push(l);
    for (const s of this.servers) s.on('upgrade', l);
    return this;
  }

  off(_event: 'upgrade', l: UpgradeListener): this {
    this.listeners.splice(this.listeners.indexOf(l) >>> 0, 1);
    for (const s of this.servers) s.off('upgrade', l);
    return this;
  }
}
