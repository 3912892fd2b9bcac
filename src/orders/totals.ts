/**
 * Order totals: the one pure function that turns lines into money (architecture §4).
 * Everything is integer minor units; nothing here does I/O.
 *
 * The rounding rule (the only place rounding happens):
 *  1. line gross = (unit price + option deltas) × quantity — exact, no rounding. Voided lines count 0.
 *  2. a line discount is `amount` (capped at the gross) or `percent` of the gross, rounded half up.
 *  3. an order discount is `amount` (capped) or `percent` of the sum after line discounts, rounded half up
 *     once, then shared over lines in proportion to their amount by the largest-remainder method,
 *     so the shares add up to the discount exactly (ties go to the line with the smaller id, so the
 *     result does not depend on the order lines are listed in — merging or splitting changes nothing).
 *  4. service charge = net × rate, rounded half up once on the order's net, shared the same way.
 *     It is not taxed.
 *  5. tax is computed per tax rate on the sum of the nets at that rate, rounded half up once per rate:
 *     exclusive: base × r; inclusive (prices include tax): base × r / (1 + r). Shared to lines the same way.
 *  6. total = net + service charge (+ tax when exclusive). Each line's `due` (net + its shares) adds up to
 *     the total exactly: no cent appears or vanishes, which is what split-by-items payments rely on.
 */

export type TaxMode = 'inclusive' | 'exclusive';

export interface DiscountSpec {
  kind: 'amount' | 'percent';
  /** Minor units for `amount`; basis points (10000 = 100 %) for `percent`. */
  value: number;
}

export interface TotalsLine {
  id: string;
  unitPrice: number;
  optionsPrice: number;
  quantity: number;
  taxRateBp: number;
  discount: DiscountSpec | null;
  voided: boolean;
}

export interface TotalsInput {
  lines: readonly TotalsLine[];
  orderDiscount: DiscountSpec | null;
  serviceChargeBp: number;
  taxMode: TaxMode;
}

export interface LineTotals {
  id: string;
  gross: number;
  lineDiscount: number;
  orderDiscountShare: number;
  net: number;
  serviceShare: number;
  tax: number;
  /** What this line contributes to the order total. */
  due: number;
}

export interface OrderTotals {
  lines: LineTotals[];
  /** Sum of line gross amounts. */
  subtotal: number;
  /** Line discounts plus the order discount. */
  discountTotal: number;
  net: number;
  serviceCharge: number;
  taxTotal: number;
  taxByRate: Array<{ rateBp: number; base: number; tax: number }>;
  total: number;
}

/** n / d rounded half up, for n ≥ 0 and d > 0, in exact integer arithmetic. */
export function roundDiv(n: number, d: number): number {
  // BigInt: n can be a large base times a rate, beyond 2^53.
  return Number((2n * BigInt(n) + BigInt(d)) / (2n * BigInt(d)));
}

/**
 * Splits `amount` into integer shares proportional to `weights` (largest remainder). Ties go to the
 * smaller `tieKeys` entry when given, else to the earlier index. The shares always add up to
 * `amount` exactly. All-zero weights give all-zero shares.
 */
export function allocate(amount: number, weights: readonly number[], tieKeys?: readonly string[]): number[] {
  const total = weights.reduce((a, b) => a + b, 0);
  if (total === 0 || amount === 0) return weights.map(() => 0);
  // BigInt keeps amount × weight exact however large the order.
  const big = BigInt(amount);
  const bigTotal = BigInt(total);
  const shares = weights.map((w) => Number((big * BigInt(w)) / bigTotal));
  const remainders = weights.map((w, i) => ({ i, r: (big * BigInt(w)) % bigTotal }));
  let left = amount - shares.reduce((a, b) => a + b, 0);
  const tie = (a: number, b: number) => (tieKeys ? (tieKeys[a]! < tieKeys[b]! ? -1 : tieKeys[a]! > tieKeys[b]! ? 1 : a - b) : a - b);
  remainders.sort((a, b) => (a.r === b.r ? tie(a.i, b.i) : a.r > b.r ? -1 : 1));
  for (const { i } of remainders) {
    if (left === 0) break;
    shares[i]! += 1;
    left -= 1;
  }
  return shares;
}

function discountOf(spec: DiscountSpec | null, base: number): number {
  if (!spec || base === 0) return 0;
  const raw = spec.kind === 'amount' ? spec.value : roundDiv(base * spec.value, 10_000);
  return Math.min(Math.max(raw, 0), base);
}

export function lineGross(line: Pick<TotalsLine, 'unitPrice' | 'optionsPrice' | 'quantity' | 'voided'>): number {
  return line.voided ? 0 : Math.max(0, line.unitPrice + line.optionsPrice) * line.quantity;
}

export function computeTotals(input: TotalsInput): OrderTotals {
  const gross = input.lines.map(lineGross);
  const lineDiscount = input.lines.map((l, i) => discountOf(l.discount, gross[i]!));
  const afterLine = gross.map((g, i) => g - lineDiscount[i]!);
  const orderDiscount = discountOf(input.orderDiscount, sum(afterLine));
  const ids = input.lines.map((l) => l.id);
  const orderShares = allocate(orderDiscount, afterLine, ids);
  const net = afterLine.map((a, i) => a - orderShares[i]!);
  const netTotal = sum(net);

  const serviceCharge = roundDiv(netTotal * input.serviceChargeBp, 10_000);
  const serviceShares = allocate(serviceCharge, net, ids);

  const rates = [...new Set(input.lines.map((l) => l.taxRateBp))].sort((a, b) => a - b);
  const tax = input.lines.map(() => 0);
  const taxByRate = rates.map((rateBp) => {
    const idx = input.lines.map((l, i) => (l.taxRateBp === rateBp ? i : -1)).filter((i) => i >= 0);
    const base = sum(idx.map((i) => net[i]!));
    const rateTax = input.taxMode === 'exclusive' ? roundDiv(base * rateBp, 10_000) : roundDiv(base * rateBp, 10_000 + rateBp);
    allocate(rateTax, idx.map((i) => net[i]!), idx.map((i) => ids[i]!)).forEach((share, k) => { tax[idx[k]!] = share; });
    return { rateBp, base, tax: rateTax };
  }).filter((r) => r.base > 0 || r.tax > 0);

  const taxTotal = sum(tax);
  const lines = input.lines.map((l, i): LineTotals => ({
    id: l.id,
    gross: gross[i]!,
    lineDiscount: lineDiscount[i]!,
    orderDiscountShare: orderShares[i]!,
    net: net[i]!,
    serviceShare: serviceShares[i]!,
    tax: tax[i]!,
    due: net[i]! + serviceShares[i]! + (input.taxMode === 'exclusive' ? tax[i]! : 0),
  }));
  return {
    lines,
    subtotal: sum(gross),
    discountTotal: sum(lineDiscount) + orderDiscount,
    net: netTotal,
    serviceCharge,
    taxTotal,
    taxByRate,
    total: netTotal + serviceCharge + (input.taxMode === 'exclusive' ? taxTotal : 0),
  };
}

function sum(values: readonly number[]): number {
  let s = 0;
  for (const v of values) s += v;
  return s;
}
