import type { Block } from '../encoding/document.js';
import { banner, clockTime, line, wrap } from './layout.js';

export interface KitchenTicketData {
  kind: 'new' | 'add' | 'void';
  orderNumber: number;
  station: string;
  tableLabel: string | null;
  serverName: string | null;
  course: number | null;
  firedAt: number;
  timeZone: string;
  /** The customer's allergies (issue 18): printed big, in white on black, before the dishes. */
  allergies?: string | null;
  /** "UBER EATS #A12B" for a delivery platform's order (issue 21): printed in the header instead of a table. */
  platform?: string | null;
  lines: Array<{ name: string; quantity: number; seat: number | null; course: number; notes: string | null; options: string[] }>;
}

/**
 * A station's ticket: the order number and table big enough to read across the pass, then each
 * line with its options indented and its notes in white on black. ADD and VOID say so at the top.
 */
export function kitchenTicket(data: KitchenTicketData, columns: number): Block[] {
  const blocks: Block[] = [];
  if (data.kind === 'add') blocks.push(banner('ADD', columns));
  if (data.kind === 'void') blocks.push(banner('VOID', columns));
  const where = data.tableLabel ? `  Table ${data.tableLabel}` : data.platform ? `  ${data.platform}` : '  TAKEAWAY';
  blocks.push(line(`#${data.orderNumber}${where}`, { size: 2, bold: true }));
  blocks.push(line(data.station.toUpperCase(), { bold: true }));
  const meta = [clockTime(data.firedAt, data.timeZone), data.serverName, data.course !== null ? `Course ${data.course}` : null].filter(Boolean).join('  ');
  blocks.push(line(meta));
  if (data.allergies) for (const text of wrap(`ALLERGY: ${data.allergies}`, Math.floor(columns / 2))) blocks.push(line(text, { size: 2, invert: true, bold: true }));
  blocks.push({ kind: 'rule' });
  for (const l of data.lines) {
    const seat = l.seat !== null ? `  S${l.seat}` : '';
    const course = data.course === null ? `  C${l.course}` : '';
    const label = `${l.quantity} x ${l.name}${seat}${course}`;
    for (const [i, text] of wrap(label, Math.floor(columns / 2)).entries()) {
      blocks.push(line(i === 0 ? text : `  ${text}`, { size: 2, bold: true, ...(data.kind === 'void' ? { underline: true } : {}) }));
    }
    for (const option of l.options) for (const text of wrap(option, columns - 4)) blocks.push(line(`    ${text}`));
    if (l.notes) for (const text of wrap(`NOTE: ${l.notes}`, columns - 4)) blocks.push(line(`  ${text}`, { invert: true, bold: true }));
  }
  blocks.push({ kind: 'rule' });
  blocks.push({ kind: 'cut' });
  return blocks;
}
