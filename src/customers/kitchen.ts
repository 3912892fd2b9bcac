/**
 * Allergies of the customers attached to orders, for the kitchen ticket and the kitchen screens
 * (issue 18). Read live, not copied onto the ticket: an erased customer's health data then leaves
 * the screens too, and a customer attached after firing still warns the pass.
 */
import { and, eq, inArray, isNotNull, isNull } from 'drizzle-orm';
import { customers, orderCustomers } from '../db/schema.js';
import type { DbLike } from '../db/command.js';

export function allergiesOfOrders(tx: DbLike, orderIds: readonly string[]): Map<string, string> {
  if (orderIds.length === 0) return new Map();
  const rows = tx.select({ orderId: orderCustomers.orderId, allergies: customers.allergies }).from(orderCustomers)
    .innerJoin(customers, eq(customers.id, orderCustomers.customerId))
    .where(and(inArray(orderCustomers.orderId, [...new Set(orderIds)]), isNotNull(customers.allergies), isNull(customers.erasedAt))).all();
  return new Map(rows.map((r) => [r.orderId, r.allergies!]));
}
