/** The web app manifest: "Add to home screen" opens the app full screen, in the box's own colours. */
export const APP_MANIFEST = JSON.stringify({
  name: 'Brigade waiter',
  short_name: 'Brigade',
  description: 'Orders, tables and bills for the waiters, served by the restaurant box.',
  start_url: '/app/',
  scope: '/app/',
  display: 'standalone',
  orientation: 'any',
  background_color: '#101418',
  theme_color: '#101418',
  icons: [{ src: '/app/icon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any maskable' }],
});

/** One vector icon serves every size (no binary files in the repository). */
export const APP_ICON_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512">
<rect width="512" height="512" rx="96" fill="#101418"/>
<text x="256" y="352" font-family="system-ui, sans-serif" font-size="300" font-weight="900" text-anchor="middle" fill="#fbbf24">B</text>
</svg>`;
