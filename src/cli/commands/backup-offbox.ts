import fs from 'node:fs';
import Database from 'better-sqlite3';
import { cliConfig, databaseExists } from '../box.js';
import { str, type Command } from '../command.js';
import { EXIT, UsageError } from '../io.js';
import { progressReporter } from '../progress.js';
import { AppError } from '../../errors.js';
import { newDataKey, newRecoveryCode, wrapDataKey } from '../../backup/offbox/crypto.js';
import { readOffboxKey, updateOffboxState, writeOffboxKey } from '../../backup/offbox/files.js';
import { restoreFromCloud } from '../../backup/offbox/restore-from-cloud.js';
import type { Config } from '../../config.js';

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** `backup recovery-code`: the key for the off-box copy, and the code that opens it, shown once. */
export const backupRecoveryCodeCommand: Command = {
  words: ['backup', 'recovery-code'],
  summary: 'Make the recovery code for the encrypted off-box copy (shown once: keep it on paper)',
  usage: `npm run cli -- backup recovery-code [--replace]

  Makes this box's key for the off-box copy of its backups and prints the recovery code that
  opens it, once. The box uploads its newest backup to the cloud, encrypted, only once it has one.
  The cloud keeps the key only locked by this code; without the code nobody (the cloud's operator
  included) can read the copy, and a new box cannot restore it.
  --replace  make a new key and code (the old code is no longer needed once the next two copies
             have been uploaded; until then the cloud's older copies still need it)`,
  options: { replace: { type: 'boolean' } },
  async run(v, io) {
    const config = cliConfig(io.env);
    if (readOffboxKey(config.dataDir) && !v.replace) {
      throw new AppError('RECOVERY_CODE_EXISTS', 'This box already has a recovery code (shown when it was made). To make a new one, run: npm run cli -- backup recovery-code --replace');
    }
    const code = newRecoveryCode();
    const dataKey = newDataKey();
    writeOffboxKey(config.dataDir, { dataKey, wrapped: wrapDataKey(dataKey, code), createdAt: Date.now() });
    // An upload started under the old key starts again under the new one.
    updateOffboxState(config.dataDir, (s) => ({ ...s, upload: null }));
    io.out([
      'Recovery code for the off-box copy of this box\'s backups:',
      '',
      `    ${code}`,
      '',
      'Write it on paper now and keep the paper away from the box (with the restaurant\'s papers).',
      'It is shown only this once; the box does not keep it, and the cloud holds the copy\'s key only locked by it.',
      'If the box dies, a new box restores the cloud\'s copy with it:',
      '    npm run cli -- backup restore-from-cloud --recovery-code <the code>',
      'Lost the paper while the box still works? Run this command again with --replace and keep the new code.',
    ].join('\n'));
    return EXIT.ok;
  },
};

/** The box's identity and stored cloud settings, when the data dir already has a database. */
function storedSync(config: Config): { boxId?: string; cloudUrl?: string; credential?: string } {
  if (!databaseExists(config)) return {};
  try {
    const db = new Database(config.dbFile, { readonly: true, fileMustExist: true });
    try {
      const row = db.prepare('select box_id as boxId, cloud_url as cloudUrl, credential from sync_state where id = 1').get() as { boxId: string | null; cloudUrl: string | null; credential: string | null } | undefined;
      return { boxId: row?.boxId ?? undefined, cloudUrl: row?.cloudUrl ?? undefined, credential: row?.credential ?? undefined };
    } finally {
      db.close();
    }
  } catch {
    return {}; // damaged or not a box database: the restore replaces it anyway
  }
}

/** `backup restore-from-cloud`: a replacement box installs the cloud's newest copy. */
export const backupRestoreFromCloudCommand: Command = {
  words: ['backup', 'restore-from-cloud'],
  summary: 'Replace the database with the cloud\'s newest off-box copy (a replacement box; stop the box first)',
  usage: `npm run cli -- backup restore-from-cloud --recovery-code XXXX-XXXX-XXXX-XXXX-XXXX-XXXX [--url <cloud url> --credential <device credential>]

  For a new box replacing a dead one: give it a device credential for the same location
  (npm run cloud:admin -- device create --location <id>), then run this with the box stopped.
  Downloads the newest copy, opens it with the recovery code (BRIGADE_RECOVERY_CODE also works, to
  keep it out of the shell history), checks it and installs it as "backup restore" does: the
  current database is kept as a pre-restore backup and sync starts a new epoch. The cloud URL and
  credential come from the options, else CLOUD_URL / CLOUD_CREDENTIAL, else "sync configure".
  A wrong code changes nothing.`,
  options: { 'recovery-code': { type: 'string' }, url: { type: 'string' }, credential: { type: 'string' } },
  async run(v, io) {
    const config = cliConfig(io.env);
    const code = str(v['recovery-code']) ?? io.env.BRIGADE_RECOVERY_CODE;
    if (!code) throw new UsageError('Give the recovery code: --recovery-code XXXX-XXXX-XXXX-XXXX-XXXX-XXXX (or BRIGADE_RECOVERY_CODE).', backupRestoreFromCloudCommand.usage);
    const stored = storedSync(config);
    const cloudUrl = str(v.url) ?? config.sync.cloudUrl ?? stored.cloudUrl;
    const credential = str(v.credential) ?? config.sync.credential ?? stored.credential;
    if (!cloudUrl || !credential) {
      throw new UsageError('Say which cloud and credential to use: --url <cloud url> --credential <device credential> (from npm run cloud:admin -- device create).', backupRestoreFromCloudCommand.usage);
    }
    // A box with a database sends its identity; one without has none yet (see OffboxTarget).
    const boxId = stored.boxId;
    const progress = progressReporter(io, 'Downloading', 'chunks');
    const result = await restoreFromCloud({
      dbFile: config.dbFile, target: { cloudUrl, credential, boxId }, recoveryCode: code,
      onProgress: (done, total) => progress.update(done, total),
    });
    progress.finish();
    const m = result.copy.manifest;
    io.out(`Downloaded and checked the cloud's copy of ${m.backupName} (taken ${new Date(m.takenAt).toISOString()}, ${mb(m.bytes)}).`);
    if (result.previous) io.out(`The database as it was is kept in ${result.previous.file}.`);
    if (result.keptRecoveryCode) io.out('This box keeps uploading its off-box copies under the same recovery code.');
    io.out(`Restored. Sync starts epoch ${result.epoch}. Start the box (sudo systemctl start brigade).`);
    if (fs.existsSync(result.restored)) io.out(`The copy stays in ${result.restored}.`);
    return EXIT.ok;
  },
};
