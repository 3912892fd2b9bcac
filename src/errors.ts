/**
 * Every error code Brigade answers with, in one place (architecture §10). Clients switch on `code`;
 * the message is for people. A code, once shipped, keeps its meaning and its status.
 */
export const ERROR_CODES = {
  // 400 — the request itself is malformed
  /** The body is not valid JSON. */
  MALFORMED_JSON: 400,
  /** The body, query or path failed validation; `details` lists each problem with its path. */
  VALIDATION_FAILED: 400,
  /** The `Idempotency-Key` header is missing or not 8–128 safe characters. */
  IDEMPOTENCY_KEY_REQUIRED: 400,
  /** An imported menu file has bad rows; `details` lists each row number and reason. Nothing was written. */
  IMPORT_INVALID: 400,
  /** Stock: the unit is not one Brigade knows (g, kg, ml, l, piece …); `details.known` lists them. */
  UNKNOWN_UNIT: 400,
  /**
   * A USB/serial printer's address is not a printer device: `details.reason` is one of not_under_dev,
   * dot_segments, not_found, outside_dev (a link that leads out of /dev), not_a_printer_device,
   * not_character_device. Nothing was written.
   */
  PRINTER_DEVICE_INVALID: 400,
  /** A WebSocket frame that is not JSON, has an unknown type or fails validation; the connection stays open. */
  BAD_FRAME: 400,

  // 401 / 403 — who you are and what you may do
  /** No credential, or an unknown, expired or revoked one. */
  UNAUTHENTICATED: 401,
  /** This device is not paired, or its token was revoked. */
  DEVICE_NOT_PAIRED: 401,
  /** Staff id and PIN do not match. */
  PIN_INCORRECT: 401,
  /** The pairing code is unknown, used or expired. */
  PAIRING_CODE_INVALID: 401,
  /**
   * A guest's table token (the QR code's) is forged, was replaced (POST /tables/{id}/qr), or is for
   * another table. Nothing was read or written; scan the code on the table again.
   */
  TABLE_TOKEN_INVALID: 401,
  /** The signed-in role may not do this; `details.permission` names what was needed. */
  FORBIDDEN: 403,
  /** Guest ordering: this guest (the customer attached to the table's order) is blocked here; ask the staff. */
  GUEST_BLOCKED: 403,
  /** This action needs a manager: sign in as one, or send `approval` with a manager's id and PIN. */
  MANAGER_APPROVAL_REQUIRED: 403,

  // 404
  /** No such route. */
  ROUTE_NOT_FOUND: 404,
  /** No record with that id (of that kind). `details.entity` names the kind. */
  NOT_FOUND: 404,
  /** HTTPS is off on this box (`HTTPS_PORT=off`) or its certificate could not be made: there is no CA certificate to install. */
  HTTPS_OFF: 404,

  // 409 — the request is fine but conflicts with the current state
  /** The box has not been set up yet: POST /setup (or `npm run cli -- init`). */
  NOT_INITIALIZED: 409,
  /** Set-up was already done on this box. */
  ALREADY_INITIALIZED: 409,
  /** The same client id or idempotency key was already used with a different request body. */
  IDEMPOTENCY_CONFLICT: 409,
  /** A record with that unique name or label exists. */
  DUPLICATE: 409,
  /** The record changed since you read it (`expectedVersion` mismatch). `details.currentVersion`. */
  VERSION_CONFLICT: 409,
  /** The record is still used by others (e.g. a category with items). */
  IN_USE: 409,
  /** Another customer here already has this phone or email: `details.customerId` is theirs (attach them instead). */
  CUSTOMER_DUPLICATE: 409,
  /** The customer was erased on request (GDPR art. 17): the record can no longer be changed or attached. */
  CUSTOMER_ERASED: 409,
  /** No loyalty programme has reached this box yet (an owner sets it in the cloud). */
  LOYALTY_OFF: 409,
  /** A redemption on an order with no customer attached. */
  LOYALTY_NO_CUSTOMER: 409,
  /** The reward needs more points than the guest has as this box knows them; `details.needed`, `details.available`. */
  LOYALTY_INSUFFICIENT_POINTS: 409,
  /** This box already redeemed up to the programme's limit for this guest without the cloud's confirmation (offline); `details.limit`. */
  LOYALTY_OFFLINE_LIMIT: 409,
  /** A free-item reward whose item is not on the order. */
  LOYALTY_REWARD_UNAVAILABLE: 409,
  /** A delivery platform's order is not in a state for this (accept a rejected one…). `details.state`. */
  DELIVERY_STATE: 409,
  /** Too late to accept: the platform was told it was not accepted in time. `details.respondBy`. */
  DELIVERY_EXPIRED: 409,
  /** The platform request's signature is missing, wrong or too old (cloud). */
  PLATFORM_SIGNATURE: 401,
  /** Too many requests for this platform connection (or from this address); try again after `Retry-After` seconds (cloud). */
  PLATFORM_RATE_LIMITED: 429,
  /** The menu item is 86'd (unavailable). `details.itemId`. */
  ITEM_UNAVAILABLE: 409,
  /** The option is unavailable. `details.optionId`. */
  OPTION_UNAVAILABLE: 409,
  /** The order is completed or canceled and cannot change. */
  ORDER_CLOSED: 409,
  /** This order state change is not allowed from the current state. `details.from`, `details.to`. */
  ILLEGAL_TRANSITION: 409,
  /** The line is voided, or in a state where this action is not allowed. */
  LINE_STATE_CONFLICT: 409,
  /** The order already has payments; refund them first. */
  ORDER_HAS_PAYMENTS: 409,
  /** The payment would exceed the balance (allowed only for cash, where change is given). */
  OVERPAYMENT: 409,
  /** Nothing is left to pay on this order. */
  NOTHING_TO_PAY: 409,
  /** Those lines were already paid for in an earlier payment. */
  LINES_ALREADY_PAID: 409,
  /** The refund exceeds what is left of the payment. */
  REFUND_EXCEEDS_PAYMENT: 409,
  /** The change would make the order total less than what was already paid; refund first. */
  BELOW_PAID: 409,
  /** A Z report cannot close the business day while orders of it (or earlier) are open; `details.numbers` lists them. */
  DAY_HAS_OPEN_ORDERS: 409,
  /**
   * A Z cannot close a business day that has not started (a second Z right after the last one, from
   * a double tap or a second tablet); `details.closedDay` and `details.zNumber` name the last Z,
   * `details.businessDay` the day asked for, `details.closableFrom` when it begins (epoch ms; null
   * when it can be closed only once it has a sale, payment, refund or void).
   */
  DAY_NOT_STARTED: 409,
  /** The table has open orders. */
  TABLE_HAS_OPEN_ORDERS: 409,
  /** The table is inactive and cannot take orders. */
  TABLE_INACTIVE: 409,
  /**
   * Reservations: a table asked for is taken then — by a booking (`details.reservationId`, its name and
   * time) or by a party seated now (`details.reservationId` null) — with the buffer between parties.
   * Nothing was written; pick another table or time (GET /reservations/availability).
   */
  TABLE_TAKEN: 409,
  /** Reservations: no table, alone or joined, can seat this party then; `details` says when is free. Nothing was written. */
  NO_TABLE_FREE: 409,
  /** Reservations: the 15-minute slot already starts its most covers (pacing); `details.covers` and `details.limit`. */
  SLOT_FULL: 409,
  /** Reservations: the restaurant is closed then (a closed day, outside the opening hours, or after the last seating). */
  OUTSIDE_OPENING_HOURS: 409,
  /** Reservations: these tables seat fewer guests than the party, or may not be joined (set combinations in the settings). */
  TABLES_UNSUITABLE: 409,
  /** Online booking: this restaurant takes no bookings online (its box has granted none, or the manager turned it off). Nothing was written. */
  ONLINE_BOOKING_CLOSED: 409,
  /** Online booking: that time is not one the restaurant offers online (see the availability route); `details` names the date and time. Nothing was written. */
  SLOT_NOT_OFFERED: 409,
  /**
   * Online booking: the covers the restaurant's box lets the cloud sell at that time are taken (or no free
   * table takes the party); `details.remaining` and `details.maxParty`. Nothing was written; pick another time.
   */
  ALLOTMENT_EXHAUSTED: 409,
  /** Online booking: the booking's time has come (or it was refused); it can no longer be cancelled online — call the restaurant. */
  CANCEL_TOO_LATE: 409,
  /** A floor-map save would put a table on top of another in its area: the floor can only draw tables apart. */
  TABLES_OVERLAP: 409,
  /** The printer is disabled: enable it (PATCH /printers/{id}) before printing to it. */
  PRINTER_DISABLED: 409,
  /** Nothing is routed for this: add a route (PUT /printer-routes) for the station or the area's receipts. */
  NO_PRINTER: 409,
  /** Operations: the box is running (or another process holds its database); stop it first (`systemctl stop brigade`). */
  BOX_RUNNING: 409,
  /** Operations: a restore was started and did not finish; run `backup restore` again before starting the box. */
  RESTORE_IN_PROGRESS: 409,
  /** Operations: the file to restore is not a Brigade backup that passes SQLite's integrity check. */
  BACKUP_INVALID: 400,
  /**
   * Off-box copy: the recovery code is not the shape of one (24 letters and digits) or does not
   * open the cloud's copy (the wrong code, or an older one). Nothing was changed.
   */
  RECOVERY_CODE_WRONG: 400,
  /** Off-box copy: this box already has a recovery code; `backup recovery-code --replace` makes a new one. */
  RECOVERY_CODE_EXISTS: 409,
  /** Off-box copy: the cloud holds no complete copy for this location (yet). */
  OFFBOX_NONE: 404,
  /** Off-box copy: a copy with this id exists with another manifest; the box starts a new copy. */
  OFFBOX_COPY_MISMATCH: 409,
  /** Off-box copy: not every chunk has arrived; `details.missing` lists (the first of) them. */
  OFFBOX_INCOMPLETE: 409,

  /**
   * The cloud's central menu manages this at this location; change it in the cloud. `details.field`
   * names an item field (price, name…), `menu` for a whole-menu import, or the part of the menu's
   * structure (`categories`, `items`, `optionGroups`, `options`) with `details.action` (create,
   * delete, update, link). Availability (86) is never refused.
   */
  CENTRALLY_MANAGED: 409,

  // Cloud sync (sync/): answered by the cloud ingest service to a box
  /** The batch starts past the cloud's watermark + 1; `details.watermark` says where to resume. */
  SYNC_GAP: 409,
  /** The batch's schemaVersion is not one this cloud accepts (`details.supported`); the box keeps its queue. */
  SYNC_SCHEMA_UNSUPPORTED: 422,
  /**
   * The cloud holds other changes than this batch's at the same seqs of this epoch (a box restored
   * from a backup reusing an epoch the cloud knows). Nothing is applied or acknowledged;
   * `details.highestEpoch` is the device's highest epoch: the box resends under a new one above it.
   */
  SYNC_DIVERGED: 409,
  /**
   * The device credential is bound to another box (each box sends its identity with every
   * request). A second box on one credential is refused until an owner allows a replacement:
   * `npm run cloud:admin -- device allow-replacement --device <id>` (or `device replace --box <id>`).
   */
  DEVICE_CREDENTIAL_IN_USE: 409,
  /**
   * Another box took over this device's history (a replacement restored its backup under a new
   * credential, issue 22): this box may add nothing to it. Its credential is revoked too; if this
   * box is to run again, restore it from the cloud with a fresh credential.
   */
  DEVICE_REPLACED: 409,

  // Cloud accounts (cloud/auth): owners, managers and viewers of the dashboard
  /** Email and password do not match an account (the same answer whether or not the email exists). */
  BAD_CREDENTIALS: 401,
  /** A location asked for is not one this account may see (or does not exist); nothing was read or written. */
  LOCATION_FORBIDDEN: 403,
  /** The invitation or password link is unknown, already used, revoked or expired: ask for a new one. */
  INVITATION_INVALID: 410,
  /** The organisation would be left without an owner; make someone else owner first. */
  LAST_OWNER: 409,
  /** Too many failed sign-ins for this email from this address; try again after `Retry-After` seconds. */
  LOGIN_THROTTLED: 429,

  // Guest accounts (cloud/guest-accounts, issue 20): the restaurant's customers
  /** This guest account's email is not verified yet: open the link mailed at sign-up (or ask for a new one) before joining or booking. */
  EMAIL_NOT_VERIFIED: 403,
  /** The verification or password link is unknown, already used or expired; ask for a new one. */
  GUEST_LINK_INVALID: 410,
  /** The guest already follows as many live feeds as allowed (`details.max`); close one first. */
  TOO_MANY_STREAMS: 429,
  /**
   * Guest ordering is closed for this table now: `details.reason` is `off` (the restaurant turned it
   * off), `area` (off in this area), `hours` (outside the ordering hours) or `not_seated` (a waiter
   * has not seated the table yet). Nothing was written.
   */
  GUEST_ORDERING_CLOSED: 409,
  /** A waiter already answered this guest request (accepted or refused); `details.status` says which. */
  GUEST_REQUEST_ANSWERED: 409,

  // Public discovery (cloud/profiles, issue 20): GET /public/restaurants
  /** `lat` / `lon` are missing or not numbers within -90..90 / -180..180. */
  BAD_COORDINATES: 400,
  /** `radius` is not a whole number of metres from 1 to the maximum (`details.max`). */
  RADIUS_TOO_LARGE: 400,
  /** `cuisine` is not one of the documented list (`details.known`). */
  UNKNOWN_CUISINE: 400,
  /** `time` is not a date and time (`2026-12-05T20:00`, local to each restaurant, or with an offset), or both `time` and `open_now` were sent. */
  BAD_TIME: 400,

  // 413 / 415 / 422 / 429
  /** The body is over 1 MB. */
  PAYLOAD_TOO_LARGE: 413,
  /** Send `Content-Type: application/json` (or text/csv for CSV imports). */
  UNSUPPORTED_MEDIA_TYPE: 415,
  /** Option choices break the item's option-group rules; `details` names the group and rule. */
  OPTION_RULES_VIOLATED: 422,
  /** Stock: the unit is of another kind than the ingredient's (kg for something counted in ml or pieces). */
  INCOMPATIBLE_UNITS: 422,
  /** Stock: this recipe would make a prep item contain itself; `details.cycle` lists the path. */
  RECIPE_CYCLE: 422,
  /**
   * Cloud: this `Idempotency-Key` was already used for a different request (another menu, route or
   * body); nothing was written. Send a new key for a new change, the same key only to retry.
   */
  IDEMPOTENCY_KEY_REUSED: 422,
  /** A guest order is worth more than the restaurant allows from a table (`details.max`, minor units); ask the waiter. */
  GUEST_ORDER_TOO_LARGE: 422,
  /** Cash tendered is less than the amount plus tip. */
  INSUFFICIENT_TENDER: 422,
  /**
   * Too many wrong PINs: for this person (5, on any device: `details.scope` "staff") or on this
   * device (10, whoever for: "device"); try again after `Retry-After` seconds.
   */
  PIN_LOCKED: 429,
  /**
   * Public routes: too many requests; try again after `Retry-After` seconds. Nothing was written. On the
   * box's guest routes `details.scope` is `token` or `address`; the cloud's public pages count per address.
   */
  RATE_LIMITED: 429,
  /** This table already sent the most orders the restaurant allows in 10 minutes; try after `Retry-After` seconds or ask the waiter. */
  GUEST_ORDER_LIMIT: 429,

  // 5xx
  /** The database is busy with another writer; retry shortly with the same ids (safe). */
  BUSY: 503,
  /**
   * The box's disk is full: nothing of this request was written. An alert went to the `alerts`
   * topic; the box takes writes again by itself once space is freed. Retry with the same ids.
   */
  DISK_FULL: 503,
  /**
   * Operations (CLI): the cloud could not be reached, or answered with an error this command
   * cannot act on (the message quotes it). Nothing was changed; run the command again.
   */
  CLOUD_UNREACHABLE: 503,
  /** Something unexpected broke; it was logged with its stack. Retrying with the same ids is safe. */
  INTERNAL: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

/** An error the client can act on: carries a stable code, a message for people, and optional details. */
export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'AppError';
    this.status = ERROR_CODES[code];
  }
}

export const notFound = (entity: string, id: string): AppError =>
  new AppError('NOT_FOUND', `No ${entity} with id ${id}.`, { entity, id });
