/**
 * A customer's history at this location, computed from the orders attached to them (and to every
 * record merged into them): visits (orders not canceled), spend (paid net of refunds, tips left
 * out: a tip is the staff's, not the guest's consumption) and the items they order most.
 */
import type { Db } from '../db/open.js';

export function customerHistory(tx: Db, customerId: string) {
  const client = tx.$client;
  // The customer and the records merged into them (a merge keeps both histories).
  const ids = `with recursive ids(id) as (select ? union select c.id from customers c join ids on c.merged_into = ids.id)`;
  const totals = client.prepare(`${ids}
    select count(*) as visits, coalesce(sum(o.paid - o.refunded), 0) as spend, max(o.created_at) as lastVisitAt
    from order_customers oc join orders o on o.id = oc.order_id
    where oc.customer_id in (select id from ids) and o.status <> 'canceled'`).get(customerId) as { visits: number; spend: number; lastVisitAt: number | null };
  const favourites = client.prepare(`${ids}
    select l.name as name, sum(l.quantity) as quantity
    from order_customers oc join orders o on o.id = oc.order_id join order_lines l on l.order_id = o.id
    where oc.customer_id in (select id from ids) and o.status <> 'canceled' and l.state <> 'voided'
    group by l.name order by quantity desc, name limit 5`).all(customerId) as Array<{ name: string; quantity: number }>;
  return { ...totals, favouriteItems: favourites };
}
