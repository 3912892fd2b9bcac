/** What the box says about a guest (src/customers/schemas.ts), as the waiter app reads it. */
export interface Guest { id: string; name: string; phone: string | null; email: string | null; allergies: string | null; blockedReason: string | null }
export interface OrderGuest { orderId: string; customer: Guest | null }

/** `GET /customers/{id}`: the record with its history; `loyalty` only once the loyalty programme is built (issue 18). */
export interface GuestDetail {
  id: string; name: string; phone: string | null; email: string | null; birthday: string | null;
  allergies: string | null; notes: string | null; tags: string[];
  marketingConsent: { given: boolean; at: number | null; source: string | null };
  blocked: { reason: string; at: number | null } | null;
  erased: boolean; version: number;
  history: { visits: number; spend: number; lastVisitAt: number | null; favouriteItems: Array<{ name: string; quantity: number }> };
  loyalty?: { points: number; tier: string; pendingPoints: number } | null;
}

/** The search-hit shape of a full record (what the guest bar keeps per order). */
export const hitOf = (d: GuestDetail): Guest => ({ id: d.id, name: d.name, phone: d.phone, email: d.email, allergies: d.allergies, blockedReason: d.blocked?.reason ?? null });
