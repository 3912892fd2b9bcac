import type { Block } from '../encoding/document.js';
import { banner, clockTime, line, money, moneyWithCurrency, percent, twoColumns } from './layout.js';

/** Sales figures of a business day so far (X) or at its close (Z). */
export interface ReportData {
  kind: 'x' | 'z';
  /** The Z's number (Z only): numbered per location from 1. */
  number?: number;
  restaurantName: string;
  currency: string;
  businessDay: string;
  generatedAt: number;
  timeZone: string;
  orders: number;
  gross: number; discounts: number; serviceCharge: number; net: number;
  /** The menu value of the lines voided that day (README, money rules): not part of gross or net. */
  voids: number;
  taxes: Array<{ rateBp: number; tax: number }>;
  tips: number;
  refunds: number;
  payments: Array<{ method: string; count: number; amount: number }>;
  /** Sales by source (issue 21); a platform's commission is printed under it, apart from the sales. */
  bySource?: Array<{ source: string; orders: number; total: number; commission: number }>;
  /** Z only: open orders the automatic Z moved into the next business day (their sales count there). */
  carriedOver?: Array<{ fromNumber: number; toNumber: number; toDay: string; total: number; paid: number }>;
}

/** X report (a peek, changes nothing) or Z report (the day's close); the Z says so in a banner. */
export function salesReport(data: ReportData, columns: number): Block[] {
  const blocks: Block[] = [];
  if (data.kind === 'z') blocks.push(banner('Z REPORT', columns));
  else blocks.push(line('X REPORT', { size: 2, bold: true, align: 'center' }));
  if (data.number !== undefined) blocks.push(line(`Z #${data.number}`, { bold: true, align: 'center' }));
  blocks.push(line(data.restaurantName, { bold: true, align: 'center' }));
  blocks.push(line(`Business day ${data.businessDay}`));
  blocks.push(line(`Printed ${clockTime(data.generatedAt, data.timeZone, true)}`));
  blocks.push({ kind: 'rule' });
  blocks.push(twoColumns('Orders', String(data.orders), columns));
  blocks.push(twoColumns('Gross sales', money(data.gross), columns));
  blocks.push(twoColumns('Discounts', money(-data.discounts), columns));
  blocks.push(twoColumns('Service charge', money(data.serviceCharge), columns));
  blocks.push(twoColumns('Net sales', money(data.net), columns));
  for (const t of data.taxes) blocks.push(twoColumns(`Tax ${percent(t.rateBp)}`, money(t.tax), columns));
  blocks.push(twoColumns('Tips', money(data.tips), columns));
  blocks.push(twoColumns('Refunds', money(-data.refunds), columns));
  // Voided lines are already out of gross and net: printed apart, unsigned, so no one subtracts them twice.
  blocks.push(twoColumns('Voided, not in sales', money(data.voids), columns));
  if (data.bySource?.length) {
    blocks.push({ kind: 'rule' });
    for (const s of data.bySource) {
      blocks.push(twoColumns(`${s.source.replace(/_/g, ' ')} (${s.orders})`, money(s.total), columns));
      // The platform's cut is not a discount and not a sale: shown apart, unsigned.
      if (s.commission > 0) blocks.push(twoColumns('  commission, not in sales', money(s.commission), columns));
    }
  }
  blocks.push({ kind: 'rule' });
  for (const p of data.payments) blocks.push(twoColumns(`${p.method} (${p.count})`, money(p.amount), columns));
  const taken = data.payments.reduce((sum, p) => sum + p.amount, 0);
  blocks.push(line(`TAKEN ${moneyWithCurrency(taken, data.currency)}`, { bold: true, size: 2, align: 'right' }));
  if (data.carriedOver?.length) {
    // Still open at the close: their sales belong to the day they finish; a part payment stays in TAKEN above.
    blocks.push({ kind: 'rule' });
    blocks.push(line(`CARRIED OVER to ${data.carriedOver[0]!.toDay}`, { bold: true }));
    for (const c of data.carriedOver) {
      blocks.push(twoColumns(`#${c.fromNumber} -> #${c.toNumber}`, money(c.total), columns));
      if (c.paid > 0) blocks.push(twoColumns('  already paid', money(c.paid), columns));
    }
  }
  blocks.push({ kind: 'cut' });
  return blocks;
}
