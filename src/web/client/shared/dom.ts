/** What h() accepts as an attribute: text, a number, a flag, or an event handler for on* keys. */
export type AttrValue = string | number | boolean | null | undefined | ((ev: Event) => void);
export type Kid = Node | string | null | undefined | false;

/** Builds an element; text goes through textContent, so nothing from the API is ever parsed as HTML. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, AttrValue> = {}, kids: Kid[] = []): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') e.className = String(v);
    else if (k === 'text') e.textContent = String(v);
    else if (k.startsWith('on') && typeof v === 'function') e.addEventListener(k.slice(2), v);
    else if (k === 'value' && e instanceof HTMLInputElement) e.value = String(v);
    else e.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of kids) {
    if (c === null || c === undefined || c === false) continue;
    e.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
  }
  return e;
}

/** An element the page's HTML shell is known to hold; a missing one is a programming error, said loudly. */
export function $<T extends HTMLElement = HTMLElement>(id: string): T {
  const e = document.getElementById(id);
  if (!e) throw new Error(`#${id} is missing from the page`);
  return e as T;
}

export const input = (id: string): HTMLInputElement => $<HTMLInputElement>(id);

export function clear<T extends Node>(e: T): T {
  while (e.firstChild) e.removeChild(e.firstChild);
  return e;
}

/** An error from the box: its stable code, the HTTP status and the human message. */
export class ApiError extends Error {
  constructor(message: string, readonly code: string, readonly status = 0, readonly details?: unknown) {
    super(message);
  }
}

/** Reads a JSON value from localStorage; anything unreadable is the fallback. */
export function stored<T>(key: string, fallback: T): T {
  try {
    const raw = localStorage.getItem(key);
    return raw === null ? fallback : (JSON.parse(raw) as T);
  } catch {
    return fallback;
  }
}
