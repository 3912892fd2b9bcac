import crypto from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestBox, setUpRestaurant, type TestBox } from './helpers/box.js';
import { startTestCloud } from './helpers/cloud.js';
import { menuPublish, publishEach } from './helpers/channel.js';
import { until } from './helpers/wait.js';
import { ACK_PATH, MESSAGES_PATH } from '../sync/channel-protocol.js';
import { BOX_ID_HEADER } from '../sync/protocol.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => { for (const c of cleanups.splice(0).reverse()) await c(); });

describe('the channel and a device credential already bound to another box', () => {
  it('a second box on the same credential is refused on the channel with 409 DEVICE_CREDENTIAL_IN_USE, says so in GET /sync/status, and gets no menu; the first box does', async () => {
    const cloud = await startTestCloud({ serve: true });
    cleanups.push(() => cloud.close());
    const env = { CLOUD_URL: cloud.url, CLOUD_CREDENTIAL: cloud.a.credential, CHANNEL_WAIT_SECONDS: '2', SYNC_INTERVAL_MS: '100' };
    const start = async (): Promise<{ box: TestBox; token: string }> => {
      const box = await startTestBox({ env });
      cleanups.push(() => box.close());
      return { box, token: (await setUpRestaurant(box)).ownerToken };
    };
    const status = async (p: { box: TestBox; token: string }) => (await p.box.api('GET', '/sync/status', { token: p.token })).body;

    const first = await start();
    await until('the first box to poll the channel (binding the credential)', async () => (await status(first)).down.lastPollAt !== null);
    const second = await start();
    await until('the second box to be refused', async () => /DEVICE_CREDENTIAL_IN_USE/.test((await status(second)).down.lastError ?? ''));
    const down = (await status(second)).down;
    expect(down.lastError).toMatch(/409 DEVICE_CREDENTIAL_IN_USE: .*already in use by another box/);
    expect(down.lastPollAt).toBeNull();

    // The same refusal over the wire, on both channel routes, for any identity but the bound one.
    const stranger = { authorization: `Bearer ${cloud.a.credential}`, [BOX_ID_HEADER]: `box-${crypto.randomUUID()}` };
    const poll = await fetch(`${cloud.url}${MESSAGES_PATH}?after=0`, { headers: stranger });
    expect(poll.status).toBe(409);
    expect((await poll.json()).error.code).toBe('DEVICE_CREDENTIAL_IN_USE');
    const ack = await fetch(`${cloud.url}${ACK_PATH}`, { method: 'POST', headers: { ...stranger, 'content-type': 'application/json' }, body: JSON.stringify({ acks: [] }) });
    expect(ack.status).toBe(409);
    expect((await ack.json()).error.code).toBe('DEVICE_CREDENTIAL_IN_USE');

    // A menu for the location reaches the bound box only.
    await publishEach(cloud.db, { locationId: cloud.a.locationId, organisationId: cloud.orgId }, [menuPublish(777)]);
    await until('the first box to apply the menu', async () => (await status(first)).down.cursor === 1);
    expect((await status(second)).down.cursor).toBe(0);
    expect((await status(first)).down.lastError).toBeNull();
  });
});
