import type { Locale } from '../../locales.js';

/**
 * Pricing texts for riders, one block per locale with exactly the keys of en-GB (the catalogue type
 * in ../en-GB.ts and i18n.test.ts enforce it). Problem keys follow the scheme in ../en-GB.ts.
 * `pricing.quote.*` are the quote's display lines; their money arguments arrive already formatted
 * for the locale (formatMoney), minutes and hours as numbers for ICU plurals.
 */
const enGB = {
  'problem.PRICING_NO_TARIFF.detail':
    'No tariff is in force in {country}; stations there cannot be rented yet',
  'problem.PRICING_REGION_NOT_FOUND.detail': 'No pricing region for {country}',
  'problem.PRICING_CURRENCY_MISMATCH.detail': 'Tariffs in {country} must be in {expected}, not {actual}',
  'problem.PRICING_REGION_CURRENCY_LOCKED.detail':
    '{country} already has tariffs in {current}; its currency cannot change',
  'problem.PRICING_INVALID_REGION.generic': 'The pricing region is not valid',
  'pricing.quote.summary':
    '{unlockFee} to unlock, then {pricePerPeriod} per {periodMinutes, plural, one {minute} other {# minutes}}{freeMinutes, plural, =0 {} one { after # free minute} other { after # free minutes}}, at most {dailyCap} a day',
  'pricing.quote.tax.included': 'Prices include {taxRate} tax',
  'pricing.quote.tax.added': '{taxRate} tax is added to these prices',
  'pricing.quote.purchase':
    'If it is not returned within {maxRentalHours, plural, one {# hour} other {# hours}}, you buy the power bank for {maxCharge}',
  'pricing.quote.hold':
    '{holdAmount} is held on your card when the rental starts; you pay only for the time you use',
} as const;

export const pricingMessages = {
  'en-GB': enGB,
  'en-US': enGB,
  'fr-FR': {
    'problem.PRICING_NO_TARIFF.detail':
      'Aucun tarif n’est en vigueur pour le pays {country} ; ses stations ne peuvent pas encore être louées',
    'problem.PRICING_REGION_NOT_FOUND.detail': 'Aucune région tarifaire pour {country}',
    'problem.PRICING_CURRENCY_MISMATCH.detail':
      'Les tarifs pour {country} doivent être en {expected}, pas en {actual}',
    'problem.PRICING_REGION_CURRENCY_LOCKED.detail':
      '{country} a déjà des tarifs en {current} ; sa devise ne peut plus changer',
    'problem.PRICING_INVALID_REGION.generic': 'La région tarifaire n’est pas valide',
    'pricing.quote.summary':
      '{unlockFee} pour le déverrouillage, puis {pricePerPeriod} par {periodMinutes, plural, one {minute} other {tranche de # minutes}}{freeMinutes, plural, =0 {} one { après # minute gratuite} other { après # minutes gratuites}}, au maximum {dailyCap} par jour',
    'pricing.quote.tax.included': 'Les prix incluent {taxRate} de taxes',
    'pricing.quote.tax.added': '{taxRate} de taxes s’ajoutent à ces prix',
    'pricing.quote.purchase':
      'Sans retour sous {maxRentalHours, plural, one {# heure} other {# heures}}, vous achetez la batterie pour {maxCharge}',
    'pricing.quote.hold':
      '{holdAmount} sont bloqués sur votre carte au début de la location ; vous ne payez que le temps utilisé',
  },
  'de-DE': {
    'problem.PRICING_NO_TARIFF.detail':
      'Für {country} gilt kein Tarif; Stationen dort können noch nicht gemietet werden',
    'problem.PRICING_REGION_NOT_FOUND.detail': 'Keine Preisregion für {country}',
    'problem.PRICING_CURRENCY_MISMATCH.detail':
      'Tarife für {country} müssen in {expected} sein, nicht in {actual}',
    'problem.PRICING_REGION_CURRENCY_LOCKED.detail':
      '{country} hat bereits Tarife in {current}; die Währung kann nicht mehr geändert werden',
    'problem.PRICING_INVALID_REGION.generic': 'Die Preisregion ist ungültig',
    'pricing.quote.summary':
      '{unlockFee} für die Entsperrung, dann {pricePerPeriod} pro {periodMinutes, plural, one {Minute} other {# Minuten}}{freeMinutes, plural, =0 {} one { nach # Freiminute} other { nach # Freiminuten}}, höchstens {dailyCap} pro Tag',
    'pricing.quote.tax.included': 'Preise inklusive {taxRate} Steuer',
    'pricing.quote.tax.added': 'Zuzüglich {taxRate} Steuer',
    'pricing.quote.purchase':
      'Wird die Powerbank nicht innerhalb von {maxRentalHours, plural, one {# Stunde} other {# Stunden}} zurückgegeben, kaufen Sie sie für {maxCharge}',
    'pricing.quote.hold':
      'Zu Beginn der Miete werden {holdAmount} auf Ihrer Karte reserviert; Sie zahlen nur die genutzte Zeit',
  },
  'es-ES': {
    'problem.PRICING_NO_TARIFF.detail':
      'No hay ninguna tarifa vigente en {country}; sus estaciones aún no se pueden alquilar',
    'problem.PRICING_REGION_NOT_FOUND.detail': 'No hay región de precios para {country}',
    'problem.PRICING_CURRENCY_MISMATCH.detail':
      'Las tarifas de {country} deben estar en {expected}, no en {actual}',
    'problem.PRICING_REGION_CURRENCY_LOCKED.detail':
      '{country} ya tiene tarifas en {current}; su moneda no puede cambiar',
    'problem.PRICING_INVALID_REGION.generic': 'La región de precios no es válida',
    'pricing.quote.summary':
      '{unlockFee} por desbloquear, luego {pricePerPeriod} cada {periodMinutes, plural, one {minuto} other {# minutos}}{freeMinutes, plural, =0 {} one { tras # minuto gratis} other { tras # minutos gratis}}, como máximo {dailyCap} al día',
    'pricing.quote.tax.included': 'Los precios incluyen un {taxRate} de impuestos',
    'pricing.quote.tax.added': 'A estos precios se añade un {taxRate} de impuestos',
    'pricing.quote.purchase':
      'Si no la devuelves en {maxRentalHours, plural, one {# hora} other {# horas}}, compras la batería por {maxCharge}',
    'pricing.quote.hold':
      'Al empezar el alquiler se retienen {holdAmount} en tu tarjeta; solo pagas el tiempo que usas',
  },
  'it-IT': {
    'problem.PRICING_NO_TARIFF.detail':
      'Nessuna tariffa in vigore per {country}; le stazioni lì non possono ancora essere noleggiate',
    'problem.PRICING_REGION_NOT_FOUND.detail': 'Nessuna regione tariffaria per {country}',
    'problem.PRICING_CURRENCY_MISMATCH.detail':
      'Le tariffe per {country} devono essere in {expected}, non in {actual}',
    'problem.PRICING_REGION_CURRENCY_LOCKED.detail':
      '{country} ha già tariffe in {current}; la valuta non può cambiare',
    'problem.PRICING_INVALID_REGION.generic': 'La regione tariffaria non è valida',
    'pricing.quote.summary':
      '{unlockFee} per lo sblocco, poi {pricePerPeriod} ogni {periodMinutes, plural, one {minuto} other {# minuti}}{freeMinutes, plural, =0 {} one { dopo # minuto gratuito} other { dopo # minuti gratuiti}}, al massimo {dailyCap} al giorno',
    'pricing.quote.tax.included': 'I prezzi includono il {taxRate} di imposte',
    'pricing.quote.tax.added': 'Ai prezzi si aggiunge il {taxRate} di imposte',
    'pricing.quote.purchase':
      'Se non lo restituisci entro {maxRentalHours, plural, one {# ora} other {# ore}}, acquisti il power bank per {maxCharge}',
    'pricing.quote.hold':
      'All’inizio del noleggio vengono bloccati {holdAmount} sulla tua carta; paghi solo il tempo che usi',
  },
  'nl-NL': {
    'problem.PRICING_NO_TARIFF.detail':
      'Er geldt geen tarief in {country}; stations daar kunnen nog niet worden gehuurd',
    'problem.PRICING_REGION_NOT_FOUND.detail': 'Geen prijsregio voor {country}',
    'problem.PRICING_CURRENCY_MISMATCH.detail':
      'Tarieven voor {country} moeten in {expected} zijn, niet in {actual}',
    'problem.PRICING_REGION_CURRENCY_LOCKED.detail':
      '{country} heeft al tarieven in {current}; de valuta kan niet meer veranderen',
    'problem.PRICING_INVALID_REGION.generic': 'De prijsregio is ongeldig',
    'pricing.quote.summary':
      '{unlockFee} om te ontgrendelen, daarna {pricePerPeriod} per {periodMinutes, plural, one {minuut} other {# minuten}}{freeMinutes, plural, =0 {} one { na # gratis minuut} other { na # gratis minuten}}, maximaal {dailyCap} per dag',
    'pricing.quote.tax.included': 'Prijzen inclusief {taxRate} belasting',
    'pricing.quote.tax.added': 'Exclusief {taxRate} belasting',
    'pricing.quote.purchase':
      'Niet teruggebracht binnen {maxRentalHours, plural, one {# uur} other {# uur}}? Dan koopt u de powerbank voor {maxCharge}',
    'pricing.quote.hold':
      'Bij de start wordt {holdAmount} op uw kaart gereserveerd; u betaalt alleen de tijd die u gebruikt',
  },
  'ja-JP': {
    'problem.PRICING_NO_TARIFF.detail':
      '{country} では有効な料金プランがないため、ステーションをまだレンタルできません',
    'problem.PRICING_REGION_NOT_FOUND.detail': '{country} の料金地域がありません',
    'problem.PRICING_CURRENCY_MISMATCH.detail':
      '{country} の料金プランは {actual} ではなく {expected} で設定してください',
    'problem.PRICING_REGION_CURRENCY_LOCKED.detail':
      '{country} にはすでに {current} の料金プランがあるため、通貨は変更できません',
    'problem.PRICING_INVALID_REGION.generic': '料金地域が無効です',
    'pricing.quote.summary':
      'ロック解除 {unlockFee}、{freeMinutes, plural, =0 {} other {最初の#分間は無料、}}その後{periodMinutes, plural, other {#分}}ごとに{pricePerPeriod}、1日の上限は{dailyCap}',
    'pricing.quote.tax.included': '料金は{taxRate}の税込みです',
    'pricing.quote.tax.added': '料金には別途{taxRate}の税がかかります',
    'pricing.quote.purchase':
      '{maxRentalHours, plural, other {#時間}}以内に返却されない場合、モバイルバッテリーを{maxCharge}でご購入いただきます',
    'pricing.quote.hold':
      'レンタル開始時にカードで{holdAmount}を仮押さえします。お支払いはご利用時間分のみです',
  },
} as const satisfies Record<Locale, Record<keyof typeof enGB, string>>;
