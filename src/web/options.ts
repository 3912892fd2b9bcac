/** Currencies most restaurants will pick; any other ISO 4217 code can be typed in. */
export const COMMON_CURRENCIES: ReadonlyArray<readonly [string, string]> = [
  ['EUR', 'Euro (€)'], ['USD', 'US dollar ($)'], ['GBP', 'Pound sterling (£)'], ['CHF', 'Swiss franc'],
  ['CAD', 'Canadian dollar'], ['AUD', 'Australian dollar'], ['NZD', 'New Zealand dollar'], ['JPY', 'Japanese yen (¥)'],
  ['SEK', 'Swedish krona'], ['NOK', 'Norwegian krone'], ['DKK', 'Danish krone'], ['PLN', 'Polish złoty'],
  ['CZK', 'Czech koruna'], ['HUF', 'Hungarian forint'], ['MXN', 'Mexican peso'], ['BRL', 'Brazilian real'],
  ['ZAR', 'South African rand'], ['INR', 'Indian rupee'], ['SGD', 'Singapore dollar'], ['HKD', 'Hong Kong dollar'],
  ['AED', 'UAE dirham'], ['MAD', 'Moroccan dirham'], ['TRY', 'Turkish lira'],
];

/**
 * Time zones this box can compute business days in: the runtime's own list (the API validates
 * against the same runtime), plus UTC, which Intl lists under no region.
 */
export function timeZoneChoices(): string[] {
  const zones = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return zones.includes('UTC') ? [...zones] : [...zones, 'UTC'];
}
