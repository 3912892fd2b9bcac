import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { setUpRestaurant, startTestBox, type Restaurant, type TestBox } from './helpers/box.js';
import { burgerLine, newId, seedBistro } from './helpers/fixtures.js';
import { connect, hello, pairDevice, ticketEvent, wsUrl } from './helpers/ws-client.js';
import { topicsForEvent, mayListen } from '../src/realtime/topics.js';

let t: TestBox;
let r: Restaurant;
beforeEach(async () => { t = await startTestBox(); r = await setUpRestaurant(t); });
afterEach(async () => { await t.close(); });

const publish = (...events: Array<{ type: string; data: unknown }>) => t.box.deps.bus.publish(events);

describe('saying hello on /ws', () => {
  it('welcomes a kitchen screen with the hub seq, epoch, its role and its topics', async () => {
    const kitchen = await pairDevice(r, 'kitchen');
    const { socket, welcome } = await hello(t.url, kitchen.token, ['kitchen:grill', 'menu']);
    expect(welcome.data).toEqual({ seq: 0, epoch: expect.any(String), role: 'kitchen_screen', topics: ['kitchen:grill', 'menu'] });
    publish(ticketEvent('grill', 1));
    const [message] = await socket.messages(1);
    expect(message).toEqual({ seq: 1, type: 'ticket.created', data: ticketEvent('grill', 1).data });
    socket.close();
  });

  it('refuses an unknown token with UNAUTHENTICATED and closes the socket with 4401', async () => {
    const socket = await connect(t.url);
    socket.send({ type: 'hello', token: 'bdv_not-a-real-token', topics: ['kitchen'] });
    expect((await socket.waitFor((f) => f.type === 'error')).data.code).toBe('UNAUTHENTICATED');
    expect((await socket.closed).code).toBe(4401);
  });

  it('answers 404 to a WebSocket upgrade on any other path', async () => {
    const ws = new WebSocket(wsUrl(t.url, '/socket'));
    const status = await new Promise<number>((resolve) => {
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('error', () => resolve(-1));
    });
    expect(status).toBe(404);
  });

  it('stopping the box closes open sockets with 1001 instead of hanging', async () => {
    const kitchen = await pairDevice(r, 'kitchen');
    const { socket } = await hello(t.url, kitchen.token, ['kitchen']);
    const stopping = t.box.stop();
    expect((await socket.closed).code).toBe(1001);
    await stopping;
    const dir = t.dataDir;
    t = { ...t, close: async () => fs.rmSync(dir, { recursive: true, force: true }) };
  });
});

describe('frames a client gets wrong', () => {
  it('answers bad JSON, unknown types, extra fields and binary with BAD_FRAME and keeps the connection', async () => {
    const waiter = await r.signInAs('waiter');
    const { socket } = await hello(t.url, waiter.token, ['orders']);
    socket.send('{not json');
    socket.send({ type: 'shout', topics: ['orders'] });
    socket.send({ type: 'subscribe', topics: ['tables'], extra: true });
    socket.send({ type: 'subscribe', topics: ['stock-room'] });
    socket.send({ type: 'hello', token: waiter.token, topics: [] });
    socket.ws.send(Buffer.from([1, 2, 3]), { binary: true });
    await socket.sync();
    const errors = socket.frames.filter((f) => f.type === 'error');
    expect(errors.map((e) => e.data.code)).toEqual(['BAD_FRAME', 'BAD_FRAME', 'BAD_FRAME', 'BAD_FRAME', 'BAD_FRAME', 'BAD_FRAME']);
    expect(errors[1]!.data.message).toContain('shout');
    expect(errors[2]!.data.message).toContain('extra');
    publish({ type: 'order.updated', data: { id: 'o1' } });
    expect((await socket.messages(1))[0]!.type).toBe('order.updated');
    expect(socket.ws.readyState).toBe(WebSocket.OPEN);
    socket.close();
  });

  it('refuses to let one connection pile up more than 64 topics', async () => {
    const waiter = await r.signInAs('waiter');
    const { socket } = await hello(t.url, waiter.token, ['orders']);
    socket.send({ type: 'subscribe', topics: Array.from({ length: 63 }, (_, i) => `kitchen:s${i}`) });
    socket.send({ type: 'subscribe', topics: ['kitchen:one-too-many'] });
    expect((await socket.waitFor((f) => f.type === 'error')).data).toMatchObject({ code: 'BAD_FRAME', message: 'At most 64 topics per connection.' });
    socket.close();
  });

  it('tells a client that subscribes before hello to say hello first, and still accepts its hello', async () => {
    const waiter = await r.signInAs('waiter');
    const socket = await connect(t.url);
    socket.send({ type: 'subscribe', topics: ['orders'] });
    expect((await socket.waitFor((f) => f.type === 'error')).data.code).toBe('UNAUTHENTICATED');
    socket.send({ type: 'hello', token: waiter.token, topics: ['orders'] });
    expect((await socket.waitFor((f) => f.type === 'welcome')).data.role).toBe('waiter');
    socket.close();
  });
});

describe('who may listen to what', () => {
  it('a kitchen screen cannot listen to orders or alerts but keeps its kitchen topics', async () => {
    const kitchen = await pairDevice(r, 'kitchen');
    const { socket, welcome } = await hello(t.url, kitchen.token, ['kitchen:grill', 'orders']);
    expect(welcome.data.topics).toEqual(['kitchen:grill']);
    expect((await socket.waitFor((f) => f.type === 'error')).data).toMatchObject({ code: 'FORBIDDEN', topic: 'orders' });
    socket.send({ type: 'subscribe', topics: ['alerts', 'kitchen'] });
    expect((await socket.waitFor((f) => f.type === 'error')).data).toMatchObject({ code: 'FORBIDDEN', topic: 'alerts' });
    await socket.sync();
    publish({ type: 'order.updated', data: {} }, { type: 'stock.alert', data: {} }, ticketEvent('bar', 2), ticketEvent('grill', 3));
    const messages = await socket.messages(2);
    // The bar ticket arrives through "kitchen" (expo), the grill one once although both topics match.
    expect(messages.map((m) => [m.seq, m.data.station])).toEqual([[3, 'bar'], [4, 'grill']]);
    socket.close();
  });

  it('a tablet with nobody signed in hears only the menu; a host hears tables, orders and the menu', async () => {
    const tablet = await pairDevice(r, 'tablet');
    const { welcome } = await hello(t.url, tablet.token, ['menu', 'orders', 'tables']);
    expect(welcome.data).toMatchObject({ role: 'device', topics: ['menu'] });
    const host = await r.signInAs('host');
    const hosted = await hello(t.url, host.token, ['menu', 'orders', 'tables', 'kitchen', 'alerts']);
    expect(hosted.welcome.data.topics).toEqual(['menu', 'orders', 'tables']);
  });

  it('routes each event family to its topic', () => {
    expect(topicsForEvent({ type: 'ticket.updated', data: { station: 'pastry' } })).toEqual(['kitchen:pastry', 'kitchen']);
    expect(topicsForEvent({ type: 'order.ready', data: {} })).toEqual(['orders']);
    expect(topicsForEvent({ type: 'payment.taken', data: {} })).toEqual(['orders']);
    expect(topicsForEvent({ type: 'area.deleted', data: {} })).toEqual(['tables']);
    expect(topicsForEvent({ type: 'menu.availability', data: {} })).toEqual(['menu']);
    expect(topicsForEvent({ type: 'printer.alert', data: {} })).toEqual(['alerts', 'alerts:printers']);
    expect(topicsForEvent({ type: 'sync.alert', data: {} })).toEqual(['alerts']);
    expect(mayListen('kitchen_screen', 'alerts:printers') && !mayListen('kitchen_screen', 'alerts')).toBe(true);
    expect(topicsForEvent({ type: 'settings.updated', data: {} })).toEqual([]);
    expect(mayListen('waiter', 'alerts') && mayListen('kitchen', 'kitchen:bar') && !mayListen('kitchen', 'tables')).toBe(true);
  });
});

describe('events from the real API', () => {
  it('firing an order sends order.updated to a waiter on orders and its ticket to the grill screen', async () => {
    const b = await seedBistro(r);
    const waiter = await r.signInAs('waiter');
    const kitchen = await pairDevice(r, 'kitchen');
    const floor = await hello(t.url, waiter.token, ['orders']);
    const grill = await hello(t.url, kitchen.token, ['kitchen:grill']);
    const orderId = newId();
    await t.api('POST', '/orders', { token: waiter.token, body: { id: orderId, type: 'dine_in', tableId: b.tables.t1, lines: [burgerLine(b)] } });
    const fired = await t.api('POST', `/orders/${orderId}/fire`, { token: waiter.token, body: {} });
    expect(fired.status).toBe(200);
    const update = await floor.socket.waitFor((f) => f.type === 'order.updated' && f.data.lines?.some((l: { state: string }) => l.state === 'fired'));
    expect(update.data.id).toBe(orderId);
    const ticket = await grill.socket.waitFor((f) => f.type === 'ticket.created');
    expect(ticket.data).toMatchObject({ orderId, station: 'grill', kind: 'new', tableLabel: 'T1' });
    expect(grill.socket.frames.some((f) => f.type.startsWith('order.'))).toBe(false);
    floor.socket.close();
    grill.socket.close();
  });
});

describe('resuming after a reconnect', () => {
  it('a screen that reconnects with its last seq gets exactly what it missed on its topics, in order', async () => {
    const kitchen = await pairDevice(r, 'kitchen');
    const first = await hello(t.url, kitchen.token, ['kitchen:grill']);
    publish(ticketEvent('grill', 1), ticketEvent('bar', 2));
    const [seen] = await first.socket.messages(1);
    first.socket.close();
    await first.socket.closed;
    publish(ticketEvent('grill', 3), { type: 'order.updated', data: {} }, ticketEvent('grill', 4), ticketEvent('bar', 5));
    const again = await hello(t.url, kitchen.token, ['kitchen:grill'], { lastSeq: seen!.seq, epoch: first.welcome.data.epoch });
    expect(again.welcome.data.seq).toBe(6);
    publish(ticketEvent('grill', 6));
    const messages = await again.socket.messages(3);
    expect(messages.map((m) => [m.seq, m.data.orderNumber])).toEqual([[3, 3], [5, 4], [7, 6]]);
    await again.socket.sync();
    expect(again.socket.frames.filter((f) => f.seq !== undefined)).toHaveLength(3);
    expect(again.socket.frames.some((f) => f.type === 'reload')).toBe(false);
    again.socket.close();
  });

  it('tells a screen to reload when its last seq fell out of the buffer or came from before a restart', async () => {
    const kitchen = await pairDevice(r, 'kitchen');
    const { welcome } = await hello(t.url, kitchen.token, []);
    for (let i = 0; i < 10_001; i++) publish(ticketEvent('grill', i));
    const tooOld = await hello(t.url, kitchen.token, ['kitchen:grill'], { lastSeq: 0, epoch: welcome.data.epoch });
    expect((await tooOld.socket.waitFor((f) => f.type === 'reload')).data.reason).toBe('too_old');
    // Still in the (wrapped) buffer: exactly the last five.
    const recent = await hello(t.url, kitchen.token, ['kitchen:grill'], { lastSeq: 9_996, epoch: welcome.data.epoch });
    expect((await recent.socket.messages(5)).map((m) => m.seq)).toEqual([9_997, 9_998, 9_999, 10_000, 10_001]);
    recent.socket.close();
    const restarted = await hello(t.url, kitchen.token, ['kitchen:grill'], { lastSeq: 10_000, epoch: 'an-earlier-run' });
    expect((await restarted.socket.waitFor((f) => f.type === 'reload')).data.reason).toBe('restarted');
    const ahead = await hello(t.url, kitchen.token, ['kitchen:grill'], { lastSeq: 99_999 });
    expect((await ahead.socket.waitFor((f) => f.type === 'reload')).data.reason).toBe('restarted');
    // Told to reload, the socket stays live: the screen refetches and keeps listening.
    publish(ticketEvent('grill', 20_000));
    expect((await tooOld.socket.messages(1))[0]!.seq).toBe(10_002);
    for (const s of [tooOld, restarted, ahead]) s.socket.close();
  });
});
