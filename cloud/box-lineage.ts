/**
 * A box's history as the cloud knows it, across the location's devices (issues 15 and 22). Every
 * epoch a box opens records where its history branched off (device_watermarks forked_from_*): the
 * box held everything of that epoch, of that device, up to that seq. A restore on the same box
 * branches off its own device's epoch; a replacement box — a new device credential that restored
 * the dead box's backup — branches off the dead device's epoch. Walking the branch points back from
 * the box's current epoch gives its ancestry; an epoch without a branch point keeps every earlier
 * epoch of the same box whole (a box never restored, or one too old to say).
 *
 * The family is every epoch connected to that ancestry: the ancestry itself, every epoch of each box
 * in it (same device and box identity), and every epoch that branched off one of those — an earlier
 * restore of the same backup, or the dead box's epochs after the backup its replacement restored.
 * What the cloud holds in the family outside the ancestry is what the box lacks: the restore-losses
 * list and the restore catch-up. Epochs of the location outside the family — a box set up afresh
 * with nothing restored, another box that once had a credential taken over by a new box — are not
 * this box's history, and their rows were never on it.
 *
 * Rows name the device whose (epoch, seq) they carry (migration 0016); rows synced before that have
 * none and are matched by epoch alone.
 */
import type { Queryable } from './db.js';

export interface EpochNode {
  deviceId: string;
  epoch: number;
  boxId: string | null;
  /** Where this epoch branched off: `deviceId` is the fork's device (the same one for a restore on the same box). */
  fork: { deviceId: string; epoch: number; seq: number } | null;
  replacedBy: string | null;
}

export interface BoxLineage {
  deviceId: string;
  current: number;
  boxId: string | null;
  /** Every epoch connected to the box's history (see the file comment). */
  family: EpochNode[];
  /** Epoch key (nodeKey) → highest seq of it the box holds (Infinity: all of it). */
  kept: Map<string, number>;
}

export const nodeKey = (deviceId: string, epoch: number): string => `${deviceId}:${epoch}`;

const sameBox = (a: EpochNode, b: EpochNode): boolean =>
  a.deviceId === b.deviceId && (a.boxId === null || b.boxId === null || a.boxId === b.boxId);

/** The current epoch's ancestry: epoch key → highest seq of it the box holds (Infinity: all). */
export function ancestryOf(nodes: ReadonlyMap<string, EpochNode>, current: EpochNode): Map<string, number> {
  const kept = new Map<string, number>([[nodeKey(current.deviceId, current.epoch), Infinity]]);
  let at = current;
  for (;;) {
    const parentKey = at.fork ? nodeKey(at.fork.deviceId, at.fork.epoch) : null;
    if (!at.fork || parentKey === null || kept.has(parentKey)) {
      // No branch point: the box's history before `at` is every earlier epoch of the same box, whole.
      for (const n of nodes.values()) {
        if (sameBox(n, at) && n.epoch < at.epoch && !kept.has(nodeKey(n.deviceId, n.epoch))) kept.set(nodeKey(n.deviceId, n.epoch), Infinity);
      }
      return kept;
    }
    kept.set(parentKey, at.fork.seq);
    const parent = nodes.get(parentKey);
    if (!parent) return kept; // the epoch branched off never reached the cloud: nothing of it here
    at = parent;
  }
}

/** The epochs connected to the ancestry (see the file comment). */
export function familyOf(nodes: ReadonlyMap<string, EpochNode>, kept: ReadonlyMap<string, number>): EpochNode[] {
  const family = new Map<string, EpochNode>();
  for (const key of kept.keys()) {
    const n = nodes.get(key);
    if (n) family.set(key, n);
  }
  for (let grew = true; grew;) {
    grew = false;
    for (const [key, n] of nodes) {
      if (family.has(key)) continue;
      const branchesOff = n.fork !== null && family.has(nodeKey(n.fork.deviceId, n.fork.epoch));
      if (branchesOff || [...family.values()].some((m) => sameBox(m, n))) {
        family.set(key, n);
        grew = true;
      }
    }
  }
  return [...family.values()];
}

interface EpochRow {
  device_id: string; box_id: string | null; epoch: number; forked_from_epoch: number | null; forked_from_seq: string | number | null;
  forked_from_device_id: string | null; replaced_by_device_id: string | null; updated_at: Date;
}

/** The location's epochs, as nodes keyed by nodeKey. */
export async function locationEpochs(q: Queryable, locationId: string): Promise<{ nodes: Map<string, EpochNode>; rows: EpochRow[] }> {
  const { rows } = await q.query<EpochRow>(`SELECT device_id, box_id, epoch, forked_from_epoch, forked_from_seq, forked_from_device_id, replaced_by_device_id, updated_at
    FROM device_watermarks WHERE location_id = $1`, [locationId]);
  const nodes = new Map<string, EpochNode>();
  for (const r of rows) {
    const fork = r.forked_from_epoch === null || r.forked_from_seq === null ? null
      : { deviceId: r.forked_from_device_id ?? r.device_id, epoch: r.forked_from_epoch, seq: Number(r.forked_from_seq) };
    nodes.set(nodeKey(r.device_id, r.epoch), { deviceId: r.device_id, epoch: r.epoch, boxId: r.box_id, fork, replacedBy: r.replaced_by_device_id });
  }
  return { nodes, rows };
}

/**
 * The history of `deviceId` at `epoch` (default: the device whose watermark moved last, at its
 * highest epoch — the box syncing now). Null when the location has no synced device.
 */
export async function boxLineage(q: Queryable, locationId: string, at?: { deviceId: string; epoch: number }): Promise<BoxLineage | null> {
  const { nodes, rows } = await locationEpochs(q, locationId);
  if (rows.length === 0) return null;
  const deviceId = at?.deviceId ?? rows.reduce((a, b) => (b.updated_at > a.updated_at ? b : a)).device_id;
  const current = at?.epoch ?? Math.max(...rows.filter((r) => r.device_id === deviceId).map((r) => r.epoch));
  const node = nodes.get(nodeKey(deviceId, current));
  if (!node) return null;
  const kept = ancestryOf(nodes, node);
  return { deviceId, current, boxId: node.boxId, family: familyOf(nodes, kept), kept };
}

/**
 * SQL condition (and its parameters, numbered from `$first`) for rows of the family the box does not
 * hold: in an epoch outside the ancestry, or past the seq the ancestry keeps of it.
 */
export function lostCondition(lineage: BoxLineage, alias: string, first: number): { sql: string; params: unknown[] } {
  const devices: string[] = [];
  const epochs: number[] = [];
  const after: number[] = [];
  for (const n of lineage.family) {
    const upTo = lineage.kept.get(nodeKey(n.deviceId, n.epoch));
    if (upTo === Infinity) continue;
    devices.push(n.deviceId);
    epochs.push(n.epoch);
    after.push(upTo ?? 0);
  }
  if (devices.length === 0) return { sql: 'false', params: [] };
  return {
    sql: `EXISTS (SELECT 1 FROM unnest($${first}::text[], $${first + 1}::int[], $${first + 2}::bigint[]) AS lost(device_id, epoch, after_seq)
      WHERE ${alias}.epoch = lost.epoch AND ${alias}.seq > lost.after_seq AND (${alias}.device_id = lost.device_id OR ${alias}.device_id IS NULL))`,
    params: [devices, epochs, after],
  };
}

/** The other devices of the box's family: boxes whose history this one continues or branched from. */
export function otherFamilyDevices(lineage: BoxLineage): string[] {
  return [...new Set(lineage.family.map((n) => n.deviceId).filter((d) => d !== lineage.deviceId))];
}
