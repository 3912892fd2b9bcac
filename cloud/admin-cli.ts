/**
 * `npm run cloud:admin -- <org|location|device> <create|revoke> [--options]`: provisioning on the
 * same database as `npm run cloud`, named explicitly: DATABASE_URL, or --pglite DIR (its CLOUD_DATA_DIR).
 */
import { parseArgs } from 'node:util';
import { AdminDbError, openAdminDb } from './admin-db.js';
import { migrateCloud } from './migrate.js';
import { systemClock, uuidV7Ids } from '../src/lib/clock.js';
import { allowReplacement, createDevice, createReplacementDevice, createLocation, createOrganisation, replaceDevice, revokeDevice, setAccountPassword, showDevice } from './admin.js';
import { createPasswordLink } from './auth/invitations.js';

const USAGE = `Usage (with DATABASE_URL=postgres://… set, or --pglite DIR for the embedded database; --create-db to start a new one):
  npm run cloud:admin -- org create --name "Chez Brigade Group" --owner-email a@b.c --owner-name "Ann"   (prints the owner's password link)
  npm run cloud:admin -- owner link --email a@b.c [--base-url https://cloud.example.com]   (a new one-time link to set the password, 7 days)
  npm run cloud:admin -- owner password --email a@b.c   (reads the new password from stdin, or CLOUD_ADMIN_PASSWORD)
  npm run cloud:admin -- location create --org <organisation id> --name "Rue Oberkampf"
  npm run cloud:admin -- device create --location <location id> --name "box 1"   (prints the credential once)
  npm run cloud:admin -- device revoke --device <device id>
  npm run cloud:admin -- device create-replacement --device <dead box's device id> [--name "box 2"]   (a fresh credential for its location, printed once; the dead one revoked)
  npm run cloud:admin -- device show --device <device id>   (the box its credential is bound to, and boxes refused on it)
  npm run cloud:admin -- device allow-replacement --device <device id>   (the next other box on this credential takes it over)
  npm run cloud:admin -- device replace --device <device id> --box <box id>   (bind the credential to this box now)`;

async function readStdin(): Promise<string> {
  let text = '';
  for await (const chunk of process.stdin) text += String(chunk);
  return text.replace(/\r?\n$/, '');
}

async function main(): Promise<number> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { name: { type: 'string' }, 'owner-email': { type: 'string' }, 'owner-name': { type: 'string' }, org: { type: 'string' },
      location: { type: 'string' }, device: { type: 'string' }, box: { type: 'string' }, json: { type: 'boolean' },
      email: { type: 'string' }, 'base-url': { type: 'string' }, pglite: { type: 'string' }, 'create-db': { type: 'boolean' } },
  });
  const [what, verb] = positionals;
  const need = (key: keyof typeof values): string => {
    const v = values[key];
    if (typeof v !== 'string' || !v) throw new Error(`--${key} is required.\n${USAGE}`);
    return v;
  };
  const db = await openAdminDb({ url: process.env.DATABASE_URL || undefined, pglite: values.pglite, create: values['create-db'] === true }, (line) => console.error(line));
  try {
    await migrateCloud(db);
    let out: unknown;
    const baseUrl = (values['base-url'] ?? process.env.CLOUD_PUBLIC_URL ?? `http://localhost:${process.env.CLOUD_PORT ?? 8090}`).replace(/\/+$/, '');
    const link = async (email: string) => {
      const { token, expiresAt } = await createPasswordLink(db, { clock: systemClock, ids: uuidV7Ids }, email);
      return { url: `${baseUrl}/invite/${token}`, expiresAt: new Date(expiresAt).toISOString() };
    };
    if (what === 'org' && verb === 'create') {
      const org = await createOrganisation(db, { name: need('name'), ownerEmail: need('owner-email'), ownerName: need('owner-name') });
      out = { ...org, ownerPasswordLink: await link(need('owner-email')) };
      if (!values.json) console.error('Send the owner the password link: it works once, for 7 days. Only its hash is stored.');
    } else if (what === 'owner' && verb === 'link') out = await link(need('email'));
    else if (what === 'owner' && verb === 'password') out = await setAccountPassword(db, need('email'), process.env.CLOUD_ADMIN_PASSWORD ?? await readStdin());
    else if (what === 'location' && verb === 'create') out = await createLocation(db, { organisationId: need('org'), name: need('name') });
    else if (what === 'device' && verb === 'create') {
      const device = await createDevice(db, { locationId: need('location'), name: need('name') });
      out = device;
      if (!values.json) console.error('The credential is shown only this once. Put it on the box: npm run cli -- sync configure --url <cloud url> --credential <credential>');
    } else if (what === 'device' && verb === 'create-replacement') {
      out = await createReplacementDevice(db, { deviceId: need('device'), name: values.name });
      if (!values.json) console.error('The credential is shown only this once; the dead box\'s credential is revoked. On the new box: npm run cli -- backup restore-from-cloud --url <cloud url> --credential <credential> (see docs/operations.md, "Replace a dead box").');
    } else if (what === 'device' && verb === 'revoke') {
      const id = need('device');
      if (!(await revokeDevice(db, id))) {
        const { rows } = await db.query<{ revoked_at: Date | null }>('SELECT revoked_at FROM devices WHERE id = $1', [id]);
        throw new Error(rows[0] ? `Device ${id} was already revoked (${new Date(rows[0].revoked_at!).toISOString()}): nothing changed.` : `No device with id ${id}: nothing was revoked.`);
      }
      out = { revoked: true };
    } else if (what === 'device' && verb === 'show') out = await showDevice(db, need('device'));
    else if (what === 'device' && verb === 'allow-replacement') out = await allowReplacement(db, need('device'));
    else if (what === 'device' && verb === 'replace') out = await replaceDevice(db, need('device'), need('box'));
    else {
      console.error(USAGE);
      return 2;
    }
    console.log(JSON.stringify(out, null, 2));
    return 0;
  } finally {
    await db.close();
  }
}

main().then((code) => process.exit(code), (err: Error) => { console.error(err.message); process.exit(err instanceof AdminDbError ? 2 : 1); });
