import { z } from '@hono/zod-openapi';
import { newRouter } from '../http/router.js';
import { defineRoute } from '../http/route.js';
import { IdParam, jsonBody, jsonContent } from '../http/schemas.js';
import type { RouteDeps } from '../http/route-deps.js';
import { CreateStaff, StaffMember, UpdateStaff } from './schemas.js';
import { isManagerRole } from './service.js';

const list = defineRoute('staff.read', { method: 'get', path: '/staff', tags: ['staff'], summary: 'All staff', responses: { 200: jsonContent(z.array(StaffMember)) } });
const create = defineRoute('staff.manage', { method: 'post', path: '/staff', tags: ['staff'], summary: 'Add a staff member (owners and managers: only an owner, staff.manage_managers)', request: jsonBody(CreateStaff), responses: { 201: jsonContent(StaffMember) } });
const update = defineRoute('staff.manage', { method: 'patch', path: '/staff/{id}', tags: ['staff'], summary: 'Rename, change role, deactivate, or reset PIN (owners and managers: only an owner)', request: { params: IdParam, ...jsonBody(UpdateStaff) }, responses: { 200: jsonContent(StaffMember) } });

export function staffRoutes({ services, authorize }: RouteDeps) {
  return newRouter()
    .openapi(list, async (c) => {
      authorize(c, list);
      return c.json(await services.staff.list(), 200);
    })
    .openapi(create, async (c) => {
      const actor = authorize(c, create);
      const input = c.req.valid('json');
      if (isManagerRole(input.role)) authorize(c, 'staff.manage_managers');
      return c.json(await services.staff.create(actor, input), 201);
    })
    .openapi(update, async (c) => {
      const actor = authorize(c, update);
      const { id } = c.req.valid('param');
      const input = c.req.valid('json');
      if (isManagerRole(services.staff.roleOf(id)) || (input.role && isManagerRole(input.role))) authorize(c, 'staff.manage_managers');
      return c.json(await services.staff.update(actor, id, input), 200);
    });
}
