import type { Block } from '../encoding/document.js';
import { clockTime, line, money, moneyWithCurrency, percent, twoColumns, wrap } from './layout.js';

/** The bill of one order (the shape of GET /orders/{id}/guest-check, plus what the header and footer say). */
export interface BillData {
  restaurant: { name: string; currency: string; headerLines?: string[]; footer?: string | null };
  order: { number: number; table: string | null; server: string | null; guestCount: number };
  lines: Array<{ name: string; quantity: number; options: string[]; gross: number; discount: number; amount: number }>;
  subtotal: number; discounts: number; serviceCharge: number; serviceChargeBp: number;
  taxes: Array<{ rateBp: number; base: number; tax: number }>; taxIncluded: boolean;
  total: number;
  payments: Array<{ method: string; amount: number; tip: number; change: number }>;
  paid: number; tips: number; balance: number;
  printedAt: number;
  timeZone: string;
  /** A link the guest can scan (feedback, e-receipt); printed as a QR code when given. */
  qr?: string | null;
  /** The guest's loyalty points (issue 18): earned and redeemed on this order, the balance after. */
  loyalty?: { earned: number; redeemed: number; balance: number; tier: string } | null;
}

function header(data: BillData, columns: number): Block[] {
  const blocks: Block[] = [line(data.restaurant.name, { size: 2, bold: true, align: 'center' })];
  for (const text of data.restaurant.headerLines ?? []) blocks.push(line(text, { align: 'center' }));
  blocks.push({ kind: 'feed', lines: 1 });
  const who = [`Order #${data.order.number}`, data.order.table ? `Table ${data.order.table}` : null, data.order.server].filter(Boolean).join('  ');
  blocks.push(line(who));
  blocks.push(line(clockTime(data.printedAt, data.timeZone, true)));
  blocks.push({ kind: 'rule' });
  for (const l of data.lines) {
    blocks.push(twoColumns(`${l.quantity} ${l.name}`, money(l.gross), columns));
    for (const o of l.options) blocks.push(line(`   ${o}`));
    if (l.discount) blocks.push(twoColumns('   discount', money(-l.discount), columns));
  }
  blocks.push({ kind: 'rule' });
  return blocks;
}

function totals(data: BillData, columns: number): Block[] {
  const blocks: Block[] = [twoColumns('Subtotal', money(data.subtotal), columns)];
  if (data.discounts) blocks.push(twoColumns('Discounts', money(-data.discounts), columns));
  if (data.serviceCharge) blocks.push(twoColumns(`Service ${percent(data.serviceChargeBp)}`, money(data.serviceCharge), columns));
  for (const t of data.taxes) {
    blocks.push(twoColumns(`${data.taxIncluded ? 'incl. ' : ''}Tax ${percent(t.rateBp)} on ${money(t.base)}`, money(t.tax), columns));
  }
  blocks.push(line(`TOTAL ${moneyWithCurrency(data.total, data.restaurant.currency)}`, { size: 2, bold: true, align: 'right' }));
  return blocks;
}

function footer(data: BillData): Block[] {
  const blocks: Block[] = [{ kind: 'feed', lines: 1 }];
  if (data.restaurant.footer) for (const text of wrap(data.restaurant.footer, 32)) blocks.push(line(text, { align: 'center' }));
  if (data.qr) blocks.push({ kind: 'qr', value: data.qr });
  blocks.push({ kind: 'cut' });
  return blocks;
}

/** The customer's receipt: lines, discounts, service, tax by rate, total, payments, tip, change. */
export function receipt(data: BillData, columns: number): Block[] {
  const blocks = [...header(data, columns), ...totals(data, columns), { kind: 'rule' } as Block];
  for (const p of data.payments) {
    blocks.push(twoColumns(`Paid ${p.method}`, money(p.amount), columns));
    if (p.tip) blocks.push(twoColumns('  Tip', money(p.tip), columns));
    if (p.change) blocks.push(twoColumns('  Change', money(p.change), columns));
  }
  if (data.balance > 0) blocks.push(twoColumns('Balance due', money(data.balance), columns));
  if (data.loyalty) blocks.push(...loyaltyLines(data.loyalty, columns));
  return [...blocks, ...footer(data)];
}

function loyaltyLines(l: NonNullable<BillData['loyalty']>, columns: number): Block[] {
  const blocks: Block[] = [{ kind: 'rule' }];
  if (l.redeemed) blocks.push(twoColumns('Points redeemed', String(l.redeemed), columns));
  blocks.push(twoColumns('Points earned', String(l.earned), columns));
  blocks.push(twoColumns(`Points balance (${l.tier})`, String(l.balance), columns));
  return blocks;
}

/** The bill brought to the table before paying: what is due, clearly not a receipt. */
export function guestCheck(data: BillData, columns: number): Block[] {
  const blocks = [line('GUEST CHECK', { bold: true, align: 'center' }), ...header(data, columns), ...totals(data, columns)];
  if (data.paid) blocks.push(twoColumns('Already paid', money(data.paid), columns));
  blocks.push(twoColumns('BALANCE DUE', money(data.balance), columns));
  blocks.push(line('This is not a receipt', { align: 'center' }));
  return [...blocks, ...footer(data)];
}
