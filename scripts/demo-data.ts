/**
 * The demo restaurant: a Paris bistro with a full menu, two rooms and one person per role.
 * Prices are euro cents, tax-inclusive, at French rates (food and soft drinks 10 %, alcohol 20 %).
 */
import type { z } from '@hono/zod-openapi';
import type { MenuDocument } from '../src/menu/document.js';
import type { Role } from '../src/auth/permissions.js';

type MenuFile = z.input<typeof MenuDocument>;
type Item = MenuFile['categories'][number]['items'] extends Array<infer I> | undefined ? I : never;

const FOOD = 1000;
const ALCOHOL = 2000;

const dish = (name: string, price: number, station: string, extra: Partial<Item> = {}): Item =>
  ({ name, price, taxRateBp: FOOD, station, ...extra });
const drink = (name: string, price: number, extra: Partial<Item> = {}): Item =>
  ({ name, price, taxRateBp: ALCOHOL, station: 'bar', ...extra });
const soft = (name: string, price: number, extra: Partial<Item> = {}): Item =>
  ({ name, price, taxRateBp: FOOD, station: 'bar', ...extra });

export const DEMO_SETUP = {
  restaurantName: 'Bistro Brigade',
  currency: 'EUR',
  timeZone: 'Europe/Paris',
  dayStartHour: 4,
  taxMode: 'inclusive',
  serviceChargeBp: 0,
  discountLimitBp: 1000,
  ownerName: 'Odile Patronne',
  ownerPin: '1000',
} as const;

/** One person per role besides the owner, with PINs the demo prints. */
export const DEMO_STAFF: Array<{ name: string; role: Role; pin: string }> = [
  { name: 'Marc Gérant', role: 'manager', pin: '2000' },
  { name: 'Léa Serveuse', role: 'waiter', pin: '3000' },
  { name: 'Hugo Accueil', role: 'host', pin: '4000' },
  { name: 'Chloé Cuisine', role: 'kitchen', pin: '5000' },
];

export const DEMO_MENU: MenuFile = {
  format: 'brigade.menu',
  formatVersion: 1,
  currency: 'EUR',
  optionGroups: [
    { name: 'Cuisson', selection: 'single', required: true, options: [
      { name: 'Bleu' }, { name: 'Saignant' }, { name: 'À point' }, { name: 'Bien cuit' }] },
    { name: 'Sauce', selection: 'single', options: [
      { name: 'Poivre' }, { name: 'Béarnaise' }, { name: 'Roquefort', priceDelta: 150 }] },
    { name: 'Accompagnement', selection: 'single', required: true, options: [
      { name: 'Frites maison' }, { name: 'Purée' }, { name: 'Salade verte' }, { name: 'Haricots verts' }] },
    { name: 'Suppléments', selection: 'multi', maxSelect: 3, options: [
      { name: 'Œuf au plat', priceDelta: 150 }, { name: 'Bacon', priceDelta: 200 }, { name: 'Cheddar affiné', priceDelta: 150 }] },
    { name: 'Escargots', selection: 'single', required: true, options: [
      { name: '6 pièces' }, { name: '12 pièces', priceDelta: 900 }] },
    { name: 'Parfums', selection: 'multi', required: true, minSelect: 1, maxSelect: 3, options: [
      { name: 'Citron' }, { name: 'Framboise' }, { name: 'Mangue' }, { name: 'Cassis' }, { name: 'Chocolat noir' }] },
    { name: 'Lait', selection: 'single', options: [
      { name: 'Lait entier' }, { name: 'Lait d’avoine', priceDelta: 40 }, { name: 'Sans lactose', priceDelta: 40 }] },
    { name: 'Service du vin', selection: 'single', required: true, options: [
      { name: 'Verre 12 cl' }, { name: 'Pichet 50 cl', priceDelta: 1400 }, { name: 'Bouteille 75 cl', priceDelta: 2200 }] },
    { name: 'Taille', selection: 'single', required: true, options: [
      { name: 'Demi 25 cl' }, { name: 'Pinte 50 cl', priceDelta: 350 }] },
    { name: 'Eau', selection: 'single', required: true, options: [{ name: 'Plate' }, { name: 'Gazeuse' }] },
    { name: 'Sans…', selection: 'multi', options: [
      { name: 'Sans oignon' }, { name: 'Sans gluten (pain)' }, { name: 'Sans sel ajouté' }] },
  ],
  categories: [
    { name: 'Apéritifs', items: [
      drink('Kir vin blanc', 550, { description: 'Aligoté et crème de cassis' }),
      drink('Kir royal', 1100, { description: 'Champagne et crème de cassis' }),
      drink('Pastis 51', 500),
      drink('Spritz', 900),
      drink('Coupe de champagne', 1200),
      dish('Planche mixte', 1800, 'cold', { description: 'Charcuterie et fromages affinés', allergens: ['lait', 'gluten'] }),
    ] },
    { name: 'Entrées', items: [
      dish('Soupe à l’oignon gratinée', 950, 'hot', { allergens: ['gluten', 'lait'], optionGroups: ['Sans…'] }),
      dish('Œufs mayonnaise', 650, 'cold', { allergens: ['œufs', 'moutarde'] }),
      dish('Escargots de Bourgogne', 1100, 'hot', { allergens: ['mollusques', 'lait'], optionGroups: ['Escargots'] }),
      dish('Terrine de campagne', 850, 'cold', { allergens: ['gluten'] }),
      dish('Salade de chèvre chaud', 1200, 'cold', { tags: ['végétarien'], allergens: ['lait', 'gluten', 'fruits à coque'] }),
      dish('Poireaux vinaigrette', 750, 'cold', { tags: ['végétarien'], allergens: ['moutarde'] }),
      dish('Foie gras maison', 1650, 'cold', { description: 'Chutney de figues, pain brioché', allergens: ['gluten'] }),
      dish('Velouté de potiron', 800, 'hot', { tags: ['végétarien'], allergens: ['lait'] }),
    ] },
    { name: 'Plats', items: [
      dish('Steak frites', 2100, 'grill', { optionGroups: ['Cuisson', 'Sauce', 'Accompagnement'] }),
      dish('Entrecôte 300 g', 2900, 'grill', { optionGroups: ['Cuisson', 'Sauce', 'Accompagnement'] }),
      dish('Confit de canard', 2300, 'hot', { description: 'Pommes sarladaises', optionGroups: ['Accompagnement'] }),
      dish('Bœuf bourguignon', 2200, 'hot', { description: 'Mijoté sept heures, purée maison', allergens: ['lait', 'sulfites'] }),
      dish('Blanquette de veau', 2250, 'hot', { allergens: ['lait', 'céleri'] }),
      dish('Magret de canard', 2600, 'grill', { optionGroups: ['Cuisson', 'Accompagnement'] }),
      dish('Coq au vin', 2150, 'hot', { allergens: ['sulfites'] }),
      dish('Filet de bar, beurre blanc', 2500, 'hot', { allergens: ['poisson', 'lait'] }),
      dish('Moules-frites', 1900, 'hot', { allergens: ['mollusques', 'lait', 'céleri'] }),
      dish('Poulet rôti fermier', 1950, 'grill', { optionGroups: ['Accompagnement'] }),
      dish('Hachis parmentier', 1750, 'hot', { allergens: ['lait'] }),
      dish('Risotto aux cèpes', 1900, 'hot', { tags: ['végétarien'], allergens: ['lait'] }),
    ] },
    { name: 'Burgers & croques', items: [
      dish('Croque-monsieur', 1300, 'hot', { allergens: ['gluten', 'lait'], optionGroups: ['Accompagnement'] }),
      dish('Croque-madame', 1450, 'hot', { allergens: ['gluten', 'lait', 'œufs'], optionGroups: ['Accompagnement'] }),
      dish('Burger du chef', 1850, 'grill', { allergens: ['gluten', 'lait'], optionGroups: ['Cuisson', 'Suppléments', 'Accompagnement', 'Sans…'] }),
      dish('Burger végétarien', 1700, 'grill', { tags: ['végétarien'], allergens: ['gluten', 'soja'], optionGroups: ['Suppléments', 'Accompagnement', 'Sans…'] }),
      dish('Tartare de bœuf', 1950, 'cold', { description: 'Préparé à la minute', allergens: ['œufs', 'moutarde'], optionGroups: ['Accompagnement'] }),
    ] },
    { name: 'Accompagnements', items: [
      dish('Frites maison', 500, 'hot', { tags: ['végétarien'] }),
      dish('Purée à l’ancienne', 500, 'hot', { tags: ['végétarien'], allergens: ['lait'] }),
      dish('Haricots verts', 500, 'hot', { tags: ['végétarien'] }),
      dish('Salade verte', 450, 'cold', { tags: ['végétarien'], allergens: ['moutarde'] }),
      dish('Gratin dauphinois', 600, 'hot', { tags: ['végétarien'], allergens: ['lait'] }),
      dish('Corbeille de pain', 200, 'cold', { allergens: ['gluten'] }),
    ] },
    { name: 'Fromages', items: [
      dish('Assiette de trois fromages', 1050, 'cold', { allergens: ['lait'] }),
      dish('Camembert rôti au miel', 1200, 'hot', { allergens: ['lait', 'gluten'] }),
      dish('Faisselle, coulis de fruits rouges', 650, 'cold', { allergens: ['lait'] }),
    ] },
    { name: 'Desserts', items: [
      dish('Crème brûlée', 850, 'pastry', { allergens: ['œufs', 'lait'] }),
      dish('Mousse au chocolat', 800, 'pastry', { allergens: ['œufs', 'lait'] }),
      dish('Tarte Tatin, crème fraîche', 950, 'pastry', { allergens: ['gluten', 'lait'] }),
      dish('Profiteroles', 1000, 'pastry', { allergens: ['gluten', 'œufs', 'lait'] }),
      dish('Île flottante', 800, 'pastry', { allergens: ['œufs', 'lait'] }),
      dish('Café gourmand', 1050, 'pastry', { allergens: ['gluten', 'œufs', 'lait'] }),
      dish('Moelleux au chocolat', 900, 'pastry', { allergens: ['gluten', 'œufs', 'lait'] }),
      dish('Tarte au citron meringuée', 900, 'pastry', { allergens: ['gluten', 'œufs', 'lait'] }),
      dish('Sorbets, trois boules', 850, 'pastry', { tags: ['végan'], optionGroups: ['Parfums'] }),
    ] },
    { name: 'Boissons chaudes', items: [
      soft('Café', 250), soft('Café allongé', 280), soft('Double espresso', 450),
      soft('Café crème', 450, { optionGroups: ['Lait'] }), soft('Cappuccino', 500, { optionGroups: ['Lait'] }),
      soft('Thé Darjeeling', 450), soft('Infusion verveine', 450), soft('Chocolat chaud', 550, { optionGroups: ['Lait'] }),
    ] },
    { name: 'Boissons fraîches', items: [
      soft('Eau minérale 50 cl', 450, { optionGroups: ['Eau'] }),
      soft('Coca-Cola 33 cl', 500), soft('Orangina 25 cl', 500), soft('Limonade artisanale', 500),
      soft('Jus d’orange pressé', 650), soft('Diabolo menthe', 450), soft('Perrier 33 cl', 450),
    ] },
    { name: 'Vins', items: [
      drink('Bordeaux supérieur', 600, { description: 'Rouge', optionGroups: ['Service du vin'] }),
      drink('Côtes-du-Rhône', 550, { description: 'Rouge', optionGroups: ['Service du vin'] }),
      drink('Sancerre', 800, { description: 'Blanc', optionGroups: ['Service du vin'] }),
      drink('Chablis', 850, { description: 'Blanc', optionGroups: ['Service du vin'] }),
      drink('Rosé de Provence', 600, { optionGroups: ['Service du vin'] }),
      drink('Champagne brut', 7500, { description: 'Bouteille 75 cl' }),
    ] },
    { name: 'Bières', items: [
      drink('Pression blonde', 450, { optionGroups: ['Taille'] }),
      drink('Bière blanche', 500, { optionGroups: ['Taille'] }),
      drink('IPA de Paris', 650, { description: 'Bouteille 33 cl' }),
      drink('Panaché', 450, { optionGroups: ['Taille'] }),
    ] },
  ],
};

/** Two rooms: 12 tables inside (including two bar seats), 8 on the terrace. */
export const DEMO_AREAS: Array<{ name: string; tables: Array<{ label: string; capacity: number; shape: 'round' | 'square' | 'rect' | 'bar' }> }> = [
  { name: 'Salle', tables: [
    ...Array.from({ length: 10 }, (_, i) => ({ label: `S${i + 1}`, capacity: i % 3 === 0 ? 4 : 2, shape: (i % 3 === 0 ? 'square' : 'round') as 'square' | 'round' })),
    { label: 'Comptoir 1', capacity: 1, shape: 'bar' },
    { label: 'Comptoir 2', capacity: 1, shape: 'bar' },
  ] },
  { name: 'Terrasse', tables: Array.from({ length: 8 }, (_, i) => ({ label: `T${i + 1}`, capacity: i < 2 ? 6 : 2, shape: (i < 2 ? 'rect' : 'round') as 'rect' | 'round' })) },
];

/**
 * Stock for the demo (issue 5): ingredients with what is on the shelf, a prep sauce, and recipes
 * for the best sellers — with options that add (bacon, cheddar) or remove (no onion) quantities.
 * Amounts are in the unit given; items and options are found by name.
 */
export interface DemoIngredient { name: string; unit: string; costPerUnit: number; onHand: number; lowThreshold?: number; minDaysOfSupply?: number; supplier?: string;
  prep?: { batch: number; lines: Array<[string, number, string]> } }
export const DEMO_INGREDIENTS: DemoIngredient[] = [
  { name: 'Bœuf haché', unit: 'kg', costPerUnit: 1400, onHand: 8, lowThreshold: 2, minDaysOfSupply: 2, supplier: 'Boucherie Martin' },
  { name: 'Entrecôte', unit: 'kg', costPerUnit: 3200, onHand: 6, lowThreshold: 1.5, supplier: 'Boucherie Martin' },
  { name: 'Pommes de terre', unit: 'kg', costPerUnit: 120, onHand: 40, lowThreshold: 10, minDaysOfSupply: 2, supplier: 'Rungis Primeurs' },
  { name: 'Oignons', unit: 'kg', costPerUnit: 150, onHand: 10, lowThreshold: 2, supplier: 'Rungis Primeurs' },
  { name: 'Pain burger', unit: 'piece', costPerUnit: 45, onHand: 60, lowThreshold: 15, supplier: 'Boulangerie du Coin' },
  { name: 'Cheddar affiné', unit: 'kg', costPerUnit: 1800, onHand: 2, lowThreshold: 0.5 },
  { name: 'Bacon', unit: 'kg', costPerUnit: 1500, onHand: 2, lowThreshold: 0.5 },
  { name: 'Œufs', unit: 'dozen', costPerUnit: 420, onHand: 10, lowThreshold: 2 },
  { name: 'Beurre', unit: 'kg', costPerUnit: 900, onHand: 5, lowThreshold: 1 },
  { name: 'Crème liquide', unit: 'l', costPerUnit: 450, onHand: 8, lowThreshold: 2 },
  { name: 'Poivre noir', unit: 'kg', costPerUnit: 2500, onHand: 0.5 },
  { name: 'Fond de veau', unit: 'l', costPerUnit: 0, onHand: 0, prep: { batch: 2, lines: [['Oignons', 300, 'g'], ['Beurre', 100, 'g'], ['Crème liquide', 0.5, 'l']] } },
  { name: 'Sauce au poivre', unit: 'l', costPerUnit: 0, onHand: 0, prep: { batch: 1, lines: [['Fond de veau', 50, 'cl'], ['Crème liquide', 40, 'cl'], ['Poivre noir', 20, 'g']] } },
  { name: 'Bière blonde (fût)', unit: 'l', costPerUnit: 350, onHand: 30, lowThreshold: 10, minDaysOfSupply: 2 },
  { name: 'Sucre', unit: 'kg', costPerUnit: 150, onHand: 5, lowThreshold: 1 },
];

export const DEMO_RECIPES: { items: Array<[string, Array<[string, number, string]>]>; options: Array<[string, string, Array<[string, number, string]>]> } = {
  items: [
    ['Burger du chef', [['Bœuf haché', 180, 'g'], ['Pain burger', 1, 'piece'], ['Oignons', 30, 'g'], ['Pommes de terre', 250, 'g']]],
    ['Steak frites', [['Bœuf haché', 200, 'g'], ['Pommes de terre', 300, 'g'], ['Beurre', 10, 'g']]],
    ['Entrecôte 300 g', [['Entrecôte', 300, 'g'], ['Beurre', 15, 'g']]],
    ['Tartare de bœuf', [['Bœuf haché', 180, 'g'], ['Oignons', 20, 'g'], ['Œufs', 1, 'piece'], ['Pommes de terre', 250, 'g']]],
    ['Frites maison', [['Pommes de terre', 300, 'g']]],
    ['Soupe à l’oignon gratinée', [['Oignons', 250, 'g'], ['Beurre', 20, 'g'], ['Fond de veau', 30, 'cl']]],
    ['Crème brûlée', [['Crème liquide', 12, 'cl'], ['Œufs', 2, 'piece'], ['Sucre', 30, 'g']]],
    ['Pression blonde', [['Bière blonde (fût)', 25, 'cl']]],
    ['Œufs mayonnaise', [['Œufs', 2, 'piece']]],
  ],
  options: [
    ['Suppléments', 'Bacon', [['Bacon', 40, 'g']]],
    ['Suppléments', 'Cheddar affiné', [['Cheddar affiné', 30, 'g']]],
    ['Suppléments', 'Œuf au plat', [['Œufs', 1, 'piece']]],
    ['Sauce', 'Poivre', [['Sauce au poivre', 5, 'cl']]],
    ['Sans…', 'Sans oignon', [['Oignons', -30, 'g']]],
    ['Taille', 'Pinte 50 cl', [['Bière blonde (fût)', 25, 'cl']]],
  ],
};
