import crypto from 'node:crypto';
import fs from 'node:fs';
import https from 'node:https';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import WebSocket from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { startHttps } from '../src/tls/https-listener.js';
import { namesFromSubjectAltName, type BoxNames } from '../src/tls/box-names.js';
import { startTestBox, type TestBox } from './helpers/box.js';

/** The box over HTTPS (issue 22): real servers, real TLS clients that trust the box's CA alone. */
const boxes: TestBox[] = [];
afterEach(async () => { await Promise.all(boxes.splice(0).map((b) => b.close())); });

async function boxWith(env: Record<string, string>, dataDir?: string): Promise<TestBox> {
  const t = await startTestBox({ env, dataDir });
  boxes.push(t);
  return t;
}

/** GET over HTTPS trusting only `ca`; the status, body and the server certificate's names. */
function httpsGet(url: string, ca: string): Promise<{ status: number; body: string; names: BoxNames }> {
  return new Promise((resolve, reject) => {
    https.get(url, { ca, agent: false }, (res) => {
      const names = namesFromSubjectAltName((res.socket as import('node:tls').TLSSocket).getPeerCertificate().subjectaltname);
      let body = '';
      res.setEncoding('utf8').on('data', (d: string) => { body += d; }).on('end', () => resolve({ status: res.statusCode!, body, names }));
    }).on('error', reject);
  });
}

describe('the box over HTTPS', () => {
  it('serves its CA certificate at /ca.crt before set-up, and the same app and WebSocket over HTTPS to a client that trusts that CA alone', async () => {
    const t = await boxWith({ HTTPS_PORT: '0' });
    const tls = await t.api('GET', '/tls');
    expect(tls.status).toBe(200);
    expect(tls.body.httpPort).toBe(t.box.port);
    const ca = await fetch(`${t.url}/ca.crt`);
    expect(ca.status).toBe(200);
    expect(ca.headers.get('content-type')).toBe('application/x-x509-ca-cert');
    expect(ca.headers.get('content-disposition')).toBe('attachment; filename="brigade-box-ca.crt"');
    const caPem = await ca.text();
    expect(new crypto.X509Certificate(caPem).fingerprint256).toBe(tls.body.https.caFingerprint);

    const health = await httpsGet(`https://localhost:${tls.body.https.port}/healthz`, caPem);
    expect(health.status).toBe(200);
    expect(JSON.parse(health.body)).toMatchObject({ status: 'ok', initialized: false });
    expect(health.names.dns).toEqual(expect.arrayContaining(['localhost', `${os.hostname().toLowerCase().split('.')[0]}.local`]));
    expect(tls.body.https.names).toEqual(health.names);

    // Screens on HTTPS get the live socket too (wss on the HTTPS port).
    const ws = new WebSocket(`wss://localhost:${tls.body.https.port}/ws`, { ca: caPem });
    const opened = await new Promise<string>((resolve) => { ws.once('open', () => resolve('open')); ws.once('error', (e) => resolve(e.message)); });
    expect(opened).toBe('open');
    ws.close();

    const page = await t.api('GET', '/certificate');
    expect(page.status).toBe(200);
    expect(page.body).toContain(tls.body.https.caFingerprint);
  });

  it('keeps its CA across restarts: a tablet that installed it once goes on trusting the box', async () => {
    const t = await boxWith({ HTTPS_PORT: '0' });
    const before = (await t.api('GET', '/tls')).body.https;
    const caPem = fs.readFileSync(path.join(t.dataDir, 'tls', 'ca.crt'), 'utf8');
    await t.box.stop();
    boxes.pop();
    const again = await boxWith({ HTTPS_PORT: '0' }, t.dataDir);
    const after = (await again.api('GET', '/tls')).body.https;
    expect(after.caFingerprint).toBe(before.caFingerprint);
    expect(after.notAfter).toBe(before.notAfter);
    expect((await httpsGet(`https://localhost:${after.port}/setup`, caPem)).status).toBe(200);
  });

  it('with HTTPS_PORT=off there is no certificate: /ca.crt answers 404 HTTPS_OFF, /tls says so, and nothing is written to the data dir', async () => {
    const t = await boxWith({ HTTPS_PORT: 'off' });
    expect((await t.api('GET', '/tls')).body).toEqual({ httpPort: t.box.port, https: null });
    const ca = await t.api('GET', '/ca.crt');
    expect([ca.status, ca.body.error.code]).toEqual([404, 'HTTPS_OFF']);
    expect(ca.body.error.message).toContain('HTTPS_PORT');
    expect((await t.api('GET', '/certificate')).body).toContain('HTTPS is off on this box');
    expect(fs.existsSync(path.join(t.dataDir, 'tls'))).toBe(false);
  });

  it('starts on HTTP alone when the HTTPS port is taken, rather than not at all', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    try {
      const taken = (blocker.address() as net.AddressInfo).port;
      const t = await boxWith({ HTTPS_PORT: String(taken) });
      expect(t.box.https).toBeNull();
      expect((await t.api('GET', '/healthz')).status).toBe(200);
      expect((await t.api('GET', '/tls')).body.https).toBeNull();
    } finally {
      blocker.close();
    }
  });

  it('swaps in a certificate for a new address while running, without a restart', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'brigade-https-'));
    let ips = ['127.0.0.1', '192.168.1.20'];
    const listener = await startHttps({
      dataDir, port: 0, host: '127.0.0.1', logger: pino({ level: 'silent' }), now: () => Date.now(),
      fetch: () => new Response('ok'), names: () => ({ dns: ['localhost'], ips }),
    });
    try {
      const url = `https://localhost:${listener.state.port}/`;
      expect((await httpsGet(url, listener.state.material.caPem)).names.ips).toEqual(['127.0.0.1', '192.168.1.20']);
      expect(await listener.recheck()).toEqual([]);
      ips = ['127.0.0.1', '192.168.1.57'];
      expect(await listener.recheck()).toEqual(['server certificate (names changed)']);
      const after = await httpsGet(url, listener.state.material.caPem);
      expect([after.status, after.body, after.names.ips]).toEqual([200, 'ok', ['127.0.0.1', '192.168.1.57']]);
    } finally {
      await listener.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('refuses an HTTPS_PORT that is not a port, naming the variable', () => {
    expect(() => loadConfig({ HTTPS_PORT: '70000' })).toThrow(/HTTPS_PORT="70000"/);
    expect(() => loadConfig({ HTTPS_PORT: 'yes' })).toThrow(/HTTPS_PORT="yes"/);
    expect(loadConfig({}).httpsPort).toBe(8443);
    expect(loadConfig({ HTTPS_PORT: 'off' }).httpsPort).toBeNull();
  });
});
