import type { Catalogue } from './en-GB.js';
import { identityMessages } from './areas/identity.js';
import { pricingMessages } from './areas/pricing.js';
import { paymentsMessages } from './areas/payments.js';
import { rentalsMessages } from './areas/rentals.js';

export const frFR: Catalogue = {
  'problem.title.400': 'Requête incorrecte',
  'problem.title.401': 'Non autorisé',
  'problem.title.404': 'Introuvable',
  'problem.title.405': 'Méthode non autorisée',
  'problem.title.406': 'Non acceptable',
  'problem.title.409': 'Conflit',
  'problem.title.413': 'Contenu trop volumineux',
  'problem.title.415': 'Type de média non pris en charge',
  'problem.title.422': 'Entité non traitable',
  'problem.title.429': 'Trop de requêtes',
  'problem.title.500': 'Erreur interne du serveur',
  'problem.title.503': 'Service indisponible',

  'problem.FLEET_STATION_NOT_FOUND.detail': 'La station {stationId} n’existe pas',
  'problem.FLEET_STATION_NOT_FOUND.detail.byCode': 'Aucune station ne porte le code {code}',
  'problem.FLEET_SITE_NOT_FOUND.detail': 'Le site {siteId} n’existe pas',
  'problem.FLEET_POWER_BANK_NOT_FOUND.detail': 'La batterie externe {powerBankId} n’existe pas',
  'problem.FLEET_STATION_CODE_TAKEN.detail': 'Le code de station {code} est déjà utilisé',
  'problem.FLEET_POWER_BANK_EXISTS.detail': 'La batterie externe {powerBankId} est déjà enregistrée',
  'problem.FLEET_STATION_EXISTS.detail': 'La station {stationId} est déjà mise en service',
  'problem.FLEET_EJECT_IN_PROGRESS.detail':
    'Une éjection est déjà en cours à la station {stationId} ; attendez son résultat',
  'problem.FLEET_COMMAND_NOT_FOUND.detail': 'La commande {commandId} n’existe pas',
  'problem.FLEET_ALERT_NOT_FOUND.detail': 'L’alerte {alertId} n’existe pas',
  'problem.FLEET_INVALID_INPUT.generic': 'Les données de flotte de la requête ne sont pas valides',
  'problem.MONEY_CURRENCY_MISMATCH.detail': 'Impossible de combiner {left} avec {right}',
  'problem.MONEY_INVALID.generic': 'Le montant ou la devise n’est pas valide',
  'problem.PRICING_INVALID_TARIFF.generic': 'Le tarif n’est pas valide',
  'problem.PRICING_INVALID_TAX_RULE.generic': 'La règle de taxe n’est pas valide',
  'problem.PRICING_INVALID_DURATION.generic': 'La durée de location n’est pas valide',
  'problem.AUTH_REQUIRED.detail':
    'Ce point d’accès exige l’en-tête Authorization: Bearer <jeton d’administration>',
  'problem.AUTH_INVALID.detail': 'Le jeton d’administration n’est pas valide',
  'problem.VALIDATION_FAILED.generic':
    'La requête contient des valeurs non valides ; voir errors pour le détail de chaque champ',
  'problem.MALFORMED_JSON.detail': 'Le corps de la requête n’est pas un JSON valide',
  'problem.PAYLOAD_TOO_LARGE.detail': 'Le corps de la requête dépasse la taille acceptée par cette API',
  'problem.NOT_FOUND.detail': 'Aucune route ne correspond à {method} {path}',
  'problem.NOT_FOUND.generic': 'La ressource demandée n’existe pas',
  'problem.BAD_REQUEST.generic': 'La requête ne peut pas être traitée telle quelle',
  'problem.METHOD_NOT_ALLOWED.generic': 'Cette méthode n’est pas autorisée sur cette ressource',
  'problem.NOT_ACCEPTABLE.generic': 'Aucune représentation ne correspond à l’en-tête Accept',
  'problem.UNSUPPORTED_MEDIA_TYPE.generic': 'Le type de contenu de la requête n’est pas pris en charge',
  'problem.TOO_MANY_REQUESTS.generic': 'Trop de requêtes ; réessayez plus tard',
  'problem.OPS_DISABLED.detail': 'L’API d’exploitation est désactivée : aucun ADMIN_TOKEN n’est configuré',
  'problem.COMMANDS_UNAVAILABLE.detail':
    'Ce processus ne peut pas envoyer de commandes aux stations : aucune passerelle n’y tourne',
  'problem.INTERNAL_ERROR.detail':
    'Une erreur inattendue s’est produite ; indiquez l’identifiant de la requête en la signalant',
  'problem.IDEMPOTENCY_KEY_INVALID.detail':
    'L’en-tête {header} doit comporter de 1 à {maxLength} caractères ASCII imprimables',
  'problem.IDEMPOTENCY_KEY_REQUIRED.detail': 'Ce point d’accès exige un en-tête {header}',
  'problem.IDEMPOTENCY_KEY_REUSED.detail':
    'Cette clé {header} a déjà servi pour une autre requête ; envoyez une nouvelle clé',
  'problem.IDEMPOTENCY_KEY_IN_USE.detail':
    'Une requête avec cette clé {header} est encore en cours de traitement ; réessayez dans un instant',
  ...identityMessages['fr-FR'],
  ...pricingMessages['fr-FR'],
  ...paymentsMessages['fr-FR'],
  ...rentalsMessages['fr-FR'],
};
