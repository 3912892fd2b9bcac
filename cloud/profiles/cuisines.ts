/**
 * The fixed list of cuisines a profile may name and discovery may filter by (issue 20). Fixed so
 * that a guest's filter always means the same thing everywhere; a new entry is a code change with
 * its docs (docs/guests.md lists them). Ids are stable: they are in URLs and stored profiles.
 */
export const CUISINES = {
  african: 'African',
  american: 'American',
  bakery: 'Bakery & café',
  bistro: 'Bistro',
  burgers: 'Burgers',
  chinese: 'Chinese',
  french: 'French',
  greek: 'Greek',
  indian: 'Indian',
  italian: 'Italian',
  japanese: 'Japanese',
  korean: 'Korean',
  lebanese: 'Lebanese',
  mexican: 'Mexican',
  middle_eastern: 'Middle Eastern',
  pizza: 'Pizza',
  seafood: 'Seafood',
  spanish: 'Spanish',
  steakhouse: 'Steakhouse',
  thai: 'Thai',
  turkish: 'Turkish',
  vegan: 'Vegan',
  vegetarian: 'Vegetarian',
  vietnamese: 'Vietnamese',
} as const;

export type Cuisine = keyof typeof CUISINES;
export const CUISINE_IDS = Object.keys(CUISINES) as Cuisine[];
export const isCuisine = (value: string): value is Cuisine => Object.hasOwn(CUISINES, value);
