/**
 * Box processes on a cloud, for the guest features' tests (customers, loyalty): a real box per
 * location (child process, temp data dir), set up with a soup on the menu, pushing to `cloudUrl`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import { startBoxProcess, type BoxProcess } from '../../scripts/lib/box-process.js';
import { newId } from './fixtures.js';

export interface Place { locationId: string; credential: string }
export interface GuestBox { proc: BoxProcess; dataDir: string; owner: string; place: Place; cloudUrl: string; soupId: string }

export async function call(box: GuestBox, method: string, p: string, body?: unknown, headers: Record<string, string> = {}, token = box.owner) {
  const res = await fetch(box.proc.url + p, { method, headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

const env = (cloudUrl: string, place: Place) => ({ CLOUD_URL: cloudUrl, CLOUD_CREDENTIAL: place.credential, SYNC_INTERVAL_MS: '100', SYNC_BACKOFF_MAX_MS: '300',
  CHANNEL_WAIT_SECONDS: '1', BACKUP_TIME: 'off', MDNS: 'off' });

/** Starts a box for `place`, sets it up (owner PIN 1111) and seeds a 9.00 soup at 10 % tax. */
export async function startGuestBox(cloudUrl: string, place: Place, name: string, cleanups: Array<() => Promise<void>>, extraEnv: Record<string, string> = {}): Promise<GuestBox> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `brigade-guests-${name}-`));
  cleanups.push(async () => fs.rmSync(dataDir, { recursive: true, force: true }));
  const proc = await startBoxProcess({ dataDir, env: { ...env(cloudUrl, place), ...extraEnv } });
  cleanups.push(() => proc.kill());
  const setup = await fetch(`${proc.url}/setup`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({
    restaurantName: `Bistro ${name}`, currency: 'EUR', timeZone: 'Europe/Paris', country: 'FR', taxMode: 'exclusive', ownerName: 'Olive', ownerPin: '1111' }) });
  expect(setup.status).toBe(201);
  const owner = (await setup.json()).session.token as string;
  const box: GuestBox = { proc, dataDir, owner, place, cloudUrl, soupId: '' };
  const cat = (await call(box, 'POST', '/menu/categories', { name: 'Mains' })).body.id;
  box.soupId = (await call(box, 'POST', '/menu/items', { categoryId: cat, name: 'Soup', price: 900, taxRateBp: 1000, station: 'kitchen' })).body.id;
  return box;
}

/** Starts the box again on its data dir (after a stop). */
export async function restartGuestBox(box: GuestBox, cleanups: Array<() => Promise<void>>, extraEnv: Record<string, string> = {}): Promise<void> {
  box.proc = await startBoxProcess({ dataDir: box.dataDir, env: { ...env(box.cloudUrl, box.place), ...extraEnv } });
  cleanups.push(() => box.proc.kill());
}

/** An open takeaway order of `soups` soups (9.00 each + 10 % tax), fired, with the customer attached. */
export async function openOrderFor(box: GuestBox, customerId: string | null, soups = 2): Promise<string> {
  const orderId = newId();
  expect((await call(box, 'POST', '/orders', { id: orderId, type: 'takeaway', lines: [{ id: newId(), itemId: box.soupId, quantity: soups, optionIds: [] }] })).status).toBe(201);
  if (customerId) expect((await call(box, 'PUT', `/orders/${orderId}/customer`, { customerId })).status).toBe(200);
  await call(box, 'POST', `/orders/${orderId}/fire`, {});
  return orderId;
}

/** Pays what is left on the order by card with a 1.00 tip; returns the payment. */
export async function payByCard(box: GuestBox, orderId: string): Promise<{ id: string; amount: number; tip: number }> {
  const pay = await call(box, 'POST', `/orders/${orderId}/payments`, { method: 'card', tip: 100 }, { 'idempotency-key': `pay-${orderId}` });
  expect(pay.status).toBe(201);
  return pay.body.payment;
}

/** A paid takeaway order for the customer: `soups` soups, card, 1.00 tip. */
export async function paidOrderFor(box: GuestBox, customerId: string, soups = 2): Promise<{ orderId: string; total: number; paymentId: string }> {
  const orderId = await openOrderFor(box, customerId, soups);
  const payment = await payByCard(box, orderId);
  return { orderId, total: (await call(box, 'GET', `/orders/${orderId}`)).body.totals.total, paymentId: payment.id };
}

/** Everything queued has reached the cloud. */
export const synced = async (box: GuestBox) => {
  const s = (await call(box, 'GET', '/sync/status')).body;
  return s.queueDepth === 0 && s.lastSuccessAt !== null;
};
