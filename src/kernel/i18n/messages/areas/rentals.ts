import type { Locale } from '../../locales.js';

/**
 * Rental texts for riders, one block per locale with exactly the keys of en-GB (the catalogue type
 * in ../en-GB.ts and i18n.test.ts enforce it). Problem keys follow the scheme in ../en-GB.ts;
 * `rental.status.<status>` is the line an app shows under a rental.
 */
export const rentalsMessages = {
  'en-GB': {
    'problem.GATEWAY_BROKER_UNAVAILABLE.generic':
      'The stations cannot be reached right now; try again in a moment',
    'problem.RENTAL_NOT_FOUND.detail': 'Rental {rentalId} does not exist',
    'problem.RENTAL_STATION_OFFLINE.detail': 'Station {stationId} is offline; try a nearby station',
    'problem.RENTAL_NO_POWER_BANK_AVAILABLE.detail':
      'Station {stationId} has no power bank to rent right now',
    'problem.RENTAL_ALREADY_ACTIVE.detail': 'You already have rental {rentalId} in progress',
    'problem.RENTAL_STATION_BUSY.detail': 'Station {stationId} is busy; try again in a moment',
    'rental.status.pending': 'Getting your power bank ready…',
    'rental.status.ejecting': 'Releasing your power bank from slot {slot}…',
    'rental.status.active': 'Take your power bank from slot {slot} and return it to any station',
    'rental.status.ending': 'Power bank returned; working out the price…',
    'rental.status.ended': 'Thank you! Your rental has ended',
    'rental.status.cancelled': 'The power bank was not taken; you have not been charged',
    'rental.status.failed': 'We could not release a power bank; you have not been charged',
    'rental.status.purchasing': 'The rental has passed its maximum time; charging the power bank…',
    'rental.status.purchased': 'The power bank was not returned in time and has been charged as a purchase',
  },
  'en-US': {},
  'fr-FR': {
    'problem.GATEWAY_BROKER_UNAVAILABLE.generic':
      'Les stations sont injoignables pour le moment ; réessayez dans un instant',
    'problem.RENTAL_NOT_FOUND.detail': 'La location {rentalId} n’existe pas',
    'problem.RENTAL_STATION_OFFLINE.detail':
      'La station {stationId} est hors ligne ; essayez une station proche',
    'problem.RENTAL_NO_POWER_BANK_AVAILABLE.detail':
      'La station {stationId} n’a aucune batterie à louer pour le moment',
    'problem.RENTAL_ALREADY_ACTIVE.detail': 'Vous avez déjà la location {rentalId} en cours',
    'problem.RENTAL_STATION_BUSY.detail': 'La station {stationId} est occupée ; réessayez dans un instant',
    'rental.status.pending': 'Préparation de votre batterie…',
    'rental.status.ejecting': 'Libération de votre batterie depuis l’emplacement {slot}…',
    'rental.status.active':
      'Prenez votre batterie dans l’emplacement {slot} et rendez-la dans n’importe quelle station',
    'rental.status.ending': 'Batterie rendue ; calcul du prix…',
    'rental.status.ended': 'Merci ! Votre location est terminée',
    'rental.status.cancelled': 'La batterie n’a pas été prise ; rien ne vous a été facturé',
    'rental.status.failed': 'Nous n’avons pas pu libérer de batterie ; rien ne vous a été facturé',
    'rental.status.purchasing': 'La location a dépassé sa durée maximale ; facturation de la batterie…',
    'rental.status.purchased': 'La batterie n’a pas été rendue à temps et a été facturée comme un achat',
  },
  'de-DE': {
    'problem.GATEWAY_BROKER_UNAVAILABLE.generic':
      'Die Stationen sind gerade nicht erreichbar; versuchen Sie es gleich noch einmal',
    'problem.RENTAL_NOT_FOUND.detail': 'Die Ausleihe {rentalId} existiert nicht',
    'problem.RENTAL_STATION_OFFLINE.detail':
      'Station {stationId} ist offline; versuchen Sie eine Station in der Nähe',
    'problem.RENTAL_NO_POWER_BANK_AVAILABLE.detail':
      'Station {stationId} hat gerade keine Powerbank zum Ausleihen',
    'problem.RENTAL_ALREADY_ACTIVE.detail': 'Sie haben bereits die laufende Ausleihe {rentalId}',
    'problem.RENTAL_STATION_BUSY.detail':
      'Station {stationId} ist beschäftigt; versuchen Sie es gleich noch einmal',
    'rental.status.pending': 'Ihre Powerbank wird vorbereitet…',
    'rental.status.ejecting': 'Ihre Powerbank wird aus Fach {slot} freigegeben…',
    'rental.status.active':
      'Nehmen Sie Ihre Powerbank aus Fach {slot} und geben Sie sie an einer beliebigen Station zurück',
    'rental.status.ending': 'Powerbank zurückgegeben; der Preis wird berechnet…',
    'rental.status.ended': 'Danke! Ihre Ausleihe ist beendet',
    'rental.status.cancelled': 'Die Powerbank wurde nicht entnommen; Ihnen wurde nichts berechnet',
    'rental.status.failed': 'Wir konnten keine Powerbank freigeben; Ihnen wurde nichts berechnet',
    'rental.status.purchasing':
      'Die Ausleihe hat ihre Höchstdauer überschritten; die Powerbank wird berechnet…',
    'rental.status.purchased': 'Die Powerbank wurde nicht rechtzeitig zurückgegeben und als Kauf berechnet',
  },
  'es-ES': {
    'problem.GATEWAY_BROKER_UNAVAILABLE.generic':
      'No se puede contactar con las estaciones ahora mismo; inténtelo de nuevo en un momento',
    'problem.RENTAL_NOT_FOUND.detail': 'El alquiler {rentalId} no existe',
    'problem.RENTAL_STATION_OFFLINE.detail': 'La estación {stationId} está desconectada; pruebe otra cercana',
    'problem.RENTAL_NO_POWER_BANK_AVAILABLE.detail':
      'La estación {stationId} no tiene ninguna batería para alquilar ahora mismo',
    'problem.RENTAL_ALREADY_ACTIVE.detail': 'Ya tiene el alquiler {rentalId} en curso',
    'problem.RENTAL_STATION_BUSY.detail':
      'La estación {stationId} está ocupada; inténtelo de nuevo en un momento',
    'rental.status.pending': 'Preparando su batería…',
    'rental.status.ejecting': 'Liberando su batería de la ranura {slot}…',
    'rental.status.active': 'Coja su batería de la ranura {slot} y devuélvala en cualquier estación',
    'rental.status.ending': 'Batería devuelta; calculando el precio…',
    'rental.status.ended': '¡Gracias! Su alquiler ha terminado',
    'rental.status.cancelled': 'No se cogió la batería; no se le ha cobrado nada',
    'rental.status.failed': 'No pudimos liberar ninguna batería; no se le ha cobrado nada',
    'rental.status.purchasing': 'El alquiler ha superado su duración máxima; cobrando la batería…',
    'rental.status.purchased': 'La batería no se devolvió a tiempo y se ha cobrado como una compra',
  },
  'it-IT': {
    'problem.GATEWAY_BROKER_UNAVAILABLE.generic':
      'Le stazioni non sono raggiungibili al momento; riprova tra un momento',
    'problem.RENTAL_NOT_FOUND.detail': 'Il noleggio {rentalId} non esiste',
    'problem.RENTAL_STATION_OFFLINE.detail': 'La stazione {stationId} è offline; prova una stazione vicina',
    'problem.RENTAL_NO_POWER_BANK_AVAILABLE.detail':
      'La stazione {stationId} non ha power bank da noleggiare in questo momento',
    'problem.RENTAL_ALREADY_ACTIVE.detail': 'Hai già il noleggio {rentalId} in corso',
    'problem.RENTAL_STATION_BUSY.detail': 'La stazione {stationId} è occupata; riprova tra un momento',
    'rental.status.pending': 'Stiamo preparando il tuo power bank…',
    'rental.status.ejecting': 'Sblocco del tuo power bank dallo slot {slot}…',
    'rental.status.active':
      'Prendi il tuo power bank dallo slot {slot} e restituiscilo in qualsiasi stazione',
    'rental.status.ending': 'Power bank restituito; calcolo del prezzo…',
    'rental.status.ended': 'Grazie! Il tuo noleggio è terminato',
    'rental.status.cancelled': 'Il power bank non è stato preso; non ti è stato addebitato nulla',
    'rental.status.failed': 'Non siamo riusciti a sbloccare un power bank; non ti è stato addebitato nulla',
    'rental.status.purchasing': 'Il noleggio ha superato la durata massima; addebito del power bank…',
    'rental.status.purchased':
      'Il power bank non è stato restituito in tempo ed è stato addebitato come acquisto',
  },
  'nl-NL': {
    'problem.GATEWAY_BROKER_UNAVAILABLE.generic':
      'De stations zijn nu niet bereikbaar; probeer het zo opnieuw',
    'problem.RENTAL_NOT_FOUND.detail': 'Huur {rentalId} bestaat niet',
    'problem.RENTAL_STATION_OFFLINE.detail':
      'Station {stationId} is offline; probeer een station in de buurt',
    'problem.RENTAL_NO_POWER_BANK_AVAILABLE.detail': 'Station {stationId} heeft nu geen powerbank te huur',
    'problem.RENTAL_ALREADY_ACTIVE.detail': 'U heeft huur {rentalId} al lopen',
    'problem.RENTAL_STATION_BUSY.detail': 'Station {stationId} is bezet; probeer het zo opnieuw',
    'rental.status.pending': 'Uw powerbank wordt klaargemaakt…',
    'rental.status.ejecting': 'Uw powerbank wordt vrijgegeven uit vak {slot}…',
    'rental.status.active': 'Neem uw powerbank uit vak {slot} en lever hem in bij elk station',
    'rental.status.ending': 'Powerbank ingeleverd; de prijs wordt berekend…',
    'rental.status.ended': 'Bedankt! Uw huur is beëindigd',
    'rental.status.cancelled': 'De powerbank is niet gepakt; er is niets in rekening gebracht',
    'rental.status.failed': 'We konden geen powerbank vrijgeven; er is niets in rekening gebracht',
    'rental.status.purchasing': 'De huur heeft de maximale duur overschreden; de powerbank wordt afgerekend…',
    'rental.status.purchased': 'De powerbank is niet op tijd ingeleverd en is als aankoop afgerekend',
  },
  'ja-JP': {
    'problem.GATEWAY_BROKER_UNAVAILABLE.generic':
      '現在ステーションに接続できません。しばらくしてからもう一度お試しください',
    'problem.RENTAL_NOT_FOUND.detail': 'レンタル {rentalId} は存在しません',
    'problem.RENTAL_STATION_OFFLINE.detail':
      'ステーション {stationId} はオフラインです。近くのステーションをお試しください',
    'problem.RENTAL_NO_POWER_BANK_AVAILABLE.detail':
      'ステーション {stationId} には現在レンタルできるモバイルバッテリーがありません',
    'problem.RENTAL_ALREADY_ACTIVE.detail': 'レンタル {rentalId} がすでに進行中です',
    'problem.RENTAL_STATION_BUSY.detail':
      'ステーション {stationId} は処理中です。少し後でもう一度お試しください',
    'rental.status.pending': 'モバイルバッテリーを準備しています…',
    'rental.status.ejecting': 'スロット {slot} からモバイルバッテリーを取り出しています…',
    'rental.status.active':
      'スロット {slot} からモバイルバッテリーをお取りください。どのステーションにも返却できます',
    'rental.status.ending': '返却されました。料金を計算しています…',
    'rental.status.ended': 'ありがとうございました。レンタルは終了しました',
    'rental.status.cancelled': 'モバイルバッテリーが取り出されなかったため、料金は発生していません',
    'rental.status.failed': 'モバイルバッテリーを取り出せませんでした。料金は発生していません',
    'rental.status.purchasing': '最長レンタル期間を過ぎました。モバイルバッテリー代を請求しています…',
    'rental.status.purchased': '期限内に返却されなかったため、モバイルバッテリーは購入として請求されました',
  },
} as const satisfies Record<Locale, Record<string, string>>;
