/**
 * What the floor and the kitchen read when a delivery platform cancels an order (the box's
 * `delivery.cancelled` event, issue 21): which platform order, why, and whether anything was undone.
 */
export interface DeliveryCancelled {
  platform?: string; displayRef?: string; recordedOnly?: boolean;
  cancellation?: { reason?: string | null; when?: string | null } | null;
}

export function cancelNotice(d: DeliveryCancelled): string {
  const who = `${(d.platform ?? 'platform').replace(/_/g, ' ').toUpperCase()}${d.displayRef ? ` #${d.displayRef}` : ''}`;
  const why = d.cancellation?.reason ? `: ${d.cancellation.reason}` : '';
  const after = d.recordedOnly ? ` (already ${(d.cancellation?.when ?? 'done').replace(/_/g, ' ')}: nothing undone, tell a manager)` : ' (voided)';
  return `CANCELLED by the platform \u2014 ${who}${why}${after}`;
}
