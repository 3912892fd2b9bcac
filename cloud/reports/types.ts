/**
 * Shapes of the owners' reports (issue 7). Money is integer minor units of the location's
 * currency; stock quantities are signed thousandths of the ingredient's base unit; times are
 * seconds (kitchen) or ISO instants (freshness). Every table compares the asked period with the
 * previous period of the same length, and comes per location and in total (the total is null when
 * the locations asked for use different currencies: their money cannot be added).
 */

/** A parsed report request: business days 'YYYY-MM-DD', inclusive. */
export interface ReportQuery {
  locationIds: string[];
  from: string;
  to: string;
}

/** An inclusive range of business days. */
export interface Period {
  from: string;
  to: string;
}

export interface ReportPeriods {
  current: Period;
  /** The same number of days, ending the day before `current.from`. */
  previous: Period;
}

/** The same figures for the asked period and the one before it. */
export interface Compared<T> {
  current: T;
  previous: T;
}

/** One table, per location and in total. */
export interface Scoped<T> {
  periods: ReportPeriods;
  byLocation: Array<{ locationId: string; currency: string | null } & T>;
  total: ({ currency: string | null } & T) | null;
}

export interface SalesFigures {
  /** Completed orders of the period (by the order's business day). */
  orders: number;
  covers: number;
  gross: number;
  discounts: number;
  /** gross − discounts. */
  net: number;
  serviceCharge: number;
  tax: number;
  total: number;
  /** Tips of the period's payments (by the payment's business day). */
  tips: number;
  /** net ÷ orders, rounded half up; null without orders. */
  averageCheck: number | null;
}
export type SalesReport = Scoped<Compared<SalesFigures>>;

export interface PaymentFigures { payments: number; amount: number; tips: number }
export interface PaymentMethodRow extends Compared<PaymentFigures> { method: string }
export type PaymentsReport = Scoped<{ methods: PaymentMethodRow[] }>;

export interface AdjustmentFigures { count: number; amount: number }
export interface AdjustmentRow extends Compared<AdjustmentFigures> {
  staffId: string;
  /** From the synced staff table; null when that person is unknown to the cloud. */
  staffName: string | null;
  reason: string;
}
export type AdjustmentsReport = Scoped<{ refunds: AdjustmentRow[]; voids: AdjustmentRow[] }>;

export interface ItemFigures { quantity: number; net: number }
export interface ItemRow extends Compared<ItemFigures> {
  /** Null in the total (the same dish has another id at each location: the total goes by name). */
  itemId: string | null;
  name: string;
  category: string;
}
export interface CategoryRow extends Compared<ItemFigures> { category: string }
/** Ranked by the current period; `bottom*` lists only what sold at least once. */
export interface Ranked<R> {
  topByQuantity: R[];
  bottomByQuantity: R[];
  topByNet: R[];
  bottomByNet: R[];
}
export type ItemsReport = Scoped<{ items: Ranked<ItemRow>; categories: Ranked<CategoryRow> }>;

export interface HeatCell {
  /** ISO weekday in the location's time zone: 1 = Monday … 7 = Sunday. */
  weekday: number;
  /** Local hour of the order's creation, 0–23. */
  hour: number;
  orders: number;
  net: number;
}
export type HeatmapReport = Scoped<Compared<HeatCell[]>>;

export interface KitchenFigures {
  tickets: number;
  /** Fire → bump, nearest rank, in seconds rounded to the histogram's bucket; null without tickets. */
  p50Seconds: number | null;
  p90Seconds: number | null;
}
export interface StationRow extends Compared<KitchenFigures> { station: string }
export type KitchenReport = Scoped<{ stations: StationRow[] }>;

export interface StockFigures {
  /** Used by fired dishes, net of returns (positive = taken off the shelf). */
  used: number;
  wasted: number;
  /** Sum of count variances (counted − expected): negative = missing. */
  countVariance: number;
  counts: number;
  /** Minor units at the ingredient's current cost; null when its cost is unknown. */
  usedCost: number | null;
  wastedCost: number | null;
  varianceCost: number | null;
}
export interface IngredientStockRow extends Compared<StockFigures> {
  /** Null in the total (ingredients are per location: the total goes by name and unit). */
  ingredientId: string | null;
  name: string;
  baseUnit: string;
}
export type StockReport = Scoped<{ ingredients: IngredientStockRow[] }>;

/** An open low-stock alert now (not a period figure). */
export interface LowStockRow {
  locationId: string;
  ingredientId: string;
  name: string;
  baseUnit: string;
  kind: string;
  onHand: number;
  raisedAt: number | null;
}

export interface FreshnessRow {
  locationId: string;
  name: string | null;
  currency: string | null;
  timeZone: string | null;
  /** The latest successful sync of any of the location's boxes (ISO), null when never. */
  lastSyncAt: string | null;
}

/** Everything one dashboard load shows. */
export interface DashboardReport {
  query: ReportQuery;
  periods: ReportPeriods;
  freshness: FreshnessRow[];
  sales: SalesReport;
  payments: PaymentsReport;
  adjustments: AdjustmentsReport;
  items: ItemsReport;
  heatmap: HeatmapReport;
  kitchen: KitchenReport;
  stock: StockReport;
  lowStock: LowStockRow[];
}
