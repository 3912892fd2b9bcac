/**
 * Seeding a box through its real API: set-up, staff, tables and a menu sized for load (every item
 * carries a required single-choice group and a multi-choice group, so each order line has 2 options).
 */
import { v7 as uuidv7 } from 'uuid';
import { expectStatus, type Api } from './http.js';

export interface BoxSession {
  ownerToken: string;
  ownerId: string;
  deviceToken: string;
}

export interface SeededItem {
  id: string;
  /** Options of the item's required single-choice group: a line picks exactly one. */
  sizeOptionIds: string[];
  /** Options of the item's multi-choice group: a line picks one. */
  extraOptionIds: string[];
}

export interface SeededMenu {
  items: SeededItem[];
  categoryIds: string[];
  tableIds: string[];
}

const STATIONS = ['grill', 'cold', 'bar', 'pastry'];
const TAX_RATES = [550, 1000, 2000];

/** First-run set-up through POST /setup; the owner is signed in on the set-up device. */
export async function setUpBox(api: Api, restaurantName = 'Bench Bistro'): Promise<BoxSession> {
  const body = await expectStatus(api<{ session: { token: string }; device: { token: string }; owner: { id: string } }>('POST', '/setup', {
    body: { restaurantName, currency: 'EUR', timeZone: 'Europe/Paris', dayStartHour: 4, taxMode: 'exclusive', ownerName: 'Olive Owner', ownerPin: '1111' },
  }), 'POST /setup', [201]);
  return { ownerToken: body.session.token, ownerId: body.owner.id, deviceToken: body.device.token };
}

/** Creates a staff member and signs them in on the set-up device; returns the session token. */
export async function signInStaff(api: Api, session: BoxSession, role: string, pin: string): Promise<string> {
  const staff = await expectStatus(api<{ id: string }>('POST', '/staff', { token: session.ownerToken, body: { name: `${role} ${pin}`, role, pin } }), 'POST /staff', [201]);
  const signedIn = await expectStatus(api<{ token: string }>('POST', '/auth/sign-in', { token: session.deviceToken, body: { staffId: staff.id, pin } }), 'POST /auth/sign-in', [200]);
  return signedIn.token;
}

async function create(api: Api, token: string, path: string, body: unknown): Promise<string> {
  return (await expectStatus(api<{ id: string }>('POST', path, { token, body }), `POST ${path}`)).id;
}

async function optionGroup(api: Api, token: string, body: Record<string, unknown>, options: Array<[string, number]>): Promise<{ id: string; optionIds: string[] }> {
  const id = await create(api, token, '/menu/option-groups', body);
  const optionIds: string[] = [];
  for (const [name, priceDelta] of options) optionIds.push(await create(api, token, `/menu/option-groups/${id}/options`, { name, priceDelta }));
  return { id, optionIds };
}

/**
 * A menu of `items` items over `categories` categories (each category with its own size and extras
 * groups) and `tables` tables in one area. Sequential requests: seeding is not what is measured.
 */
export async function seedMenu(api: Api, token: string, size: { items: number; categories: number; tables: number }): Promise<SeededMenu> {
  const area = await create(api, token, '/areas', { name: 'Main room' });
  const tableIds: string[] = [];
  for (let t = 1; t <= size.tables; t++) tableIds.push(await create(api, token, '/tables', { areaId: area, label: `T${t}`, capacity: 4, shape: 'square' }));

  const categoryIds: string[] = [];
  const groups: Array<{ size: { id: string; optionIds: string[] }; extras: { id: string; optionIds: string[] } }> = [];
  for (let c = 1; c <= size.categories; c++) {
    categoryIds.push(await create(api, token, '/menu/categories', { name: `Category ${c}` }));
    groups.push({
      size: await optionGroup(api, token, { name: `Size ${c}`, selection: 'single', required: true }, [['Small', 0], ['Regular', 50], ['Large', 120]]),
      extras: await optionGroup(api, token, { name: `Extras ${c}`, selection: 'multi', maxSelect: 3 }, [['Cheese', 150], ['Bacon', 200], ['Egg', 100], ['Herbs', 0]]),
    });
  }
  const items: SeededItem[] = [];
  for (let i = 0; i < size.items; i++) {
    const c = i % size.categories;
    const g = groups[c]!;
    const id = await create(api, token, '/menu/items', {
      categoryId: categoryIds[c], name: `Dish ${i + 1}`, price: 300 + ((i * 137) % 2700), taxRateBp: TAX_RATES[i % TAX_RATES.length],
      station: STATIONS[i % STATIONS.length], optionGroupIds: [g.size.id, g.extras.id],
    });
    items.push({ id, sizeOptionIds: g.size.optionIds, extraOptionIds: g.extras.optionIds });
  }
  return { items, categoryIds, tableIds };
}

export interface LineBody {
  id: string;
  itemId: string;
  quantity: number;
  optionIds: string[];
  course: number;
}

export interface OrderBody {
  id: string;
  type: 'takeaway';
  lines: LineBody[];
}

function pick<T>(list: readonly T[], random: () => number): T {
  return list[Math.floor(random() * list.length)]!;
}

/** A takeaway order with a fresh client-made UUIDv7 id and `lineCount` lines, each with 2 options. */
export function randomOrder(menu: SeededMenu, random: () => number = Math.random, lineCount = 3): OrderBody {
  const lines: LineBody[] = [];
  for (let l = 0; l < lineCount; l++) {
    const item = pick(menu.items, random);
    lines.push({
      id: uuidv7(), itemId: item.id, quantity: 1 + Math.floor(random() * 3),
      optionIds: [pick(item.sizeOptionIds, random), pick(item.extraOptionIds, random)], course: 1,
    });
  }
  return { id: uuidv7(), type: 'takeaway', lines };
}
