import { html, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import { PAGE_CSS } from './styles.js';

type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

/**
 * The page shell: styles inline and the script from the box itself (a hashed bundle, see
 * client-bundle.ts), so the page loads from the box alone, with no internet.
 */
export function layout(title: string, body: Html, scriptUrl = ''): Html {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<title>${title}</title>
<style>${raw(PAGE_CSS)}</style>
</head>
<body>
<main>
<header class="top"><div class="logo" aria-hidden="true">B</div><h1>${title}</h1></header>
${body}
</main>
${scriptUrl ? html`<script src="${scriptUrl}"></script>` : ''}
</body>
</html>`;
}
