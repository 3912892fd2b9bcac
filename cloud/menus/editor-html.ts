/**
 * The rows of the central menu editor, rendered on the server from the stored document: a category
 * with its items, an option group with its options, a location with its mode and overrides. The
 * page's script clones the same rows (from <template>s rendered here, empty) to add one, and reads
 * them back into a document on Save, so each row has one rendering, here.
 *
 * Amounts are shown as people write them (12.50, 10 %); the script turns them back into minor
 * units and basis points, and the API judges the values (cloud/menus/editor-script.ts).
 */
import { html } from 'hono/html';
import { formatMajor, formatPercent } from '../../src/menu/decimal.js';
import type { LocationMenuStatus } from './store.js';
import type { Override } from './document.js';

export interface DocOption { name: string; priceDelta?: number; available?: boolean; [more: string]: unknown }
export interface DocGroup { name: string; selection: 'single' | 'multi'; required?: boolean; minSelect?: number; maxSelect?: number; options?: DocOption[]; [more: string]: unknown }
export interface DocItem {
  name: string; price: number; taxRateBp: number; station: string; description?: string; imageUrl?: string | null;
  available?: boolean; optionGroups?: string[]; [more: string]: unknown;
}
export interface DocCategory { name: string; items?: DocItem[]; [more: string]: unknown }
export interface Doc { currency?: string; categories?: DocCategory[]; optionGroups?: DocGroup[]; [more: string]: unknown }

/** What the editor renders with: the currency's decimals, the document's groups, whether inputs are editable. */
export interface Ctx { digits: number; currency: string; groupNames: string[]; readOnly: boolean }

/** Fields the editor has no input for (tags, allergens, sort order…): kept on the row and saved back untouched. */
function keep(row: Record<string, unknown>, shown: readonly string[]): string {
  return JSON.stringify(Object.fromEntries(Object.entries(row).filter(([k]) => !shown.includes(k))));
}

const remove = (ctx: Ctx, what: string) => (ctx.readOnly ? '' : html`<button type="button" class="ghost" data-act="remove" aria-label="Remove ${what}">Remove</button>`);
const problem = html`<p class="problem" role="alert" hidden></p>`;
const ro = (ctx: Ctx) => (ctx.readOnly ? 'disabled' : '');

function choices(ctx: Ctx, chosen: readonly string[]) {
  const names = [...ctx.groupNames, ...chosen.filter((n) => !ctx.groupNames.includes(n))];
  return names.map((n) => html`<label class="check"><input type="checkbox" value="${n}" ${chosen.includes(n) ? 'checked' : ''} ${ro(ctx)}> ${n}</label>`);
}

export function itemRow(ctx: Ctx, item: Partial<DocItem>) {
  const shown = ['name', 'price', 'taxRateBp', 'station', 'description', 'imageUrl', 'available', 'optionGroups'];
  return html`<div class="item" data-row="item" data-keep="${keep(item, shown)}">
  <div class="fields grid">
    <label class="name"><span>Item</span><input data-field="name" value="${item.name ?? ''}" maxlength="80" ${ro(ctx)}></label>
    <label><span>Price (${ctx.currency})</span><input data-field="price" inputmode="decimal" value="${item.price === undefined ? '' : formatMajor(item.price, ctx.digits)}" ${ro(ctx)}></label>
    <label><span>Tax %</span><input data-field="taxRateBp" inputmode="decimal" value="${item.taxRateBp === undefined ? '' : formatPercent(item.taxRateBp)}" ${ro(ctx)}></label>
    <label><span>Station</span><input data-field="station" value="${item.station ?? 'kitchen'}" maxlength="24" ${ro(ctx)}></label>
    <label class="wide"><span>Description</span><input data-field="description" value="${item.description ?? ''}" maxlength="500" ${ro(ctx)}></label>
    <label class="wide"><span>Image URL</span><input data-field="imageUrl" type="url" value="${item.imageUrl ?? ''}" placeholder="https://…" ${ro(ctx)}></label>
    <fieldset class="wide"><legend>Option groups</legend><div class="choices" data-field="optionGroups">${choices(ctx, item.optionGroups ?? [])}</div></fieldset>
    <label class="check"><input type="checkbox" data-field="available" ${item.available === false ? '' : 'checked'} ${ro(ctx)}> Available</label>
    ${remove(ctx, `item ${item.name ?? ''}`)}
  </div>${problem}
</div>`;
}

export function categoryRow(ctx: Ctx, category: Partial<DocCategory>) {
  return html`<div class="cat" data-row="category" data-keep="${keep(category, ['name', 'items'])}">
  <div class="fields head"><label class="name"><span>Category</span><input data-field="name" value="${category.name ?? ''}" maxlength="80" ${ro(ctx)}></label>${remove(ctx, `category ${category.name ?? ''}`)}</div>${problem}
  <div class="items">${(category.items ?? []).map((i) => itemRow(ctx, i))}</div>
  ${ctx.readOnly ? '' : html`<button type="button" class="add" data-act="add-item">+ Item</button>`}
</div>`;
}

export function optionRow(ctx: Ctx, option: Partial<DocOption>) {
  return html`<div class="option" data-row="option" data-keep="${keep(option, ['name', 'priceDelta', 'available'])}">
  <div class="fields grid">
    <label class="name"><span>Option</span><input data-field="name" value="${option.name ?? ''}" maxlength="80" ${ro(ctx)}></label>
    <label><span>Price change (${ctx.currency})</span><input data-field="priceDelta" inputmode="decimal" value="${formatMajor(option.priceDelta ?? 0, ctx.digits)}" ${ro(ctx)}></label>
    <label class="check"><input type="checkbox" data-field="available" ${option.available === false ? '' : 'checked'} ${ro(ctx)}> Available</label>
    ${remove(ctx, `option ${option.name ?? ''}`)}
  </div>${problem}
</div>`;
}

export function groupRow(ctx: Ctx, group: Partial<DocGroup>) {
  const shown = ['name', 'selection', 'required', 'minSelect', 'maxSelect', 'options'];
  return html`<div class="group" data-row="group" data-keep="${keep(group, shown)}">
  <div class="fields grid">
    <label class="name"><span>Option group</span><input data-field="name" data-prev="${group.name ?? ''}" value="${group.name ?? ''}" maxlength="80" ${ro(ctx)}></label>
    <label><span>Choose</span><select data-field="selection" ${ro(ctx)}><option value="single" ${group.selection === 'multi' ? '' : 'selected'}>one</option><option value="multi" ${group.selection === 'multi' ? 'selected' : ''}>several</option></select></label>
    <label><span>At least</span><input data-field="minSelect" inputmode="numeric" value="${group.minSelect ?? ''}" placeholder="auto" ${ro(ctx)}></label>
    <label><span>At most</span><input data-field="maxSelect" inputmode="numeric" value="${group.maxSelect ?? ''}" placeholder="auto" ${ro(ctx)}></label>
    <label class="check"><input type="checkbox" data-field="required" ${group.required ? 'checked' : ''} ${ro(ctx)}> Required</label>
    ${remove(ctx, `option group ${group.name ?? ''}`)}
  </div>${problem}
  <div class="options">${(group.options ?? []).map((o) => optionRow(ctx, o))}</div>
  ${ctx.readOnly ? '' : html`<button type="button" class="add" data-act="add-option">+ Option</button>`}
</div>`;
}

/** Every item of the document as [category, item], for an override's item picker. */
export const itemChoices = (doc: Doc): Array<[string, string]> =>
  (doc.categories ?? []).flatMap((c) => (c.items ?? []).map((i): [string, string] => [c.name, i.name]));

export function overrideRow(ctx: Ctx, items: Array<[string, string]>, o: Partial<Override>) {
  const value = o.category !== undefined ? JSON.stringify([o.category, o.item]) : '';
  const known = items.some((pair) => JSON.stringify(pair) === value);
  const options = [...items, ...(value && !known ? [[o.category!, o.item!] as [string, string]] : [])];
  const avail = o.available === undefined ? '' : String(o.available);
  return html`<div class="override" data-row="override"><div class="fields grid">
    <label class="name"><span>Item</span><select data-field="item" ${ro(ctx)}><option value="">choose an item</option>${options.map((pair) => {
    const v = JSON.stringify(pair);
    return html`<option value="${v}" ${v === value ? 'selected' : ''}>${pair[0]} › ${pair[1]}</option>`;
  })}</select></label>
    <label><span>Price here (${ctx.currency})</span><input data-field="price" inputmode="decimal" value="${o.price === undefined ? '' : formatMajor(o.price, ctx.digits)}" placeholder="as menu" ${ro(ctx)}></label>
    <label><span>Available here</span><select data-field="available" ${ro(ctx)}><option value="" ${avail === '' ? 'selected' : ''}>as menu</option><option value="true" ${avail === 'true' ? 'selected' : ''}>yes</option><option value="false" ${avail === 'false' ? 'selected' : ''}>no</option></select></label>
    <label><span>Station here</span><input data-field="station" value="${o.station ?? ''}" placeholder="as menu" maxlength="24" ${ro(ctx)}></label>
    ${remove(ctx, 'override')}
  </div>${problem}</div>`;
}

const when = (iso: string | null | undefined) => (iso ? iso.replace('T', ' ').slice(0, 19) + ' UTC' : '—');
/** "v3, applied 2026-… UTC" — the same words the script writes when it refreshes (editor-script.ts). */
export const liveText = (s: LocationMenuStatus) => (s.live ? `v${s.live.menuVersion}, applied ${when(s.live.appliedAt)}` : '—');
export const latestText = (s: LocationMenuStatus) => (s.latest
  ? `v${s.latest.menuVersion} ${s.latest.status}${s.latest.errorCode ? ` (${s.latest.errorCode}: ${s.latest.errorMessage ?? ''})` : ''}` : '—');

/** A location: what is live there, the last publish and what became of it, and (for editors) its mode, overrides and a publish box. */
export function locationCard(ctx: Ctx & { publishable: boolean }, items: Array<[string, string]>, s: LocationMenuStatus, name: string) {
  return html`<div class="loc" data-row="location" data-location="${s.locationId}">
  <div class="head"><strong>${name}</strong>${ctx.publishable ? html`<label class="check"><input type="checkbox" name="publish-to" value="${s.locationId}"> Publish here</label>` : ''}</div>
  <dl class="state"><dt>Menu</dt><dd class="mode">${s.mode === 'local' ? 'local menu (not published to)' : 'central'}</dd>
    <dt>Live</dt><dd class="live">${liveText(s)}</dd><dt>Last sent</dt><dd class="latest ${s.latest?.status ?? ''}">${latestText(s)}</dd></dl>
  ${ctx.publishable ? html`<div class="fields grid"><label class="name"><span>This location's menu</span><select data-field="mode" ${ro(ctx)}>
      <option value="central" ${s.mode === 'central' ? 'selected' : ''}>central: managed here</option><option value="local" ${s.mode === 'local' ? 'selected' : ''}>local menu: edited on the box</option></select></label></div>${problem}
    <div class="overrides">${s.overrides.map((o) => overrideRow(ctx, items, o))}</div>
    <div class="row-actions"><button type="button" class="add" data-act="add-override">+ Override</button><button type="button" data-act="save-location">Save location</button></div>` : ''}
</div>`;
}
