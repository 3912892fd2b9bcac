import { html, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import { PAGE_CSS } from './styles.js';

type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

/** The page shell: everything inline so the page loads from the box alone, with no internet. */
export function layout(title: string, body: Html, script = ''): Html {
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
${script ? html`<script>${raw(script)}</script>` : ''}
</body>
</html>`;
}
