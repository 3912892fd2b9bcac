/**
 * Server-rendered SVG charts for the owners' dashboard. No chart library and no script: the page
 * is HTML + inline SVG, so it renders the same in any browser, prints, and costs nothing to load
 * from a phone at home. Every label goes through `esc`; sizes are in viewBox units so charts scale.
 */
import { esc } from './html.js';

export interface Bar {
  label: string;
  value: number;
  /** The same bar in the previous period, drawn as a thin marker. */
  previous?: number;
}

const FONT = 'font-family="system-ui, sans-serif"';

/** The geometry of a bar chart: a wide one for laptops, a narrow one drawn for a phone's width. */
interface BarLayout { width: number; labelWidth: number; valueWidth: number; labelChars: number; className: string }
const WIDE: BarLayout = { width: 640, labelWidth: 180, valueWidth: 110, labelChars: 24, className: 'wide' };
// About as many viewBox units as a 390 px phone has CSS pixels for a chart, so 13-unit text shows at ~13 px.
const NARROW: BarLayout = { width: 350, labelWidth: 118, valueWidth: 84, labelChars: 14, className: 'narrow' };

/**
 * Horizontal bars, largest first as given; `format` renders the value label. Drawn twice, wide and
 * narrow, and the stylesheet shows the one that fits: an SVG scales its text with its width, so one
 * drawing for every screen has 7 px labels on a phone or huge ones on a laptop.
 */
export function barChart(bars: readonly Bar[], format: (n: number) => string, title: string): string {
  return drawBars(bars, format, title, WIDE) + drawBars(bars, format, title, NARROW);
}

function drawBars(bars: readonly Bar[], format: (n: number) => string, title: string, layout: BarLayout): string {
  const rowHeight = 26;
  const { width, labelWidth } = layout;
  const barArea = width - labelWidth - layout.valueWidth;
  const height = Math.max(1, bars.length) * rowHeight + 8;
  const max = Math.max(1, ...bars.map((b) => Math.max(b.value, b.previous ?? 0)));
  const rows = bars.map((b, i) => {
    const y = 4 + i * rowHeight;
    const w = Math.max(0, (b.value / max) * barArea);
    const prev = b.previous === undefined ? '' :
      `<line x1="${labelWidth + (b.previous / max) * barArea}" x2="${labelWidth + (b.previous / max) * barArea}" y1="${y + 2}" y2="${y + rowHeight - 6}" stroke="#111" stroke-width="2"><title>previous period: ${esc(format(b.previous))}</title></line>`;
    return `<text x="${labelWidth - 8}" y="${y + 16}" text-anchor="end" font-size="13" ${FONT}>${esc(truncate(b.label, layout.labelChars))}</text>`
      + `<rect x="${labelWidth}" y="${y + 4}" width="${w.toFixed(1)}" height="${rowHeight - 12}" rx="3" fill="#2f6fdf"><title>${esc(b.label)}: ${esc(format(b.value))}</title></rect>`
      + prev
      + `<text x="${labelWidth + w + 6}" y="${y + 16}" font-size="12" ${FONT} fill="#333">${esc(format(b.value))}</text>`;
  });
  const empty = bars.length === 0 ? `<text x="${width / 2}" y="20" text-anchor="middle" font-size="13" ${FONT} fill="#777">No data in this period</text>` : '';
  return `<svg class="chart ${layout.className}" role="img" aria-label="${esc(title)}" viewBox="0 0 ${width} ${height}" width="100%">${rows.join('')}${empty}</svg>`;
}

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/**
 * 7 × 24 grid (Monday first, hours 0–23) shaded by value; `cells[weekday][hour]`. On a phone its
 * container scrolls sideways (styles.ts) rather than shrinking the hour and day labels to 6 px.
 */
export function heatmap(cells: readonly (readonly number[])[], format: (n: number) => string, title: string): string {
  const cell = 22;
  const left = 40;
  const top = 18;
  const max = Math.max(1, ...cells.flat());
  const hours = Array.from({ length: 24 }, (_, h) => h % 3 === 0
    ? `<text x="${left + h * cell + cell / 2}" y="12" text-anchor="middle" font-size="11" ${FONT} fill="#555">${h}</text>` : '').join('');
  const rows = WEEKDAYS.map((day, d) => {
    const label = `<text x="${left - 6}" y="${top + d * cell + 15}" text-anchor="end" font-size="11" ${FONT} fill="#333">${day}</text>`;
    const squares = Array.from({ length: 24 }, (_, h) => {
      const v = cells[d]?.[h] ?? 0;
      const alpha = v === 0 ? 0.04 : 0.15 + 0.85 * (v / max);
      return `<rect x="${left + h * cell + 1}" y="${top + d * cell + 1}" width="${cell - 2}" height="${cell - 2}" rx="3" fill="rgba(47,111,223,${alpha.toFixed(3)})"><title>${day} ${h}:00 — ${esc(format(v))}</title></rect>`;
    }).join('');
    return label + squares;
  }).join('');
  return `<svg class="chart heatmap" role="img" aria-label="${esc(title)}" viewBox="0 0 ${left + 24 * cell + 4} ${top + 7 * cell + 4}" width="100%">${hours}${rows}</svg>`;
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
