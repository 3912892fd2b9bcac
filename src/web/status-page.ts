import { html } from 'hono/html';
import type { RestaurantView } from '../setup/schemas.js';
import { layout } from './layout.js';

/**
 * What GET / shows once the box is set up: which restaurant this box runs and where to go next.
 * A later issue replaces it with the waiter app.
 */
export function statusPage(restaurant: RestaurantView) {
  const tax = restaurant.taxMode === 'inclusive' ? 'included in menu prices' : 'added on top of menu prices';
  const body = html`
<p class="lead">This Brigade box is running.</p>
<section class="card" aria-labelledby="restaurant-name">
  <h2 id="restaurant-name">${restaurant.name}</h2>
  <dl class="facts">
    <dt>Currency</dt><dd>${restaurant.currency}</dd>
    <dt>Time zone</dt><dd>${restaurant.timeZone}</dd>
    <dt>Business day starts</dt><dd>${String(restaurant.dayStartHour).padStart(2, '0')}:00</dd>
    <dt>Tax</dt><dd>${tax}</dd>
  </dl>
  <nav class="links">
    <a href="/docs">API docs</a>
    <a href="/healthz">Health check</a>
  </nav>
</section>
<p class="hint">Add staff or a tablet from the box's console: <code>npm run cli -- help</code></p>`;
  return layout('Brigade', body);
}
