import { GUEST_CSS } from './guest-styles.js';

/** The language for the page's first paint from Accept-Language (the script then follows navigator.languages). */
export function languageFromHeader(header: string | undefined): 'en' | 'fr' {
  for (const part of (header ?? '').split(',')) {
    const base = part.trim().toLowerCase().split(/[-;]/)[0];
    if (base === 'fr' || base === 'en') return base;
  }
  return 'en';
}

const LOADING = { en: 'Loading the menu…', fr: 'Chargement de la carte…' } as const;

/**
 * GET /t/<token>: the guest page's shell. Static (no data in it): every call it makes carries the
 * table's token, which the script reads from the address, so the shell is the same for every table.
 */
export function guestPage(scriptUrl: string, language: 'en' | 'fr'): string {
  return `<!doctype html>
<html lang="${language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">
<meta name="color-scheme" content="light">
<meta name="referrer" content="no-referrer">
<title>Menu</title>
<style>${GUEST_CSS}</style>
</head>
<body>
<header class="top"><h1 id="title">${LOADING[language]}</h1><span id="table" class="table-label"></span></header>
<p id="closed" class="closed" role="status" hidden></p>
<p id="message" class="message" role="alert" hidden></p>
<nav class="help"><button id="call-waiter" class="ghost"></button><button id="ask-bill" class="ghost"></button></nav>
<section id="requests" class="requests" aria-live="polite" hidden></section>
<main id="menu"></main>
<div id="cart-bar" class="cart-bar" hidden><button id="cart-open" class="primary wide"></button></div>
<dialog id="item-dialog"></dialog>
<dialog id="cart-dialog"><div class="sheet"><div id="cart"></div><button id="cart-close" class="ghost wide">×</button></div></dialog>
<script src="${scriptUrl}"></script>
</body>
</html>`;
}
