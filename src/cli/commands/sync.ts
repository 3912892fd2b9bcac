import { z } from 'zod';
import { cliConfig, withBox } from '../box.js';
import { str, type Command } from '../command.js';
import { EXIT } from '../io.js';
import { parseInput } from '../validate.js';

const ConfigureInput = z.union([
  z.object({ off: z.literal(true) }),
  z.object({ url: z.url(), credential: z.string().min(10).regex(/^[^.\s]+\.[^\s]+$/, 'looks like <device id>.<secret>') }),
]);

/** `sync configure`: point the box at its cloud (stored on the box; CLOUD_URL/CLOUD_CREDENTIAL override it). */
export const syncConfigureCommand: Command = {
  words: ['sync', 'configure'],
  summary: 'Point the box at its cloud: URL and device credential (or --off)',
  usage: `npm run cli -- sync configure --url https://cloud.example.com --credential <device id>.<secret>
npm run cli -- sync configure --off

  The credential comes from the cloud: npm run cloud:admin -- device create --location <id> --name "box 1".
  A running box picks the change up within SYNC_INTERVAL_MS. The settings CLOUD_URL and
  CLOUD_CREDENTIAL, when set, win over what is stored here.`,
  options: { url: { type: 'string' }, credential: { type: 'string' }, off: { type: 'boolean' } },
  async run(v, io) {
    const config = cliConfig(io.env);
    const raw = v.off ? { off: true } : { url: str(v.url), credential: str(v.credential) };
    const input = parseInput(ConfigureInput, raw, { url: '--url', credential: '--credential', off: '--off' });
    await withBox(config, (box) => {
      if ('off' in input) box.services.sync.configure(null, null);
      else box.services.sync.configure(input.url, input.credential);
    });
    io.out('off' in input ? 'Cloud sync is off (changes keep queueing on the box).' : `Cloud sync configured: ${input.url}`);
    return EXIT.ok;
  },
};

/** `sync status`: the same as GET /sync/status, for whoever has a shell on the box. */
export const syncStatusCommand: Command = {
  words: ['sync', 'status'],
  summary: 'Show cloud sync both ways: the push (queue depth, oldest unsent change) and the channel down (cursor, lag, refusals), last errors',
  usage: 'npm run cli -- sync status',
  options: {},
  async run(_v, io) {
    const config = cliConfig(io.env);
    const status = await withBox(config, (box) => ({ ...box.services.sync.status(), down: box.services.inbox.status() }));
    io.out(JSON.stringify(status, null, 2));
    return EXIT.ok;
  },
};
