import { z } from '@hono/zod-openapi';

/** A line as the kitchen sees it: the fired snapshot, with the line's live state. */
export const TicketLine = z.object({
  lineId: z.string(),
  name: z.string(),
  quantity: z.number().int(),
  seat: z.number().int().nullable(),
  course: z.number().int(),
  notes: z.string().nullable(),
  options: z.array(z.string()),
  state: z.enum(['fired', 'ready', 'served', 'voided']),
  readyAt: z.number().int().nullable(),
}).openapi('TicketLine');

/** One kitchen ticket (the shape of REST answers and of the ticket.created / ticket.updated events). */
export const TicketView = z.object({
  id: z.string(),
  orderId: z.string(),
  orderNumber: z.number().int(),
  station: z.string(),
  kind: z.enum(['new', 'add', 'void']),
  tableLabel: z.string().nullable(),
  /** The delivery platform and its reference ("UBER EATS #A12B") for a platform's order (issue 21); null otherwise. */
  platform: z.string().nullable(),
  /** The attached customer's allergies (issue 18), read live; null when none. */
  allergies: z.string().nullable(),
  serverName: z.string().nullable(),
  /** Null when the ticket mixes courses. */
  course: z.number().int().nullable(),
  firedAt: z.number().int(),
  bumpedAt: z.number().int().nullable(),
  recalledAt: z.number().int().nullable(),
  status: z.enum(['open', 'bumped']),
  lines: z.array(TicketLine),
  version: z.number().int(),
}).openapi('TicketView');
export type TicketViewT = z.infer<typeof TicketView>;

const Station = z.string().trim().min(1).max(40);

export const ListTicketsQuery = z.object({
  station: Station.optional(),
  status: z.enum(['open', 'bumped', 'all']).default('open'),
  limit: z.coerce.number().int().min(1).max(500).default(200),
}).strict();
export type ListTicketsQueryT = z.infer<typeof ListTicketsQuery>;

export const AllDayQuery = z.object({ station: Station.optional() }).strict();

export const StationSummary = z.object({ station: z.string(), openTickets: z.number().int() }).openapi('KitchenStation');
export const AllDayItem = z.object({ itemId: z.string(), name: z.string(), quantity: z.number().int() }).openapi('AllDayItem');

/** What waiters' devices hear when food is ready at a station. */
export interface OrderReadyEvent {
  orderId: string;
  number: number;
  tableId: string | null;
  tableLabel: string | null;
  staffId: string;
  lineIds: string[];
  station: string;
}
