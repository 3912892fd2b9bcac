/**
 * Why the box refused a message from the cloud: the code and reason go back in the
 * acknowledgement, and the owner reads them next to the message. Besides these, a handler's own
 * AppError code is sent as is (e.g. IMPORT_INVALID for a menu that breaks the box's rules).
 */
export const REFUSAL_CODES = {
  /** The box does not know this kind of message (the cloud is newer than the box). */
  MESSAGE_KIND_UNKNOWN: 'MESSAGE_KIND_UNKNOWN',
  /** The box knows the kind but not this schema version of its payload. */
  MESSAGE_VERSION_UNSUPPORTED: 'MESSAGE_VERSION_UNSUPPORTED',
  /** The payload failed validation; the message lists each problem. */
  MESSAGE_INVALID: 'MESSAGE_INVALID',
  /** Applying failed the same way several times (a defect, logged on the box); the channel moved on. */
  APPLY_FAILED: 'APPLY_FAILED',
} as const;

/** Thrown by a handler to refuse its message: the message's writes are rolled back, the cursor moves on. */
export class Refusal extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
    this.name = 'Refusal';
  }
}
