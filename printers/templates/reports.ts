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
  blocks.push({ kind: 'rule' });
  for (const p of data.payments) blocks.push(twoColumns(`${p.method} (${p.count})`, money(p.amount), columns));
  const taken = data.payments.reduce((sum, p) => sum + p.amount, 0);
  blocks.push(line(`TAKEN ${moneyWithCurrency(taken, data.currency)}`, { bold: true, size: 2, align: 'right' }));
  blocks.push({ kind: 'cut' });
  return blocks;
}
