import { afterEach, describe, expect, it } from 'vitest';
import { setUpRestaurant, startTestBox, type TestBox } from './helpers/box.js';
import { burgerLine, newId, seedBistro } from './helpers/fixtures.js';
import { hello } from './helpers/ws-client.js';
import { mayReadMetrics } from '../src/metrics/access.js';
import { startTestCloud } from './helpers/cloud.js';

let t: TestBox | undefined;
afterEach(async () => { await t?.close(); t = undefined; });

/** One sample's value from Prometheus text: `name{labels} value`. */
function sample(text: string, name: string, labels = ''): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${name}${labels ? `{${labels}}` : ''} `));
  return line === undefined ? undefined : Number(line.split(' ').at(-1));
}

describe('GET /metrics', () => {
  it('shows orders, payments, route latencies, queues, sockets, database size and backup age in Prometheus format', async () => {
    t = await startTestBox();
    const r = await setUpRestaurant(t);
    const b = await seedBistro(r);
    const waiter = await r.signInAs('waiter');
    const orderId = newId();
    expect((await t.api('POST', '/orders', { token: waiter.token, body: { id: orderId, type: 'takeaway', lines: [burgerLine(b)] } })).status).toBe(201);
    expect((await t.api('POST', '/orders', { token: waiter.token, body: { id: newId(), type: 'takeaway', lines: [burgerLine(b)] } })).status).toBe(201);
    expect((await t.api('POST', `/orders/${orderId}/payments`, { token: waiter.token, headers: { 'idempotency-key': `pay-${orderId}` }, body: { method: 'card' } })).status).toBe(201);
    const { socket } = await hello(t.url, waiter.token, ['orders']);
    await t.box.backups.take('manual', { pagesPerStep: 64 });

    const res = await fetch(`${t.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    socket.close();
    expect(sample(text, 'brigade_orders_created_total')).toBe(2);
    expect(sample(text, 'brigade_payments_total', 'kind="payment",method="card"')).toBe(1);
    expect(sample(text, 'brigade_http_request_duration_seconds_count', 'method="POST",route="/orders",status="201"')).toBe(2);
    expect(text).toContain('route="/orders/:id/payments"');
    expect(sample(text, 'brigade_websocket_clients')).toBe(1);
    expect(sample(text, 'brigade_sync_queue_depth')).toBeGreaterThan(0);
    expect(sample(text, 'brigade_sync_lag_seconds')).toBeGreaterThanOrEqual(0);
    expect(sample(text, 'brigade_database_bytes')).toBeGreaterThan(0);
    expect(sample(text, 'brigade_wal_bytes')).toBeGreaterThanOrEqual(0);
    expect(sample(text, 'brigade_last_backup_age_seconds')).toBeGreaterThanOrEqual(0);
    expect(sample(text, 'brigade_last_backup_age_seconds')).toBeLessThan(60);
    expect(text).toMatch(/^brigade_nodejs_eventloop_lag_p99_seconds /m);
    expect(text).toContain('brigade_print_queue_depth');
  });

  it('answers before set-up, from the box itself, without a staff sign-in', async () => {
    t = await startTestBox();
    const res = await fetch(`${t.url}/metrics`);
    expect(res.status).toBe(200);
    expect(sample(await res.text(), 'brigade_last_backup_age_seconds')).toBe(-1);
  });
});

describe('who may read the metrics', () => {
  it('lets the LAN in and keeps the internet out unless it sends METRICS_TOKEN', () => {
    for (const lan of ['127.0.0.1', '::1', '::ffff:127.0.0.1', '192.168.1.20', '10.4.0.7', '172.20.1.1', 'fe80::1', 'fd12::5']) {
      expect(mayReadMetrics(lan, undefined, undefined), lan).toBe(true);
    }
    for (const wan of ['8.8.8.8', '172.32.0.1', '::ffff:93.184.216.34', '2001:db8::1']) {
      expect(mayReadMetrics(wan, undefined, 'a-long-metrics-token-123'), wan).toBe(false);
      expect(mayReadMetrics(wan, 'Bearer wrong-token-xxxxxxxxxx', 'a-long-metrics-token-123'), wan).toBe(false);
      expect(mayReadMetrics(wan, 'Bearer a-long-metrics-token-123', 'a-long-metrics-token-123'), wan).toBe(true);
    }
    expect(mayReadMetrics(undefined, undefined, undefined)).toBe(false);
  });
});

describe('GET /metrics on the cloud', () => {
  it('counts the batches and changes a box pushed, with ingest latency by route', async () => {
    const cloud = await startTestCloud({ serve: true });
    try {
      t = await startTestBox({ env: { CLOUD_URL: cloud.url, CLOUD_CREDENTIAL: cloud.a.credential, SYNC_INTERVAL_MS: '60000' } });
      await setUpRestaurant(t);
      await t.box.services.sync.syncNow();
      const boxText = await (await fetch(`${t.url}/metrics`)).text();
      expect(sample(boxText, 'brigade_sync_queue_depth')).toBe(0);
      expect(sample(boxText, 'brigade_sync_last_success_age_seconds')).toBeGreaterThanOrEqual(0);

      const res = await fetch(`${cloud.url}/metrics`);
      expect(res.status).toBe(200);
      const text = await res.text();
      expect(sample(text, 'brigade_cloud_ingest_batches_total', 'outcome="ok"')).toBeGreaterThanOrEqual(1);
      expect(sample(text, 'brigade_cloud_ingest_changes_total', 'result="applied"')).toBeGreaterThan(0);
      expect(sample(text, 'brigade_cloud_ingest_changes_total', 'result="rejected"')).toBe(0);
      expect(text).toMatch(/brigade_cloud_http_request_duration_seconds_count\{method="POST",route="\/sync\/ingest",status="200"\} \d+/);
      expect(sample(text, 'brigade_cloud_last_ingest_age_seconds')).toBeGreaterThanOrEqual(0);
    } finally {
      await t?.close();
      t = undefined;
      await cloud.close();
    }
  });
});
