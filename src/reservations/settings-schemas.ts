import { z } from '@hono/zod-openapi';
import { LocalDate, LocalTime } from './schemas.js';

const ServiceHours = z.object({ open: LocalTime, close: LocalTime }).strict()
  .refine((h) => h.open !== h.close, 'A service opens and closes at different times.');
const Weekday = z.enum(['0', '1', '2', '3', '4', '5', '6']);

export const DoorSettingsBody = z.object({
  /** Per weekday ("0" = Sunday … "6"), the services; a close at or before the open runs past midnight. */
  hours: z.partialRecord(Weekday, z.array(ServiceHours).max(4, 'At most 4 services a day.')),
  durations: z.array(z.object({ upTo: z.number().int().min(1).max(100), minutes: z.number().int().min(15).max(720) }).strict()).min(1).max(10),
  pacingCovers: z.number().int().min(1).max(1000).nullable(),
  bufferMinutes: z.number().int().min(0).max(120),
  lastSeatingMinutes: z.number().int().min(0).max(240),
  holdMinutes: z.number().int().min(0).max(120),
  combinations: z.array(z.array(z.uuid()).min(2, 'A combination joins at least 2 tables.').max(8)).max(50),
  onlineAllotment: z.number().int().min(0).max(1000).nullable(),
}).strict().openapi('DoorSettings');

export const PutDoorSettings = DoorSettingsBody.extend({ expectedVersion: z.number().int().min(0).optional() }).strict().openapi('PutDoorSettings');
export type PutDoorSettingsInput = z.infer<typeof PutDoorSettings>;

export const DoorSettingsView = DoorSettingsBody.extend({ version: z.number().int() }).openapi('DoorSettingsView');

export const CreateException = z.object({
  id: z.uuid().optional(),
  date: LocalDate,
  kind: z.enum(['closed', 'private_event']),
  /** A private event's local window; all day when omitted. */
  startTime: LocalTime.nullable().optional(),
  endTime: LocalTime.nullable().optional(),
  /** The tables a private event takes; the whole room when omitted. */
  tableIds: z.array(z.uuid()).min(1).max(100).nullable().optional(),
  note: z.string().trim().max(200, 'At most 200 characters.').nullable().optional(),
}).strict().superRefine((e, ctx) => {
  if (e.kind === 'closed' && (e.startTime || e.endTime || e.tableIds)) ctx.addIssue({ code: 'custom', path: ['kind'], message: 'A closed day is closed all day for every table.' });
  if (!!e.startTime !== !!e.endTime) ctx.addIssue({ code: 'custom', path: ['endTime'], message: 'Give both a start and an end time, or neither.' });
}).openapi('CreateDoorException');
export type CreateExceptionInput = z.infer<typeof CreateException>;

export const DoorException = z.object({
  id: z.string(), date: z.string(), kind: z.enum(['closed', 'private_event']), startTime: z.string().nullable(), endTime: z.string().nullable(),
  tableIds: z.array(z.string()).nullable(), note: z.string().nullable(), version: z.number().int(),
}).openapi('DoorException');

export const FromQuery = z.object({ from: LocalDate.optional().openapi({ param: { name: 'from', in: 'query' } }) });
