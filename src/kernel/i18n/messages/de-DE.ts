import type { Catalogue } from './en-GB.js';
import { identityMessages } from './areas/identity.js';
import { pricingMessages } from './areas/pricing.js';
import { paymentsMessages } from './areas/payments.js';
import { rentalsMessages } from './areas/rentals.js';

export const deDE: Catalogue = {
  'problem.title.400': 'Ungültige Anfrage',
  'problem.title.401': 'Nicht autorisiert',
  'problem.title.404': 'Nicht gefunden',
  'problem.title.405': 'Methode nicht erlaubt',
  'problem.title.406': 'Nicht akzeptabel',
  'problem.title.409': 'Konflikt',
  'problem.title.413': 'Inhalt zu groß',
  'problem.title.415': 'Nicht unterstützter Medientyp',
  'problem.title.422': 'Nicht verarbeitbare Entität',
  'problem.title.429': 'Zu viele Anfragen',
  'problem.title.500': 'Interner Serverfehler',
  'problem.title.503': 'Dienst nicht verfügbar',

  'problem.FLEET_STATION_NOT_FOUND.detail': 'Die Station {stationId} existiert nicht',
  'problem.FLEET_STATION_NOT_FOUND.detail.byCode': 'Keine Station hat den Code {code}',
  'problem.FLEET_SITE_NOT_FOUND.detail': 'Der Standort {siteId} existiert nicht',
  'problem.FLEET_POWER_BANK_NOT_FOUND.detail': 'Die Powerbank {powerBankId} existiert nicht',
  'problem.FLEET_STATION_CODE_TAKEN.detail': 'Der Stationscode {code} wird bereits verwendet',
  'problem.FLEET_POWER_BANK_EXISTS.detail': 'Die Powerbank {powerBankId} ist bereits registriert',
  'problem.FLEET_STATION_EXISTS.detail': 'Die Station {stationId} ist bereits eingerichtet',
  'problem.FLEET_EJECT_IN_PROGRESS.detail':
    'An der Station {stationId} läuft bereits ein Auswurf; bitte warten Sie dessen Ergebnis ab',
  'problem.FLEET_COMMAND_NOT_FOUND.detail': 'Der Befehl {commandId} existiert nicht',
  'problem.FLEET_ALERT_NOT_FOUND.detail': 'Die Warnmeldung {alertId} existiert nicht',
  'problem.FLEET_INVALID_INPUT.generic': 'Die Flottendaten in der Anfrage sind ungültig',
  'problem.MONEY_CURRENCY_MISMATCH.detail': '{left} kann nicht mit {right} verrechnet werden',
  'problem.MONEY_INVALID.generic': 'Betrag oder Währung ist ungültig',
  'problem.PRICING_INVALID_TARIFF.generic': 'Der Tarif ist ungültig',
  'problem.PRICING_INVALID_TAX_RULE.generic': 'Die Steuerregel ist ungültig',
  'problem.PRICING_INVALID_DURATION.generic': 'Die Mietdauer ist ungültig',
  'problem.AUTH_REQUIRED.detail': 'Dieser Endpunkt erfordert Authorization: Bearer <Admin-Token>',
  'problem.AUTH_INVALID.detail': 'Das Admin-Token ist ungültig',
  'problem.VALIDATION_FAILED.generic':
    'Die Anfrage enthält ungültige Werte; Einzelheiten je Feld stehen in errors',
  'problem.MALFORMED_JSON.detail': 'Der Anfragetext ist kein gültiges JSON',
  'problem.PAYLOAD_TOO_LARGE.detail': 'Der Anfragetext ist größer, als diese API annimmt',
  'problem.NOT_FOUND.detail': 'Keine Route passt zu {method} {path}',
  'problem.NOT_FOUND.generic': 'Die angeforderte Ressource existiert nicht',
  'problem.BAD_REQUEST.generic': 'Die Anfrage kann in dieser Form nicht verarbeitet werden',
  'problem.METHOD_NOT_ALLOWED.generic': 'Diese Methode ist für diese Ressource nicht erlaubt',
  'problem.NOT_ACCEPTABLE.generic': 'Keine Darstellung entspricht dem Accept-Header',
  'problem.UNSUPPORTED_MEDIA_TYPE.generic': 'Der Inhaltstyp der Anfrage wird nicht unterstützt',
  'problem.TOO_MANY_REQUESTS.generic': 'Zu viele Anfragen; bitte versuchen Sie es später erneut',
  'problem.OPS_DISABLED.detail': 'Die Betriebs-API ist deaktiviert: Es ist kein ADMIN_TOKEN konfiguriert',
  'problem.COMMANDS_UNAVAILABLE.detail':
    'Dieser Prozess kann keine Stationsbefehle senden: Hier läuft kein Gateway',
  'problem.INTERNAL_ERROR.detail':
    'Ein unerwarteter Fehler ist aufgetreten; bitte geben Sie bei einer Meldung die Anfrage-ID an',
  'problem.IDEMPOTENCY_KEY_INVALID.detail':
    'Der Header {header} muss aus 1 bis {maxLength} druckbaren ASCII-Zeichen bestehen',
  'problem.IDEMPOTENCY_KEY_REQUIRED.detail': 'Dieser Endpunkt erfordert einen {header}-Header',
  'problem.IDEMPOTENCY_KEY_REUSED.detail':
    'Dieser {header} wurde bereits für eine andere Anfrage verwendet; senden Sie einen neuen Schlüssel',
  'problem.IDEMPOTENCY_KEY_IN_USE.detail':
    'Eine Anfrage mit diesem {header} wird noch verarbeitet; versuchen Sie es gleich noch einmal',
  ...identityMessages['de-DE'],
  ...pricingMessages['de-DE'],
  ...paymentsMessages['de-DE'],
  ...rentalsMessages['de-DE'],
};
