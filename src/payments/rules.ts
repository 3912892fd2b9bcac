/**
 * How much a payment applies to an order, pure. The order's line dues (orders/totals.ts) add up to
 * its total exactly, so paying by items or by seat takes exactly those lines' dues; equal splits
 * share the balance left when the split began by the largest-remainder method, and the last part
 * takes whatever is left, so a fully split bill always lands on zero.
 */
import { allocate } from '../orders/totals.js';
import type { PaymentAllocation } from '../db/schema.js';

export type SplitRequest =
  | { kind: 'items'; lineIds: string[] }
  | { kind: 'seat'; seat: number }
  | { kind: 'equal'; parts: number };

export interface PayableLine {
  id: string;
  seat: number | null;
  voided: boolean;
  due: number;
}

export interface PriorPayment {
  amount: number;
  allocation: PaymentAllocation;
}

export type AmountDecision =
  | { ok: true; amount: number; allocation: PaymentAllocation }
  | { ok: false; code: 'NOTHING_TO_PAY' | 'LINES_ALREADY_PAID' | 'NOT_FOUND' | 'OVERPAYMENT'; message: string; details?: unknown };

export interface PaymentRequestShape {
  method: 'cash' | 'card' | 'upi' | 'voucher' | 'other' | 'loyalty';
  amount?: number;
  split?: SplitRequest;
}

export function paidLineIds(prior: readonly PriorPayment[]): Set<string> {
  const ids = new Set<string>();
  for (const p of prior) if (p.allocation.kind === 'items' || p.allocation.kind === 'seat') p.allocation.lineIds.forEach((id) => ids.add(id));
  return ids;
}

/** Decides the amount a payment applies. For cash, an amount over the balance applies the balance (the rest is change). */
export function decideAmount(request: PaymentRequestShape, balance: number, lines: readonly PayableLine[], prior: readonly PriorPayment[]): AmountDecision {
  if (balance <= 0) return { ok: false, code: 'NOTHING_TO_PAY', message: 'Nothing is left to pay on this order.' };
  const cap = (amount: number, allocation: PaymentAllocation): AmountDecision => ({ ok: true, amount: Math.min(amount, balance), allocation });
  const split = request.split;
  if (!split) {
    const wanted = request.amount ?? balance;
    if (wanted > balance && request.method !== 'cash') {
      return { ok: false, code: 'OVERPAYMENT', message: `That is more than the ${balance} left to pay. Only cash can be over the balance (change is given).`, details: { balance } };
    }
    return cap(wanted, { kind: 'amount' });
  }
  if (split.kind === 'equal') {
    const earlier = prior.filter((p) => p.allocation.kind === 'equal' && p.allocation.parts === split.parts);
    const part = earlier.length;
    if (part >= split.parts) return { ok: false, code: 'NOTHING_TO_PAY', message: `All ${split.parts} equal parts were already paid.` };
    const base = balance + earlier.reduce((s, p) => s + p.amount, 0);
    const share = part === split.parts - 1 ? balance : allocate(base, Array(split.parts).fill(1))[part]!;
    return cap(share, { kind: 'equal', parts: split.parts, part: part + 1 });
  }
  const alreadyPaid = paidLineIds(prior);
  const chosen = split.kind === 'items'
    ? split.lineIds.map((id) => lines.find((l) => l.id === id) ?? id)
    : lines.filter((l) => l.seat === split.seat && !l.voided && !alreadyPaid.has(l.id));
  const missing = chosen.filter((l): l is string => typeof l === 'string');
  if (missing.length > 0) return { ok: false, code: 'NOT_FOUND', message: `Line ${missing[0]} is not on this order.`, details: { entity: 'order line', id: missing[0] } };
  const found = chosen as PayableLine[];
  if (found.length === 0) return { ok: false, code: 'NOTHING_TO_PAY', message: `Nothing unpaid is on seat ${(split as { seat: number }).seat}.` };
  const paidBefore = found.filter((l) => alreadyPaid.has(l.id) || l.voided);
  if (paidBefore.length > 0) {
    return { ok: false, code: 'LINES_ALREADY_PAID', message: 'Some of those lines were already paid (or voided).', details: { lineIds: paidBefore.map((l) => l.id) } };
  }
  const amount = found.reduce((s, l) => s + l.due, 0);
  const lineIds = found.map((l) => l.id);
  return cap(amount, split.kind === 'items' ? { kind: 'items', lineIds } : { kind: 'seat', seat: split.seat, lineIds });
}

export type TenderDecision = { ok: true; tendered: number | null; change: number } | { ok: false; message: string };

/** Cash: what was handed over must cover amount + tip; the rest is change. Other methods take no tender. */
export function decideTender(method: PaymentRequestShape['method'], requested: number | undefined, applied: number, tip: number, tendered: number | undefined): TenderDecision {
  if (method !== 'cash') return { ok: true, tendered: null, change: 0 };
  const handed = tendered ?? Math.max(requested ?? applied, applied) + tip;
  if (handed < applied + tip) return { ok: false, message: `Cash tendered (${handed}) is less than the amount plus tip (${applied + tip}).` };
  return { ok: true, tendered: handed, change: handed - applied - tip };
}
