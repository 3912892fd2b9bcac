import { afterEach, describe, expect, it } from 'vitest';
import { encodeDocument } from '../printers/encoding/encode.js';
import { renderTemplate, type BillData, type KitchenTicketData } from '../printers/templates/index.js';
import { jobText, PrinterEmulator, type ReceivedJob } from '../printers/emulator/server.js';
import { TcpTransport } from '../printers/transport/tcp.js';
import type { Columns } from '../printers/encoding/document.js';
import type { TemplateData, TemplateName } from '../printers/templates/index.js';

const emulators: PrinterEmulator[] = [];
afterEach(async () => { await Promise.all(emulators.splice(0).map((e) => e.close())); });

async function printThrough<N extends TemplateName>(name: N, data: TemplateData[N], options: { columns?: Columns; reprint?: boolean } = {}): Promise<ReceivedJob> {
  const emulator = await PrinterEmulator.start();
  emulators.push(emulator);
  const bytes = encodeDocument(renderTemplate(name, data, { columns: options.columns ?? 48, reprint: options.reprint }), { columns: options.columns ?? 48, codePage: 'cp858' });
  await new TcpTransport('127.0.0.1', emulator.port, { connectMs: 1000, replyMs: 1000 }).send(bytes);
  const [job] = await emulator.waitForJobs(1);
  return job!;
}

const ticket: KitchenTicketData = {
  kind: 'new', orderNumber: 42, station: 'grill', tableLabel: '12', serverName: 'Zoë', course: 1, firedAt: Date.UTC(2026, 5, 1, 18, 5), timeZone: 'Europe/Paris',
  lines: [
    { name: 'Entrecôte', quantity: 2, seat: 1, course: 1, notes: 'allergie: noix', options: ['à point', 'frites'] },
    { name: 'Crème brûlée', quantity: 1, seat: null, course: 1, notes: null, options: [] },
  ],
};

const bill: BillData = {
  restaurant: { name: 'Chez Brigade', currency: 'EUR', headerLines: ['1 rue de la Paix'], footer: 'Merci & à bientôt' },
  order: { number: 42, table: '12', server: 'Zoë', guestCount: 2 },
  lines: [{ name: 'Entrecôte', quantity: 2, options: ['à point'], gross: 5000, discount: 500, amount: 4500 }],
  subtotal: 4500, discounts: 500, serviceCharge: 450, serviceChargeBp: 1000, taxes: [{ rateBp: 1000, base: 4950, tax: 495 }], taxIncluded: false,
  total: 5445, payments: [{ method: 'cash', amount: 5445, tip: 300, change: 255 }], paid: 5445, tips: 300, balance: 0,
  printedAt: Date.UTC(2026, 5, 1, 20, 0), timeZone: 'Europe/Paris', qr: 'https://example.test/r/42',
};

describe('templates printed through the emulator', () => {
  it('a kitchen ticket shows the order number and table big, options indented, notes inverted, and is cut', async () => {
    const job = await printThrough('kitchen-ticket', ticket);
    const lines = job.items.filter((i) => i.kind === 'line') as Array<{ text: string; style: { bold: boolean; invert: boolean; width: number; height: number } }>;
    const head = lines.find((l) => l.text.includes('#42'))!;
    expect(head.text).toContain('Table 12');
    expect(head.style).toMatchObject({ bold: true, width: 2, height: 2 });
    expect(jobText(job)).toContain('GRILL');
    expect(jobText(job).some((t) => t.includes('20:05') && t.includes('Zoë') && t.includes('Course 1'))).toBe(true);
    expect(lines.find((l) => l.text.includes('2 x Entrecôte'))!.style.width).toBe(2);
    expect(lines.some((l) => l.text === '    à point')).toBe(true);
    expect(lines.find((l) => l.text.includes('NOTE: allergie: noix'))!.style.invert).toBe(true);
    expect(job.items.filter((i) => i.kind !== 'line' || i.text !== '').at(-1)).toEqual({ kind: 'cut' });
    expect(job.items.filter((i) => i.kind === 'unknown')).toEqual([]);
  });

  it('ADD, VOID and REPRINT tickets carry their banner in white on black', async () => {
    for (const [kind, reprint, word] of [['add', false, 'ADD'], ['void', false, 'VOID'], ['new', true, 'REPRINT']] as const) {
      const job = await printThrough('kitchen-ticket', { ...ticket, kind }, { reprint });
      const first = job.items.find((i) => i.kind === 'line') as { text: string; style: { invert: boolean } };
      expect(first.text.trim()).toBe(word);
      expect(first.style.invert).toBe(true);
    }
  });

  it('é ñ ü ß € reach the printer as their CP858 bytes, with no code-page switching', async () => {
    const job = await printThrough('test-page', { printerName: 'Grill', address: '127.0.0.1:9100', printedAt: 'now' });
    expect(jobText(job)).toContain('Accents: é è à ç ñ ü ö ß Å Ø');
    expect(jobText(job)).toContain('Euro: € 12.50');
    const bytes = [...job.bytes];
    for (const b of [0x82, 0xa4, 0x81, 0xe1, 0xd5]) expect(bytes).toContain(b); // é ñ ü ß € in CP858
    const selects = bytes.flatMap((b, i) => (b === 0x1b && bytes[i + 1] === 0x74 ? [bytes[i + 2]] : []));
    expect(selects).toEqual([19]);
  });

  it('a line the fixed code page cannot print falls back to another page and back', async () => {
    const job = await printThrough('kitchen-ticket', { ...ticket, lines: [{ ...ticket.lines[0]!, name: 'Σουβλάκι' }] });
    expect(jobText(job).some((t) => t.includes('Σουβλάκι'))).toBe(true);
    expect(jobText(job).some((t) => t.includes('à point'))).toBe(true);
  });

  it('a receipt lists lines, discount, service, tax by rate, total, payment, tip, change, footer and a QR code', async () => {
    const job = await printThrough('receipt', bill, { columns: 42 });
    const text = jobText(job);
    expect(text[0]).toBe('Chez Brigade');
    expect(text).toContain('1 rue de la Paix');
    expect(text.some((t) => /^2 Entrecôte\s+50\.00$/.test(t))).toBe(true);
    expect(text.some((t) => /^Service 10%\s+4\.50$/.test(t))).toBe(true);
    expect(text.some((t) => /^Tax 10% on 49\.50\s+4\.95$/.test(t))).toBe(true);
    expect(text).toContain('TOTAL €54.45');
    expect(text.some((t) => /^Paid cash\s+54\.45$/.test(t))).toBe(true);
    expect(text.some((t) => /^Tip\s+3\.00$/.test(t))).toBe(true);
    expect(text.some((t) => /^Change\s+2\.55$/.test(t))).toBe(true);
    expect(text).toContain('Merci & à bientôt');
    expect(job.items).toContainEqual({ kind: 'qr', value: 'https://example.test/r/42' });
    for (const l of job.items.filter((i) => i.kind === 'line') as Array<{ text: string }>) expect(l.text.length).toBeLessThanOrEqual(42);
  });

  it('a guest check says balance due and that it is not a receipt; a 58 mm one fits 32 columns', async () => {
    const job = await printThrough('guest-check', { ...bill, payments: [], paid: 0, balance: 5445, qr: null }, { columns: 32 });
    expect(jobText(job)[0]).toBe('GUEST CHECK');
    expect(jobText(job).some((t) => /^BALANCE DUE\s+54\.45$/.test(t))).toBe(true);
    expect(jobText(job)).toContain('This is not a receipt');
    for (const l of job.items.filter((i) => i.kind === 'line') as Array<{ text: string }>) expect(l.text.length).toBeLessThanOrEqual(32);
  });

  it('X and Z reports print the day figures; the Z has a banner', async () => {
    const report = { kind: 'z' as const, restaurantName: 'Chez Brigade', currency: 'EUR', businessDay: '2026-06-01', generatedAt: Date.UTC(2026, 5, 1, 23), timeZone: 'Europe/Paris',
      orders: 3, gross: 10000, discounts: 500, voids: 200, serviceCharge: 0, net: 9500, taxes: [{ rateBp: 2000, tax: 1583 }], tips: 300, refunds: 0,
      payments: [{ method: 'cash', count: 2, amount: 6000 }, { method: 'card', count: 1, amount: 3500 }] };
    const z = await printThrough('report', report);
    const text = jobText(z);
    expect(text[0]).toBe('Z REPORT');
    expect(text.some((t) => /^Net sales\s+95\.00$/.test(t))).toBe(true);
    // Voids are not in gross or net: printed after the sales lines, unsigned, not as a deduction.
    const voids = text.findIndex((t) => /^Voided, not in sales\s+2\.00$/.test(t));
    expect(voids).toBeGreaterThan(text.findIndex((t) => t.startsWith('Net sales')));
    expect(text.some((t) => /^Voids/.test(t))).toBe(false);
    expect(text).toContain('TAKEN €95.00');
    const x = await printThrough('report', { ...report, kind: 'x' });
    expect(jobText(x)[0]).toBe('X REPORT');
    expect(text.some((t) => t.startsWith('CARRIED OVER'))).toBe(false);
  });

  it('a Z that carried open orders over lists them after the takings, old and new number, with what was already paid', async () => {
    const report = { kind: 'z' as const, number: 7, restaurantName: 'Chez Brigade', currency: 'EUR', businessDay: '2026-06-01', generatedAt: Date.UTC(2026, 5, 2, 2, 5), timeZone: 'Europe/Paris',
      orders: 1, gross: 1000, discounts: 0, voids: 0, serviceCharge: 0, net: 1000, taxes: [], tips: 0, refunds: 0,
      payments: [{ method: 'cash', count: 2, amount: 1500 }],
      carriedOver: [{ fromNumber: 12, toNumber: 1, toDay: '2026-06-02', total: 4200, paid: 500 }, { fromNumber: 14, toNumber: 2, toDay: '2026-06-02', total: 1800, paid: 0 }] };
    const text = jobText(await printThrough('report', report, { columns: 32 }));
    const at = text.indexOf('CARRIED OVER to 2026-06-02');
    expect(at).toBeGreaterThan(text.indexOf('TAKEN €15.00'));
    expect(text.slice(at + 1, at + 4).map((t) => t.replace(/\s+/g, ' '))).toEqual(['#12 -> #1 42.00', 'already paid 5.00', '#14 -> #2 18.00']);
    for (const l of text) expect(l.length).toBeLessThanOrEqual(32);
  });

  it('a drawer kick is one ESC p pulse on pin 2 and nothing printed', async () => {
    const job = await printThrough('drawer-kick', {});
    expect(job.items).toEqual([{ kind: 'pulse', pin: 2, onMs: 100, offMs: 500 }]);
  });
});
