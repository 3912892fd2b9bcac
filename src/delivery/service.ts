/**
 * Platform orders on the box (issue 21): the list the floor and the pass see, and the decisions a
 * person takes (accept with a prep time, reject with a reason, ready, picked up), plus the
 * kitchen's pause and prep time. Each write is one command (./decisions.ts).
 */
import { runCommand, type Actor, type CommandDeps } from '../db/command.js';
import type { RejectReason } from '../../sync/delivery-messages.js';
import { acceptDelivery, markDeliveryPickedUp, markDeliveryReady, rejectDelivery } from './decisions.js';
import { deliveryView, kitchenStateOf, listDeliveries, loadDelivery, saveKitchenState, type KitchenStateRow } from './store.js';
import type { SetKitchenStateInput } from './schemas.js';

const kitchenView = ({ id: _id, updatedAt: _u, ...rest }: KitchenStateRow) => rest;

export class DeliveryService {
  constructor(private readonly deps: CommandDeps) {}

  list(state: 'open' | 'all', limit: number) {
    return listDeliveries(this.deps.db, state === 'open', limit).map(deliveryView);
  }

  get(id: string) {
    return deliveryView(loadDelivery(this.deps.db, id));
  }

  accept(actor: Actor, id: string, prepMinutes: number | undefined) {
    return runCommand(this.deps, actor, (ctx) => {
      const row = loadDelivery(ctx.tx, id);
      // A double tap on "accept" answers the first.
      if (row.state === 'accepted' && (prepMinutes === undefined || prepMinutes === row.prepMinutes)) return deliveryView(row);
      return deliveryView(acceptDelivery(ctx, row, prepMinutes ?? row.prepMinutes));
    });
  }

  reject(actor: Actor, id: string, reason: RejectReason) {
    return runCommand(this.deps, actor, (ctx) => {
      const row = loadDelivery(ctx.tx, id);
      if (row.state === 'rejected') return deliveryView(row);
      return deliveryView(rejectDelivery(ctx, row, reason));
    });
  }

  ready(actor: Actor, id: string) {
    return runCommand(this.deps, actor, (ctx) => deliveryView(markDeliveryReady(ctx, loadDelivery(ctx.tx, id))));
  }

  pickedUp(actor: Actor, id: string) {
    return runCommand(this.deps, actor, (ctx) => deliveryView(markDeliveryPickedUp(ctx, loadDelivery(ctx.tx, id))));
  }

  kitchen() {
    return kitchenView(kitchenStateOf(this.deps.db));
  }

  /** Pause (every platform order refused at once), resume, or change the prep time quoted. */
  setKitchen(actor: Actor, input: SetKitchenStateInput) {
    return runCommand(this.deps, actor, (ctx) => {
      const current = kitchenStateOf(ctx.tx);
      const paused = input.paused ?? current.paused;
      const pausing = paused && !current.paused;
      const next: KitchenStateRow = {
        id: 1, paused,
        pausedReason: paused ? (input.reason !== undefined ? input.reason : current.pausedReason) : null,
        pausedAt: paused ? (pausing ? ctx.now : current.pausedAt) : null,
        pausedBy: paused ? (pausing ? ctx.actor.staffId : current.pausedBy) : null,
        prepMinutes: input.prepMinutes !== undefined ? input.prepMinutes : current.prepMinutes,
        updatedAt: ctx.now,
      };
      if (paused !== current.paused) ctx.audit({ action: paused ? 'kitchen.paused' : 'kitchen.resumed', entity: 'kitchen', entityId: '1', reason: next.pausedReason ?? undefined });
      return kitchenView(saveKitchenState(ctx, next));
    });
  }
}
