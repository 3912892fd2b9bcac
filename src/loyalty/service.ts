/**
 * Loyalty on the box (issue 18): what a customer has, a manager's adjustment, and a reward redeemed
 * on a bill. A redemption is a payment with method `loyalty` (docs/guests.md says why) and its
 * ledger entry, in one command: the points can never leave without the bill being paid, nor the
 * other way round.
 */
import { desc, eq, inArray } from 'drizzle-orm';
import { loyaltyEntries, orderCustomers } from '../db/schema.js';
import { runCommand, type Actor, type CommandContext, type CommandDeps, type DbLike } from '../db/command.js';
import { AppError, notFound } from '../errors.js';
import { requestHash } from '../lib/request-hash.js';
import { assertNotErased, resolveCustomer } from '../customers/store.js';
import { loadOrder, totalsOf } from '../orders/store.js';
import { applyPayment } from '../payments/service.js';
import { remember, replayed } from '../payments/idempotency.js';
import { orderView } from '../orders/store.js';
import { balanceView, bookEntry, idsOf, knownBalance, loadProgramme, loyaltyOf, type EntryRow, type LoadedProgramme } from './store.js';
import { decideRedeem } from './rules.js';
import type { AdjustmentInput, CustomerLoyaltyViewT } from './schemas.js';
import type { Reward } from '../../sync/loyalty.js';

function programmeOrRefuse(tx: DbLike): LoadedProgramme {
  const p = loadProgramme(tx);
  if (!p) throw new AppError('LOYALTY_OFF', 'No loyalty programme has reached this box yet: an owner sets it in the cloud (PUT /api/loyalty/programme).');
  return p;
}

function view(b: ReturnType<typeof knownBalance>): CustomerLoyaltyViewT {
  return balanceView(b);
}

const entryView = (e: EntryRow) => {
  const { localSeq: _l, programmeVersion: _p, businessDay: _b, ...rest } = e;
  return rest;
};

/** What one use of `reward` takes off this order: its amount, or one of the named item as the bill prices it. */
function rewardValue(tx: DbLike, orderId: string, reward: Reward): number {
  if (reward.kind === 'amount') return reward.amount;
  const loaded = loadOrder(tx, orderId);
  const dues = new Map(totalsOf(loaded.order, loaded.lines).lines.map((l) => [l.id, l.due]));
  const wanted = reward.itemName.toLocaleLowerCase();
  const line = loaded.lines.find((l) => l.state !== 'voided' && l.name.toLocaleLowerCase() === wanted);
  if (!line) throw new AppError('LOYALTY_REWARD_UNAVAILABLE', `"${reward.name}" is a free ${reward.itemName}: add one to the order first.`, { rewardId: reward.id });
  return Math.floor((dues.get(line.id) ?? 0) / line.quantity);
}

export interface RedemptionResultT { payment: unknown; order: unknown; entry: ReturnType<typeof entryView>; loyalty: CustomerLoyaltyViewT }

export class LoyaltyService {
  constructor(private readonly deps: CommandDeps) {}

  /** The customer's points as this box knows them; null when no programme reached the box. */

  detail(customerId: string) {
    const customer = resolveCustomer(this.deps.db, customerId);
    const entries = this.deps.db.select().from(loyaltyEntries).where(inArray(loyaltyEntries.customerId, idsOf(this.deps.db, customer.id)))
      .orderBy(desc(loyaltyEntries.localSeq)).limit(100).all();
    return { customerId: customer.id, loyalty: loyaltyOf(this.deps.db, customer.id), entries: entries.map(entryView) };
  }

  programme() {
    return { programme: loadProgramme(this.deps.db) as Record<string, unknown> | null };
  }

  /** A manager adds or takes points, with a reason (audited). A retry with the same id answers the first. */
  adjust(actor: Actor, customerId: string, input: AdjustmentInput) {
    return runCommand(this.deps, actor, (ctx) => {
      const programme = programmeOrRefuse(ctx.tx);
      const customer = resolveCustomer(ctx.tx, customerId);
      assertNotErased(customer);
      if (input.id) {
        const earlier = ctx.tx.select().from(loyaltyEntries).where(eq(loyaltyEntries.id, input.id)).get();
        if (earlier) {
          if (earlier.kind === 'adjust' && earlier.points === input.points && earlier.reason === input.reason && idsOf(ctx.tx, customer.id).includes(earlier.customerId)) {
            return { entry: entryView(earlier), loyalty: view(knownBalance(ctx.tx, programme, customer.id)) };
          }
          throw new AppError('IDEMPOTENCY_CONFLICT', 'A loyalty entry with this id exists with different details.');
        }
      }
      const entry = bookEntry(ctx, programme.version, { id: input.id, customerId: customer.id, kind: 'adjust', points: input.points, reason: input.reason, approvedBy: ctx.actor.staffId });
      ctx.audit({ action: 'loyalty.adjusted', entity: 'customer', entityId: customer.id, reason: input.reason, details: { points: input.points, entryId: entry.id } });
      const loyalty = view(knownBalance(ctx.tx, programme, customer.id));
      ctx.emit({ type: 'loyalty.changed', data: { customerId: customer.id, points: loyalty.points } });
      return { entry: entryView(entry), loyalty };
    });
  }

  /** Redeems a reward on an order's bill: a `loyalty` payment and a `redeem` entry, one command. Needs an Idempotency-Key. */
  redeem(actor: Actor, orderId: string, key: string, rewardId: string): Promise<RedemptionResultT> {
    const hash = requestHash({ orderId, rewardId });
    return runCommand(this.deps, actor, (ctx) => {
      const earlier = replayed<RedemptionResultT>(ctx, 'loyalty.redeem', key, hash);
      if (earlier) return earlier;
      const result = this.redeemIn(ctx, orderId, rewardId);
      remember(ctx, 'loyalty.redeem', key, hash, 201, result);
      return result;
    });
  }

  private redeemIn(ctx: CommandContext, orderId: string, rewardId: string): RedemptionResultT {
    const programme = programmeOrRefuse(ctx.tx);
    loadOrder(ctx.tx, orderId);
    const link = ctx.tx.select().from(orderCustomers).where(eq(orderCustomers.orderId, orderId)).get();
    if (!link?.customerId) throw new AppError('LOYALTY_NO_CUSTOMER', 'Attach the guest to the order before redeeming their points.', { orderId });
    const customer = resolveCustomer(ctx.tx, link.customerId);
    assertNotErased(customer);
    const reward = programme.rewards.find((r) => r.id === rewardId);
    if (!reward) throw notFound('reward', rewardId);
    const decision = decideRedeem(reward.points, knownBalance(ctx.tx, programme, customer.id), programme.offlineRedemptionLimit);
    if (!decision.ok) throw new AppError(decision.code, decision.message, decision.details);
    const order = loadOrder(ctx.tx, orderId).order;
    const amount = Math.min(rewardValue(ctx.tx, orderId, reward), Math.max(0, order.total - order.paid));
    const { row, updated } = applyPayment(ctx, orderId, { method: 'loyalty', amount: amount > 0 ? amount : undefined, tip: 0, reference: reward.id });
    const entry = bookEntry(ctx, programme.version, { customerId: customer.id, kind: 'redeem', points: -reward.points, orderId, paymentId: row.id, rewardId: reward.id, amount: row.amount });
    ctx.audit({ action: 'loyalty.redeemed', entity: 'order', entityId: orderId, details: { customerId: customer.id, rewardId: reward.id, points: reward.points, amount: row.amount } });
    const loyalty = view(knownBalance(ctx.tx, programme, customer.id));
    ctx.emit({ type: 'payment.taken', data: { orderId, paymentId: row.id, method: row.method, amount: row.amount, tip: 0, change: 0, orderCompleted: updated.order.status === 'completed' } });
    ctx.emit({ type: 'loyalty.changed', data: { customerId: customer.id, points: loyalty.points } });
    return { payment: { ...row, refunded: 0 }, order: orderView(updated), entry: entryView(entry), loyalty };
  }
}
