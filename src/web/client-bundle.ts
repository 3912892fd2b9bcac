import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

/** The browser apps, each one bundle: the waiter app, the kitchen display, the set-up page, the certificate page and the guests' table page (issue 19). */
export const CLIENT_APPS = ['app', 'kds', 'setup', 'certificate', 'guest'] as const;
export type ClientApp = (typeof CLIENT_APPS)[number];

/** One built bundle, served at `url` (its content hash is in the name, so it may be cached for ever). */
export interface ClientAsset {
  app: ClientApp;
  url: string;
  code: string;
  bytes: number;
  gzipBytes: number;
}

/** The JavaScript budget per app, gzipped (issue 16): screens stay quick on a cheap tablet over Wi-Fi. */
export const GZIP_BUDGET_BYTES = 150 * 1024;

const CLIENT_DIR = fileURLToPath(new URL('./client/', import.meta.url));

let built: Promise<Record<ClientApp, ClientAsset>> | null = null;

/**
 * Bundles src/web/client/<app>/main.ts with esbuild, in memory, once per process (the first page
 * asked for waits for it; about 0.1 s). `npm start` needs no build step, and a new box version
 * gets new file names, so no tablet keeps stale code.
 */
export function clientAssets(): Promise<Record<ClientApp, ClientAsset>> {
  built ??= buildAll().catch((err: unknown) => {
    built = null; // a failed build is tried again on the next request rather than cached
    throw err;
  });
  return built;
}

async function buildAll(): Promise<Record<ClientApp, ClientAsset>> {
  const out = await build({
    absWorkingDir: CLIENT_DIR,
    entryPoints: Object.fromEntries(CLIENT_APPS.map((a) => [a, `./${a}/main.ts`])),
    bundle: true,
    write: false,
    outdir: 'out',
    format: 'iife',
    platform: 'browser',
    // Tablets and kitchen TVs run old browsers for years; ES2019 reaches them.
    target: 'es2019',
    minify: true,
    legalComments: 'none',
    tsconfig: fileURLToPath(new URL('./client/tsconfig.json', import.meta.url)),
    logLevel: 'silent',
  });
  const assets = {} as Record<ClientApp, ClientAsset>;
  for (const app of CLIENT_APPS) {
    const file = out.outputFiles.find((f) => f.path.endsWith(`/out/${app}.js`));
    if (!file) throw new Error(`esbuild wrote no bundle for ${app}`);
    const code = file.text;
    const hash = createHash('sha256').update(code).digest('hex').slice(0, 12);
    assets[app] = { app, url: `/assets/${app}-${hash}.js`, code, bytes: Buffer.byteLength(code), gzipBytes: gzipSync(code).length };
  }
  return assets;
}

/** The bundle whose URL this is, if any. */
export async function assetAt(url: string): Promise<ClientAsset | undefined> {
  const assets = await clientAssets();
  return CLIENT_APPS.map((a) => assets[a]).find((a) => a.url === url);
}
