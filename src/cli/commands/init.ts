import { SetupRequest } from '../../setup/schemas.js';
import { cliConfig, withBox } from '../box.js';
import { str, type Command } from '../command.js';
import { EXIT } from '../io.js';
import { parseInput, numberArg, percentToBp } from '../validate.js';

const FLAGS = {
  restaurantName: '--name', currency: '--currency', timeZone: '--time-zone', dayStartHour: '--day-start-hour',
  taxMode: '--tax-mode', serviceChargeBp: '--service-charge-percent', discountLimitBp: '--discount-limit-percent',
  ownerName: '--owner-name', ownerPin: '--owner-pin (or BRIGADE_OWNER_PIN)',
};

/** `init`: first-run set-up from the box's console, the same as POST /setup but pairing no browser. */
export const initCommand: Command = {
  words: ['init'],
  summary: 'Set up the restaurant and its owner (once)',
  usage: `npm run cli -- init --name NAME --currency CODE --time-zone ZONE --tax-mode inclusive|exclusive
                     --owner-name NAME --owner-pin PIN [--day-start-hour 4]
                     [--service-charge-percent 0] [--discount-limit-percent 10]

  --name                      the restaurant's name
  --currency                  ISO 4217 code in capitals: EUR, USD, GBP…
  --time-zone                 IANA zone: Europe/Paris, America/New_York…
  --day-start-hour            0–23 (default 4): sales before this hour count for the day before
  --tax-mode                  inclusive: menu prices include tax; exclusive: tax is added on top
  --service-charge-percent    service charge on dine-in bills (default 0)
  --discount-limit-percent    discounts above this need a manager (default 10)
  --owner-name                the owner's name
  --owner-pin                 4–6 digits; better: set BRIGADE_OWNER_PIN so it stays out of shell history

Example:
  BRIGADE_OWNER_PIN=4821 npm run cli -- init --name "Chez Marcel" --currency EUR \\
    --time-zone Europe/Paris --tax-mode inclusive --owner-name "Marcel Dupont"`,
  options: {
    name: { type: 'string' }, currency: { type: 'string' }, 'time-zone': { type: 'string' },
    'day-start-hour': { type: 'string' }, 'tax-mode': { type: 'string' }, 'service-charge-percent': { type: 'string' },
    'discount-limit-percent': { type: 'string' }, 'owner-name': { type: 'string' }, 'owner-pin': { type: 'string' },
  },
  async run(v, io) {
    const config = cliConfig(io.env);
    const raw = {
      restaurantName: str(v.name), currency: str(v.currency), timeZone: str(v['time-zone']),
      dayStartHour: numberArg(str(v['day-start-hour'])), taxMode: str(v['tax-mode']),
      serviceChargeBp: percentToBp(str(v['service-charge-percent'])), discountLimitBp: percentToBp(str(v['discount-limit-percent'])),
      ownerName: str(v['owner-name']), ownerPin: str(v['owner-pin']) ?? io.env.BRIGADE_OWNER_PIN,
    };
    // Optional fields left out must stay absent so the schema's defaults apply.
    const input = parseInput(SetupRequest, Object.fromEntries(Object.entries(raw).filter(([, x]) => x !== undefined)), FLAGS);
    // Validated before the database is opened: bad input leaves no file behind.
    const { restaurant, ownerId } = await withBox(config, (box) => box.services.setup.init(input));
    const tax = restaurant.taxMode === 'inclusive' ? 'prices include tax' : 'tax added on top';
    io.out(`Set up "${restaurant.name}": ${restaurant.currency}, ${restaurant.timeZone}, business day from ${String(restaurant.dayStartHour).padStart(2, '0')}:00, ${tax}.`);
    io.out(`Owner: ${input.ownerName} (id ${ownerId}). Data: ${config.dataDir}`);
    io.out('');
    io.out('Next:');
    io.out('  npm start                                                    # the box at http://localhost:8080');
    io.out('  npm run cli -- staff add --name "Wanda" --role waiter --pin 1234');
    io.out('  npm run cli -- pairing-code --name "Tablet 1" --kind tablet  # a code to type on the tablet');
    return EXIT.ok;
  },
};
