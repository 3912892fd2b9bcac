/** A valid public profile body (issue 20) to start tests from; override what the test is about. */
export function profileBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const evenings = [{ open: '18:00', close: '23:00' }];
  return {
    expectedVersion: 0,
    slug: `r-${Math.random().toString(36).slice(2, 10)}`,
    name: 'Chez Olive',
    address: { street: '12 rue des Martyrs', postcode: '75009', city: 'Paris', country: 'FR' },
    lat: 48.8795,
    lon: 2.3399,
    cuisines: ['french', 'bistro'],
    priceRange: 2,
    photos: ['https://images.example.com/olive/room.jpg'],
    hours: { mon: [], tue: evenings, wed: evenings, thu: evenings, fri: [{ open: '12:00', close: '14:30' }, { open: '18:00', close: '02:00' }], sat: [{ open: '18:00', close: '02:00' }], sun: [] },
    closedDates: ['2026-12-25'],
    phone: '+33 1 42 85 00 00',
    booking: { minParty: 1, maxParty: 8, maxDaysAhead: 60 },
    timeZone: 'Europe/Paris',
    published: true,
    ...overrides,
  };
}
