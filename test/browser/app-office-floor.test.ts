import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { setUpRestaurant, startTestBox, type Restaurant, type TestBox } from '../helpers/box.js';
import { seedBistro, type Bistro } from '../helpers/fixtures.js';
import { artifact, launchChromium } from './chromium.js';
import { newTablet, pairAndSignIn, rectsOf, SCREEN_SIZES, staffMember, type Rect } from './app-helpers.js';

let browser: Browser;
let t: TestBox;
let r: Restaurant;
let b: Bistro;
let context: BrowserContext;
let page: Page;

beforeAll(async () => { browser = await launchChromium(); });
afterAll(async () => { await browser?.close(); });
beforeEach(async () => { t = await startTestBox(); r = await setUpRestaurant(t); b = await seedBistro(r); ({ context, page } = await newTablet(browser)); });
afterEach(async () => { await context.close(); await t.close(); });

interface TableRow { id: string; label: string; x: number; y: number; width: number; height: number; version: number }
const tables = async (): Promise<TableRow[]> => (await t.api('GET', '/tables', { token: r.ownerToken })).body;
const table = async (label: string): Promise<TableRow> => (await tables()).find((x) => x.label === label)!;

async function rectOf(selector: string): Promise<Rect> {
  const [box] = await rectsOf(page, selector);
  if (!box) throw new Error(`${selector} is not on the page`);
  return box;
}

/** A mouse drag from the element's middle by (dx, dy) px, in small steps as a hand would. */
async function mouseDrag(selector: string, dx: number, dy: number): Promise<void> {
  const box = await rectOf(selector);
  const x = box.x + box.width / 2, y = box.y + box.height / 2;
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x + dx, y + dy, { steps: 10 });
  await page.mouse.up();
}

/** The same drag with a finger: real touch events through Chromium's input pipeline. */
async function touchDrag(selector: string, dx: number, dy: number): Promise<void> {
  const box = await rectOf(selector);
  const x = box.x + box.width / 2, y = box.y + box.height / 2;
  const cdp = await context.newCDPSession(page);
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x, y }] });
  for (let i = 1; i <= 10; i++) await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x: x + (dx * i) / 10, y: y + (dy * i) / 10 }] });
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  await cdp.detach();
}

const noOverlap = (rects: Rect[]): boolean => rects.every((a, i) => rects.slice(i + 1).every((c) =>
  a.x + a.width <= c.x || c.x + c.width <= a.x || a.y + a.height <= c.y || c.y + c.height <= a.y));

async function inViewport(selector: string, size: { width: number; height: number }): Promise<void> {
  const box = await rectOf(selector);
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.y).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(size.width);
  expect(box.y + box.height).toBeLessThanOrEqual(size.height);
}

describe('the floor plan editor', () => {
  it('sets tables out, moves one by mouse and one by touch, saves once on a double tap, and the waiters\u2019 floor follows after a reload', async () => {
    await page.setViewportSize({ width: 1280, height: 800 });
    const managerId = await staffMember(t, r, 'manager', 'Maya', '9876');
    await pairAndSignIn(page, t, r, managerId, '9876');
    await page.click('#open-flooredit');
    await page.waitForSelector('#fe-map [data-fe-table="T4"]');
    // Tables never placed sit on top of each other: marked, not saveable, and one tap sets them out.
    expect(await page.textContent('#fe-status')).toContain('overlap');
    expect(await page.locator('#fe-map .fe-table.clash').count()).toBe(4);
    expect(await page.isDisabled('#fe-save')).toBe(true);
    await page.screenshot({ path: artifact('app-40-floor-edit-overlap-1280x800.png') });
    await page.click('#fe-arrange');
    expect(await page.textContent('#fe-status')).toContain('4 tables moved — not saved yet');
    expect(await page.locator('#fe-map .fe-table.moved').count()).toBe(4);

    const t1Before = await rectOf('#fe-map [data-fe-table="T1"]');
    await mouseDrag('#fe-map [data-fe-table="T1"]', 300, 260);
    const t1After = await rectOf('#fe-map [data-fe-table="T1"]');
    expect(t1After.x - t1Before.x).toBeGreaterThan(250);
    expect(t1After.y - t1Before.y).toBeGreaterThan(200);
    await touchDrag('#fe-map [data-fe-table="T3"]', 600, 200);
    expect((await rectOf('#fe-map [data-fe-table="T3"]')).y - t1Before.y).toBeGreaterThan(150);
    // Nothing reached the box yet: the moves are only on this screen.
    expect((await tables()).every((x) => x.x === 0 && x.y === 0)).toBe(true);
    await page.screenshot({ path: artifact('app-41-floor-edit-unsaved-1280x800.png') });

    await page.dblclick('#fe-save');
    await page.waitForSelector('#fe-status >> text=Saved at');
    const saved = await tables();
    // One save: each table's version went up once; every place is on the 20-unit grid, none overlap.
    expect(saved.map((x) => x.version)).toEqual([2, 2, 2, 2]);
    for (const x of saved) { expect(x.x % 20).toBe(0); expect(x.y % 20).toBe(0); }
    expect(noOverlap(saved.map((x) => ({ x: x.x, y: x.y, width: x.width, height: x.height })))).toBe(true);
    const t1 = saved.find((x) => x.label === 'T1')!, t3 = saved.find((x) => x.label === 'T3')!;
    expect(t1.y).toBeGreaterThan(100);
    expect(t3.y).toBeGreaterThan(100);

    // The waiters' floor, after a reload, draws each table where it was put.
    await page.reload();
    await page.waitForSelector('#floor', { state: 'visible' });
    await page.waitForSelector('#tables.layout [data-table="T1"]');
    const cards = new Map<string, Rect>();
    for (const x of saved) cards.set(x.label, await rectOf(`#tables [data-table="${x.label}"]`));
    for (const a of saved) {
      for (const c of saved) {
        if (a.x < c.x) expect(cards.get(a.label)!.x).toBeLessThan(cards.get(c.label)!.x);
        if (a.y < c.y) expect(cards.get(a.label)!.y).toBeLessThan(cards.get(c.label)!.y);
      }
    }
    expect(noOverlap([...cards.values()])).toBe(true);
    await page.screenshot({ path: artifact('app-42-floor-after-edit-1280x800.png') });

    for (const size of SCREEN_SIZES) {
      await page.setViewportSize(size);
      await page.waitForSelector('#tables [data-table="T1"]');
      // The resize event reaches the page on its next frame: wait for the redraw it causes (a timeout if it never comes).
      await page.waitForFunction(() => Array.from(document.querySelectorAll('#tables .table')).every((c) => c.getBoundingClientRect().right <= window.innerWidth));
      expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
      // Turned or resized, the waiters' floor redraws for its width: every table on screen, side by side.
      const onFloor = await rectsOf(page, '#tables .table');
      expect(onFloor).toHaveLength(4);
      for (const c of onFloor) { expect(c.x).toBeGreaterThanOrEqual(0); expect(c.x + c.width).toBeLessThanOrEqual(size.width); }
      expect(noOverlap(onFloor)).toBe(true);
      await page.screenshot({ path: artifact(`app-43-floor-waiter-${size.name}.png`) });
      await page.click('#open-flooredit');
      await page.waitForSelector('#fe-map [data-fe-table="T1"]');
      expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
      for (const control of ['#fe-save', '#fe-add-table', '#fe-areas [data-fe-area="Main room"]', '#back']) await inViewport(control, size);
      const drawn = await rectsOf(page, '#fe-map .fe-table');
      expect(drawn).toHaveLength(4);
      expect(noOverlap(drawn)).toBe(true);
      // The whole area in view, each table big enough to take with a finger, even on a phone.
      for (const d of drawn) {
        expect(Math.min(d.width, d.height)).toBeGreaterThanOrEqual(size.width < 600 ? 32 : 44);
        expect(d.x).toBeGreaterThanOrEqual(0);
        expect(d.x + d.width).toBeLessThanOrEqual(size.width);
      }
      await page.screenshot({ path: artifact(`app-44-floor-edit-${size.name}.png`) });
      await page.click('#back');
    }
  });

  it('adds a table once on a double tap, resizes it by its corner, and shows the box\u2019s refusal of a stale or unknown table', async () => {
    await page.setViewportSize({ width: 1280, height: 800 });
    const layout = [{ id: b.tables.t1, x: 20, y: 20 }, { id: b.tables.t2, x: 160, y: 20 }, { id: b.tables.t3, x: 300, y: 20 }, { id: b.tables.t4, x: 440, y: 20 }];
    expect((await t.api('PUT', '/tables/layout', { token: r.ownerToken, body: layout })).status).toBe(200);
    const managerId = await staffMember(t, r, 'manager', 'Maya', '9876');
    await pairAndSignIn(page, t, r, managerId, '9876');
    await page.click('#open-flooredit');
    await page.waitForSelector('#fe-map [data-fe-table="T4"]');

    await page.click('#fe-add-table');
    await page.fill('#fe-table-label', 't1');
    await page.click('#fe-table-save');
    // The box's own words: labels are unique regardless of case.
    await expect.poll(() => page.textContent('#modal .prompt')).toContain('already exists');
    await page.fill('#fe-table-label', 'T9');
    await page.fill('#fe-table-seats', '2');
    await page.click('#modal [data-shape="round"]');
    await page.dblclick('#fe-table-save');
    await page.waitForSelector('#fe-map [data-fe-table="T9"]');
    const t9s = (await tables()).filter((x) => x.label === 'T9');
    expect(t9s).toHaveLength(1);
    // Placed on a free spot, touching no other table.
    expect(noOverlap((await tables()).map((x) => ({ x: x.x, y: x.y, width: x.width, height: x.height })))).toBe(true);
    await page.screenshot({ path: artifact('app-45-floor-edit-added-1280x800.png') });

    // Resize by the corner handle.
    const corner = await rectOf('#fe-map [data-fe-table="T9"] .fe-resize');
    await page.mouse.move(corner.x + corner.width / 2, corner.y + corner.height / 2);
    await page.mouse.down();
    await page.mouse.move(corner.x + 90, corner.y + 60, { steps: 8 });
    await page.mouse.up();
    await page.screenshot({ path: artifact('app-47-floor-edit-resized-1280x800.png') });
    // Someone changes T9 on another tablet meanwhile: the save is refused, the box's message shows, the moves stay.
    expect((await t.api('PATCH', `/tables/${t9s[0]!.id}`, { token: r.ownerToken, body: { capacity: 3 } })).status).toBe(200);
    await page.click('#fe-save');
    await expect.poll(() => page.textContent('#fe-problem')).toContain('changed since you loaded it');
    expect(await page.locator('#fe-map .fe-table.moved').count()).toBe(1);
    expect((await table('T9')).width).toBe(80);
    await page.screenshot({ path: artifact('app-46-floor-edit-refused-1280x800.png') });
    await page.click('#fe-save');
    await page.waitForSelector('#fe-status >> text=Saved at');
    expect(await page.isHidden('#fe-problem')).toBe(true);
    const t9 = await table('T9');
    expect(t9.width).toBeGreaterThan(80);
    expect(t9.height).toBeGreaterThan(80);

    // Without a pointer: arrow keys move the focused table a grid step; leaving says what is not saved.
    await page.focus('#fe-map [data-fe-table="T1"]');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    expect(await page.textContent('#fe-status')).toContain('1 table moved');
    await page.click('#back');
    await expect.poll(() => page.textContent('#toast')).toContain('1 table moved, not saved');
    await page.click('#open-flooredit');
    await page.waitForSelector('#fe-map [data-fe-table="T1"].moved');
    await page.click('#fe-save');
    await page.waitForSelector('#fe-status >> text=Saved at');
    expect((await table('T1')).y).toBe(60);

    // Another tablet puts T3 where this one is moving T1: the box refuses the save in its words, the floor is read again.
    await mouseDrag('#fe-map [data-fe-table="T1"]', 0, 300);
    expect((await t.api('PUT', '/tables/layout', { token: r.ownerToken, body: [{ id: b.tables.t3, x: 0, y: 240, width: 400, height: 200 }] })).status).toBe(200);
    await page.click('#fe-save');
    await expect.poll(() => page.textContent('#fe-problem')).toBe('Table T1 would overlap table T3: move one of them apart and save again.');
    await page.waitForSelector('#fe-map [data-fe-table="T3"].clash');
    expect(await page.isDisabled('#fe-save')).toBe(true);
    expect((await table('T1')).y).toBe(60);
    await page.screenshot({ path: artifact('app-48-floor-edit-overlap-refused-1280x800.png') });
    await page.click('#fe-revert');
    expect(await page.locator('#fe-map .fe-table.moved').count()).toBe(0);

    // A table removed on another tablet while this one moved it: nothing saved, the box says which.
    await mouseDrag('#fe-map [data-fe-table="T2"]', 0, 200);
    await mouseDrag('#fe-map [data-fe-table="T4"]', 0, 200);
    expect((await t.api('DELETE', `/tables/${b.tables.t4}`, { token: r.ownerToken })).status).toBe(200);
    await page.click('#fe-save');
    await expect.poll(() => page.textContent('#fe-problem')).toContain('nothing was saved');
    expect((await table('T2')).y).toBe(20);
    // The removed table's move is dropped; the other one saves.
    await page.waitForSelector('#fe-map [data-fe-table="T4"]', { state: 'detached' });
    await page.click('#fe-save');
    await page.waitForSelector('#fe-status >> text=Saved at');
    expect((await table('T2')).y).toBeGreaterThan(100);

    // Rename the area; an area that still has tables is not removed, and the box says why.
    await page.click('#fe-area-more');
    await page.fill('#fe-area-name', 'Dining room');
    await page.click('#fe-area-save');
    await page.waitForSelector('#fe-areas [data-fe-area="Dining room"]');
    await page.click('#fe-area-more');
    await page.click('#fe-area-remove');
    await expect.poll(() => page.textContent('#modal .prompt')).toContain('still has');
    await page.keyboard.press('Escape');
    await page.click('#fe-add-area');
    await page.fill('#fe-area-name', 'Terrace');
    await page.dblclick('#fe-area-save');
    await page.waitForSelector('#fe-areas [data-fe-area="Terrace"].on');
    const areas = (await t.api('GET', '/areas', { token: r.ownerToken })).body as Array<{ name: string }>;
    expect(areas.map((a) => a.name)).toEqual(['Dining room', 'Terrace']);
  });

  it('is never shown to a waiter', async () => {
    const waiterId = await staffMember(t, r, 'waiter', 'Wendy', '4321');
    await pairAndSignIn(page, t, r, waiterId, '4321');
    await page.waitForSelector('#tables [data-table="T1"]');
    for (const id of ['#open-flooredit', '#open-printers', '#open-sync', '#open-day']) expect(await page.isHidden(id)).toBe(true);
  });

  it('moves the table on a waiter’s open floor, live, when the manager saves', async () => {
    const layout = [{ id: b.tables.t1, x: 20, y: 20 }, { id: b.tables.t2, x: 220, y: 20 }, { id: b.tables.t3, x: 20, y: 220 }, { id: b.tables.t4, x: 220, y: 220 }];
    expect((await t.api('PUT', '/tables/layout', { token: r.ownerToken, body: layout })).status).toBe(200);
    const waiterId = await staffMember(t, r, 'waiter', 'Wendy', '4321');
    const managerId = await staffMember(t, r, 'manager', 'Maya', '9876');
    const waiter = await newTablet(browser);
    try {
      await waiter.page.setViewportSize({ width: 1280, height: 800 });
      await pairAndSignIn(waiter.page, t, r, waiterId, '4321');
      await waiter.page.waitForSelector('#tables.layout [data-table="T1"]');
      const [before] = await rectsOf(waiter.page, '#tables [data-table="T1"]');
      await page.setViewportSize({ width: 1280, height: 800 });
      await pairAndSignIn(page, t, r, managerId, '9876');
      await page.click('#open-flooredit');
      await page.waitForSelector('#fe-map [data-fe-table="T1"]');
      await mouseDrag('#fe-map [data-fe-table="T1"]', 600, 0);
      await page.click('#fe-save');
      await page.waitForSelector('#fe-status >> text=Saved at');
      // No reload on the waiter's tablet: the table.updated event redraws its floor.
      await expect.poll(async () => (await rectsOf(waiter.page, '#tables [data-table="T1"]'))[0]!.x, { timeout: 10_000 }).toBeGreaterThan(before!.x + 200);
      await waiter.page.screenshot({ path: artifact('app-49-floor-live-after-edit-1280x800.png') });
    } finally {
      await waiter.context.close();
    }
  });

  it('draws the waiters’ floor as a grid rather than let cards cover each other when a plan puts tables close on a wide room', async () => {
    // T1 and T2 a step apart, T3 and T4 far across the room: at a scale that fits the room, T1's and T2's cards would overlap.
    const layout = [{ id: b.tables.t1, x: 0, y: 0 }, { id: b.tables.t2, x: 100, y: 0 }, { id: b.tables.t3, x: 2000, y: 0 }, { id: b.tables.t4, x: 2000, y: 300 }];
    expect((await t.api('PUT', '/tables/layout', { token: r.ownerToken, body: layout })).status).toBe(200);
    const waiterId = await staffMember(t, r, 'waiter', 'Wendy', '4321');
    await page.setViewportSize({ width: 1280, height: 800 });
    await pairAndSignIn(page, t, r, waiterId, '4321');
    await page.waitForSelector('#tables [data-table="T4"]');
    const cards = await rectsOf(page, '#tables .table');
    expect(cards).toHaveLength(4);
    expect(noOverlap(cards)).toBe(true);
    expect(await page.getAttribute('#tables', 'class')).not.toContain('layout');
  });
});
