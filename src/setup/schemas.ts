import { z } from '@hono/zod-openapi';
import { Pin, Text } from '../http/schemas.js';
import { isValidTimeZone } from '../lib/business-day.js';

const Currency = z.string().regex(/^[A-Z]{3}$/, 'An ISO 4217 code in capitals, like EUR or USD.');
const TimeZone = z.string().refine(isValidTimeZone, 'An IANA time zone, like Europe/Paris.');

export const RestaurantSettingsFields = {
  name: Text(120),
  currency: Currency,
  timeZone: TimeZone,
  /** ISO 3166 alpha-2 (FR, GB…): how customers' phone numbers typed without + are read. */
  country: z.string().regex(/^[A-Z]{2}$/, 'An ISO 3166 country code in capitals, like FR or GB.').nullable(),
  dayStartHour: z.number().int().min(0).max(23),
  taxMode: z.enum(['inclusive', 'exclusive']),
  /** Discounts above this share (basis points; 1000 = 10 %) need a manager. */
  discountLimitBp: z.number().int().min(0).max(10_000),
  /** Default service charge on dine-in orders, basis points. */
  serviceChargeBp: z.number().int().min(0).max(5_000),
};

export const SetupRequest = z.object({
  restaurantName: RestaurantSettingsFields.name,
  currency: Currency,
  timeZone: TimeZone,
  country: RestaurantSettingsFields.country.optional(),
  dayStartHour: RestaurantSettingsFields.dayStartHour.default(4),
  taxMode: RestaurantSettingsFields.taxMode,
  discountLimitBp: RestaurantSettingsFields.discountLimitBp.default(1000),
  serviceChargeBp: RestaurantSettingsFields.serviceChargeBp.default(0),
  ownerName: Text(80),
  ownerPin: Pin,
}).strict().openapi('SetupRequest');
export type SetupInput = z.infer<typeof SetupRequest>;

export const SettingsPatch = z.object(RestaurantSettingsFields).partial().extend({ expectedVersion: z.number().int().min(1).optional() })
  .strict().openapi('SettingsPatch');
export type SettingsPatchInput = z.infer<typeof SettingsPatch>;

export const Restaurant = z.object({
  locationId: z.string(),
  name: z.string(),
  currency: z.string(),
  timeZone: z.string(),
  country: z.string().nullable(),
  dayStartHour: z.number(),
  taxMode: z.enum(['inclusive', 'exclusive']),
  discountLimitBp: z.number(),
  serviceChargeBp: z.number(),
  menuVersion: z.number(),
  version: z.number(),
}).openapi('Restaurant');
export type RestaurantView = z.infer<typeof Restaurant>;
