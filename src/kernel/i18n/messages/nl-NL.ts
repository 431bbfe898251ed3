import type { Catalogue } from './en-GB.js';
import { identityMessages } from './areas/identity.js';
import { pricingMessages } from './areas/pricing.js';
import { paymentsMessages } from './areas/payments.js';
import { rentalsMessages } from './areas/rentals.js';

export const nlNL: Catalogue = {
  'problem.title.400': 'Ongeldig verzoek',
  'problem.title.401': 'Niet geautoriseerd',
  'problem.title.404': 'Niet gevonden',
  'problem.title.405': 'Methode niet toegestaan',
  'problem.title.406': 'Niet aanvaardbaar',
  'problem.title.409': 'Conflict',
  'problem.title.413': 'Inhoud te groot',
  'problem.title.415': 'Niet-ondersteund mediatype',
  'problem.title.422': 'Onverwerkbare entiteit',
  'problem.title.429': 'Te veel verzoeken',
  'problem.title.500': 'Interne serverfout',
  'problem.title.503': 'Dienst niet beschikbaar',

  'problem.FLEET_STATION_NOT_FOUND.detail': 'Station {stationId} bestaat niet',
  'problem.FLEET_STATION_NOT_FOUND.detail.byCode': 'Er is geen station met code {code}',
  'problem.FLEET_SITE_NOT_FOUND.detail': 'Locatie {siteId} bestaat niet',
  'problem.FLEET_POWER_BANK_NOT_FOUND.detail': 'Powerbank {powerBankId} bestaat niet',
  'problem.FLEET_STATION_CODE_TAKEN.detail': 'Stationscode {code} is al in gebruik',
  'problem.FLEET_POWER_BANK_EXISTS.detail': 'Powerbank {powerBankId} is al geregistreerd',
  'problem.FLEET_STATION_EXISTS.detail': 'Station {stationId} is al ingericht',
  'problem.FLEET_EJECT_IN_PROGRESS.detail':
    'Bij station {stationId} loopt al een uitwerpopdracht; wacht op het resultaat',
  'problem.FLEET_COMMAND_NOT_FOUND.detail': 'Opdracht {commandId} bestaat niet',
  'problem.FLEET_ALERT_NOT_FOUND.detail': 'Melding {alertId} bestaat niet',
  'problem.FLEET_INVALID_INPUT.generic': 'De vlootgegevens in het verzoek zijn ongeldig',
  'problem.MONEY_CURRENCY_MISMATCH.detail': '{left} kan niet met {right} worden gecombineerd',
  'problem.MONEY_INVALID.generic': 'Het bedrag of de valuta is ongeldig',
  'problem.PRICING_INVALID_TARIFF.generic': 'Het tarief is ongeldig',
  'problem.PRICING_INVALID_TAX_RULE.generic': 'De belastingregel is ongeldig',
  'problem.PRICING_INVALID_DURATION.generic': 'De huurduur is ongeldig',
  'problem.AUTH_REQUIRED.detail': 'Dit endpoint vereist Authorization: Bearer <beheerderstoken>',
  'problem.AUTH_INVALID.detail': 'Het beheerderstoken is ongeldig',
  'problem.VALIDATION_FAILED.generic':
    'Het verzoek bevat ongeldige waarden; zie errors voor de details per veld',
  'problem.MALFORMED_JSON.detail': 'De body van het verzoek is geen geldige JSON',
  'problem.PAYLOAD_TOO_LARGE.detail': 'De body van het verzoek is groter dan deze API accepteert',
  'problem.NOT_FOUND.detail': 'Geen route komt overeen met {method} {path}',
  'problem.NOT_FOUND.generic': 'De opgevraagde resource bestaat niet',
  'problem.BAD_REQUEST.generic': 'Het verzoek kan in deze vorm niet worden verwerkt',
  'problem.METHOD_NOT_ALLOWED.generic': 'Deze methode is niet toegestaan voor deze resource',
  'problem.NOT_ACCEPTABLE.generic': 'Geen enkele representatie komt overeen met de Accept-header',
  'problem.UNSUPPORTED_MEDIA_TYPE.generic': 'Het inhoudstype van het verzoek wordt niet ondersteund',
  'problem.TOO_MANY_REQUESTS.generic': 'Te veel verzoeken; probeer het later opnieuw',
  'problem.OPS_DISABLED.detail': 'De beheer-API is uitgeschakeld: er is geen ADMIN_TOKEN ingesteld',
  'problem.COMMANDS_UNAVAILABLE.detail':
    'Dit proces kan geen stationsopdrachten versturen: hier draait geen gateway',
  'problem.INTERNAL_ERROR.detail':
    'Er is een onverwachte fout opgetreden; vermeld het verzoek-ID wanneer u dit meldt',
  'problem.IDEMPOTENCY_KEY_INVALID.detail':
    'De header {header} moet uit 1 tot {maxLength} afdrukbare ASCII-tekens bestaan',
  'problem.IDEMPOTENCY_KEY_REQUIRED.detail': 'Dit endpoint vereist een {header}-header',
  'problem.IDEMPOTENCY_KEY_REUSED.detail':
    'Deze {header} is al gebruikt voor een ander verzoek; stuur een nieuwe sleutel',
  'problem.IDEMPOTENCY_KEY_IN_USE.detail':
    'Een verzoek met deze {header} wordt nog verwerkt; probeer het zo opnieuw',
  ...identityMessages['nl-NL'],
  ...pricingMessages['nl-NL'],
  ...paymentsMessages['nl-NL'],
  ...rentalsMessages['nl-NL'],
};
