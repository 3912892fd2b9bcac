/** Who 86'd what and when: read routes over the audit log, for managers (the 86 screen shows them). */
import { newRouter } from '../http/router.js';
import { defineRoute } from '../http/route.js';
import { IdParam, jsonContent } from '../http/schemas.js';
import type { RouteDeps } from '../http/route-deps.js';
import { AvailabilityChanges, HistoryQuery } from './schemas.js';

const tags = ['menu'];

const latest = defineRoute('audit.read', {
  method: 'get', path: '/menu/availability-changes', tags,
  summary: "Who last 86'd or brought back each item, and when (items never changed are absent), newest first",
  description: 'Read from the audit log: every availability change (the app, a kitchen screen, an import in replace mode) writes a row with who and when.',
  responses: { 200: jsonContent(AvailabilityChanges) },
});

const history = defineRoute('audit.read', {
  method: 'get', path: '/menu/items/{id}/availability-history', tags,
  summary: "One item's 86 / back-on changes with who and when, newest first (`limit`, default 20, at most 100)",
  request: { params: IdParam, query: HistoryQuery },
  responses: { 200: jsonContent(AvailabilityChanges) },
});

export function menuAvailabilityRoutes({ services: { menu }, authorize }: RouteDeps) {
  return newRouter()
    .openapi(latest, async (c) => {
      authorize(c, latest);
      return c.json({ changes: menu.availabilityChanges() }, 200);
    })
    .openapi(history, async (c) => {
      authorize(c, history);
      return c.json({ changes: menu.availabilityHistory(c.req.valid('param').id, c.req.valid('query').limit) }, 200);
    });
}
