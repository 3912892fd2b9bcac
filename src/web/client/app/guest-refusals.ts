/**
 * The box's refusals about a guest, said so a waiter can act on them: which field is wrong, that
 * the guest exists already (and who), that their data was erased, that blocking needs a manager.
 */
import type { ApiError } from '../shared/dom.js';

export function guestRefusal(err: ApiError): string {
  switch (err.code) {
    case 'CUSTOMER_DUPLICATE': return err.message;
    case 'CUSTOMER_ERASED': return "This guest's data was erased at their request: the record cannot be changed or attached any more.";
    case 'CUSTOMER_BLOCKED': return `${err.message} A manager can unblock them from their card.`;
    case 'VERSION_CONFLICT': return 'Someone changed this guest meanwhile: close the card and open it again to see their changes.';
    case 'MANAGER_APPROVAL_REQUIRED': return `${err.message} Ask a manager to approve with their PIN.`;
    case 'OFFLINE': return 'The box cannot be reached: try again when it is back.';
    case 'VALIDATION_FAILED': {
      const details = Array.isArray(err.details) ? (err.details as Array<{ message?: string }>).map((d) => d.message).filter(Boolean).join(' ') : '';
      return details || err.message;
    }
    default: return err.message;
  }
}
