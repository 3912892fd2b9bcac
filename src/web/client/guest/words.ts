/**
 * The guest page's own words in the languages it has (issue 19): the phone's language when we have
 * it, else English. The menu itself is shown as the restaurant wrote it.
 */
export const WORDS = {
  en: {
    table: 'Table', cart: 'Your order', empty: 'Nothing yet: tap a dish to add it.', add: 'Add', addToCart: 'Add to order', remove: 'Remove',
    unavailable: 'Unavailable', allergens: 'Allergens', notes: 'Notes for the kitchen or the waiter', lineNotes: 'A note for this dish',
    total: 'Total', send: 'Send to the waiter', sending: 'Sending…', callWaiter: 'Call the waiter', askBill: 'Ask for the bill',
    chooseOne: 'Choose 1', chooseAtLeast: 'Choose at least {n}', upTo: 'Up to {n}', optional: 'Optional', required: 'Required',
    myRequests: 'Your requests', close: 'Close', quantity: 'Quantity', orderNoun: 'Order', callNoun: 'Call for the waiter', billNoun: 'Bill',
    state_waiting: 'Waiting for the waiter', state_accepted: 'Accepted', state_in_kitchen: 'In the kitchen', state_ready: 'Ready', state_served: 'Served', state_refused: 'Refused',
    accepted_call: 'The waiter is on the way', refusedBecause: 'Reason: {reason}', viewCart: 'View order',
    closed_off: 'Ordering from the phone is off: call the waiter to order.', closed_area: 'Ordering from the phone is off in this room: call the waiter.',
    closed_hours: 'Ordering from the phone is closed at this hour: call the waiter.', closed_not_seated: 'A waiter will seat you first; then you can order here.',
    err_RATE_LIMITED: 'Too many taps: try again in {s} s.', err_GUEST_ORDER_LIMIT: 'Your table sent several orders just now: try again in a few minutes or call the waiter.',
    err_GUEST_ORDER_TOO_LARGE: 'This order is bigger than we take by phone: please ask the waiter.', err_ITEM_UNAVAILABLE: 'A dish in your order just ran out; it is removed from the menu.',
    err_TABLE_TOKEN_INVALID: 'This code is not valid any more: scan the QR code on your table again.', err_GUEST_BLOCKED: 'Ordering by phone is not available: please ask the waiter.',
    err_network: 'No connection to the restaurant: check you are on its Wi-Fi; your order is kept and will be sent when you tap again.',
    err_other: 'Something went wrong: {message}',
    maxTotal: 'At most {amount} per order by phone.',
  },
  fr: {
    table: 'Table', cart: 'Votre commande', empty: 'Rien pour l’instant : touchez un plat pour l’ajouter.', add: 'Ajouter', addToCart: 'Ajouter à la commande', remove: 'Retirer',
    unavailable: 'Indisponible', allergens: 'Allergènes', notes: 'Un mot pour la cuisine ou le serveur', lineNotes: 'Une remarque pour ce plat',
    total: 'Total', send: 'Envoyer au serveur', sending: 'Envoi…', callWaiter: 'Appeler le serveur', askBill: 'Demander l’addition',
    chooseOne: 'Choisir 1', chooseAtLeast: 'Choisir au moins {n}', upTo: 'Jusqu’à {n}', optional: 'Facultatif', required: 'Obligatoire',
    myRequests: 'Vos demandes', close: 'Fermer', quantity: 'Quantité', orderNoun: 'Commande', callNoun: 'Appel du serveur', billNoun: 'Addition',
    state_waiting: 'En attente du serveur', state_accepted: 'Acceptée', state_in_kitchen: 'En cuisine', state_ready: 'Prête', state_served: 'Servie', state_refused: 'Refusée',
    accepted_call: 'Le serveur arrive', refusedBecause: 'Motif : {reason}', viewCart: 'Voir la commande',
    closed_off: 'La commande par téléphone est désactivée : appelez le serveur.', closed_area: 'La commande par téléphone est désactivée dans cette salle : appelez le serveur.',
    closed_hours: 'La commande par téléphone est fermée à cette heure : appelez le serveur.', closed_not_seated: 'Un serveur va d’abord vous installer ; vous pourrez ensuite commander ici.',
    err_RATE_LIMITED: 'Trop de demandes : réessayez dans {s} s.', err_GUEST_ORDER_LIMIT: 'Votre table vient d’envoyer plusieurs commandes : réessayez dans quelques minutes ou appelez le serveur.',
    err_GUEST_ORDER_TOO_LARGE: 'Cette commande dépasse ce que nous prenons par téléphone : demandez au serveur.', err_ITEM_UNAVAILABLE: 'Un plat de votre commande vient d’être épuisé ; il est retiré de la carte.',
    err_TABLE_TOKEN_INVALID: 'Ce code n’est plus valable : scannez de nouveau le QR code de votre table.', err_GUEST_BLOCKED: 'La commande par téléphone n’est pas disponible : demandez au serveur.',
    err_network: 'Pas de connexion au restaurant : vérifiez que vous êtes sur son Wi-Fi ; votre commande est gardée et partira quand vous toucherez de nouveau.',
    err_other: 'Un problème est survenu : {message}',
    maxTotal: 'Au plus {amount} par commande par téléphone.',
  },
} as const;

export type Language = keyof typeof WORDS;
export type WordKey = keyof (typeof WORDS)['en'];

/** The first of the phone's languages we have words for. */
export function pickLanguage(languages: readonly string[]): Language {
  for (const tag of languages) {
    const base = tag.toLowerCase().split('-')[0];
    if (base === 'fr' || base === 'en') return base;
  }
  return 'en';
}

export function words(language: Language) {
  return (key: WordKey, vars: Record<string, string | number> = {}): string =>
    WORDS[language][key].replace(/\{(\w+)\}/g, (_m, name: string) => String(vars[name] ?? ''));
}
