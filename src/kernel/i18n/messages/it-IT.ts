import type { Catalogue } from './en-GB.js';
import { identityMessages } from './areas/identity.js';
import { pricingMessages } from './areas/pricing.js';
import { paymentsMessages } from './areas/payments.js';
import { rentalsMessages } from './areas/rentals.js';

export const itIT: Catalogue = {
  'problem.title.400': 'Richiesta non valida',
  'problem.title.401': 'Non autorizzato',
  'problem.title.404': 'Non trovato',
  'problem.title.405': 'Metodo non consentito',
  'problem.title.406': 'Non accettabile',
  'problem.title.409': 'Conflitto',
  'problem.title.413': 'Contenuto troppo grande',
  'problem.title.415': 'Tipo di contenuto non supportato',
  'problem.title.422': 'Entità non elaborabile',
  'problem.title.429': 'Troppe richieste',
  'problem.title.500': 'Errore interno del server',
  'problem.title.503': 'Servizio non disponibile',

  'problem.FLEET_STATION_NOT_FOUND.detail': 'La stazione {stationId} non esiste',
  'problem.FLEET_STATION_NOT_FOUND.detail.byCode': 'Nessuna stazione ha il codice {code}',
  'problem.FLEET_SITE_NOT_FOUND.detail': 'Il sito {siteId} non esiste',
  'problem.FLEET_POWER_BANK_NOT_FOUND.detail': 'Il power bank {powerBankId} non esiste',
  'problem.FLEET_STATION_CODE_TAKEN.detail': 'Il codice stazione {code} è già in uso',
  'problem.FLEET_POWER_BANK_EXISTS.detail': 'Il power bank {powerBankId} è già registrato',
  'problem.FLEET_STATION_EXISTS.detail': 'La stazione {stationId} è già configurata',
  'problem.FLEET_EJECT_IN_PROGRESS.detail':
    'La stazione {stationId} ha già un’espulsione in corso; attendi il risultato',
  'problem.FLEET_COMMAND_NOT_FOUND.detail': 'Il comando {commandId} non esiste',
  'problem.FLEET_ALERT_NOT_FOUND.detail': 'L’avviso {alertId} non esiste',
  'problem.FLEET_INVALID_INPUT.generic': 'I dati della flotta nella richiesta non sono validi',
  'problem.MONEY_CURRENCY_MISMATCH.detail': 'Impossibile combinare {left} con {right}',
  'problem.MONEY_INVALID.generic': 'L’importo o la valuta non sono validi',
  'problem.PRICING_INVALID_TARIFF.generic': 'La tariffa non è valida',
  'problem.PRICING_INVALID_TAX_RULE.generic': 'La regola fiscale non è valida',
  'problem.PRICING_INVALID_DURATION.generic': 'La durata del noleggio non è valida',
  'problem.AUTH_REQUIRED.detail': 'Questo endpoint richiede Authorization: Bearer <token di amministrazione>',
  'problem.AUTH_INVALID.detail': 'Il token di amministrazione non è valido',
  'problem.VALIDATION_FAILED.generic':
    'La richiesta contiene valori non validi; vedi errors per il dettaglio di ogni campo',
  'problem.MALFORMED_JSON.detail': 'Il corpo della richiesta non è un JSON valido',
  'problem.PAYLOAD_TOO_LARGE.detail': 'Il corpo della richiesta supera la dimensione accettata da questa API',
  'problem.NOT_FOUND.detail': 'Nessuna route corrisponde a {method} {path}',
  'problem.NOT_FOUND.generic': 'La risorsa richiesta non esiste',
  'problem.BAD_REQUEST.generic': 'La richiesta non può essere elaborata così com’è',
  'problem.METHOD_NOT_ALLOWED.generic': 'Questo metodo non è consentito su questa risorsa',
  'problem.NOT_ACCEPTABLE.generic': 'Nessuna rappresentazione corrisponde all’intestazione Accept',
  'problem.UNSUPPORTED_MEDIA_TYPE.generic': 'Il tipo di contenuto della richiesta non è supportato',
  'problem.TOO_MANY_REQUESTS.generic': 'Troppe richieste; riprova più tardi',
  'problem.OPS_DISABLED.detail': 'L’API operativa è disattivata: nessun ADMIN_TOKEN è configurato',
  'problem.COMMANDS_UNAVAILABLE.detail':
    'Questo processo non può inviare comandi alle stazioni: qui non è in esecuzione alcun gateway',
  'problem.INTERNAL_ERROR.detail':
    'Si è verificato un errore imprevisto; indica l’ID della richiesta quando lo segnali',
  'problem.IDEMPOTENCY_KEY_INVALID.detail':
    'L’intestazione {header} deve contenere da 1 a {maxLength} caratteri ASCII stampabili',
  'problem.IDEMPOTENCY_KEY_REQUIRED.detail': 'Questo endpoint richiede un’intestazione {header}',
  'problem.IDEMPOTENCY_KEY_REUSED.detail':
    'Questa {header} è già stata usata per un’altra richiesta; invia una nuova chiave',
  'problem.IDEMPOTENCY_KEY_IN_USE.detail':
    'Una richiesta con questa {header} è ancora in elaborazione; riprova tra poco',
  ...identityMessages['it-IT'],
  ...pricingMessages['it-IT'],
  ...paymentsMessages['it-IT'],
  ...rentalsMessages['it-IT'],
};
