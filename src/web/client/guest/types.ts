/** The shapes the public routes answer with (src/guests/schemas.ts). */
export interface GuestOption { id: string; name: string; priceDelta: number; available: boolean }
export interface GuestGroup { id: string; name: string; selection: 'single' | 'multi'; required: boolean; minSelect: number; maxSelect: number; options: GuestOption[] }
export interface GuestItem { id: string; name: string; description: string; price: number; allergens: string[]; tags: string[]; available: boolean; optionGroups: GuestGroup[] }
export type ClosedReason = 'off' | 'area' | 'hours' | 'not_seated';
export interface GuestMenu {
  restaurant: { name: string; currency: string };
  table: { id: string; label: string };
  ordering: { open: boolean; reason: ClosedReason | null; maxOrderTotal: number | null };
  menuVersion: number;
  categories: Array<{ id: string; name: string; items: GuestItem[] }>;
}
export type GuestState = 'waiting' | 'accepted' | 'in_kitchen' | 'ready' | 'served' | 'refused';
export interface GuestRequest {
  id: string; kind: 'order' | 'call' | 'bill'; state: GuestState;
  lines: Array<{ name: string; quantity: number; options: string[]; notes: string | null; price: number }>;
  notes: string | null; total: number; currency: string; refusedReason: string | null; createdAt: number; updatedAt: number;
}
/** A line in the cart, kept on the phone until sent. */
export interface CartLine { key: string; itemId: string; name: string; quantity: number; optionIds: string[]; options: string[]; notes: string | null; price: number }
