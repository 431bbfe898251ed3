import type { Locale } from '../../locales.js';

/**
 * Identity texts for riders, one block per locale with exactly the keys of en-GB (the catalogue type
 * in ../en-GB.ts and i18n.test.ts enforce it). Problem keys follow the scheme in ../en-GB.ts.
 * `identity.code.*` are the messages that carry a one-time sign-in code.
 */
const enGB = {
  'identity.code.sms': 'Your chargenet code is {code}. It expires in {minutes} min. Never share it.',
  'identity.code.email.subject': 'Your chargenet sign-in code: {code}',
  'identity.code.email.body':
    'Your chargenet sign-in code is {code}.\n\nIt expires in {minutes, plural, one {# minute} other {# minutes}} and works once. If you did not ask for it, ignore this e-mail; never share the code with anyone.',
  'problem.AUTH_RIDER_REQUIRED.detail':
    'Sign in first: this endpoint needs Authorization: Bearer <access token>',
  'problem.AUTH_TOKEN_INVALID.detail': 'The access token is not valid; sign in again',
  'problem.AUTH_TOKEN_EXPIRED.detail': 'The access token has expired; refresh it or sign in again',
  'problem.AUTH_CODE_RATE_LIMITED.detail':
    'Too many codes were requested for this address; try again in {retryAfterMinutes, plural, one {# minute} other {# minutes}}',
  'problem.AUTH_CODE_INVALID.detail':
    'The code is not correct; {attemptsLeft, plural, =0 {request a new code} one {# attempt left} other {# attempts left}}',
  'problem.AUTH_CODE_EXPIRED.detail':
    'There is no valid code for this address (expired, already used or too many wrong attempts); request a new one',
  'problem.AUTH_REFRESH_TOKEN_INVALID.detail': 'The refresh token is not valid; sign in again',
  'problem.AUTH_REFRESH_TOKEN_REUSED.detail':
    'This refresh token was already used, so every session of this sign-in has been ended; sign in again',
  'problem.IDENTITY_ERASURE_BLOCKED.detail':
    'Your account cannot be deleted right now ({reason}); try again once that is settled',
  'problem.IDENTITY_RIDER_NOT_FOUND.detail': 'This rider account does not exist',
} as const;

type IdentityTexts = Record<keyof typeof enGB, string>;

const frFR: IdentityTexts = {
  'identity.code.sms':
    'Votre code chargenet est {code}. Il expire dans {minutes} min. Ne le communiquez jamais.',
  'identity.code.email.subject': 'Votre code de connexion chargenet : {code}',
  'identity.code.email.body':
    'Votre code de connexion chargenet est {code}.\n\nIl expire dans {minutes, plural, one {# minute} other {# minutes}} et ne sert qu’une fois. Si vous ne l’avez pas demandé, ignorez cet e-mail ; ne communiquez jamais ce code à personne.',
  'problem.AUTH_RIDER_REQUIRED.detail':
    'Connectez-vous d’abord : ce point d’accès exige l’en-tête Authorization: Bearer <jeton d’accès>',
  'problem.AUTH_TOKEN_INVALID.detail': 'Le jeton d’accès n’est pas valide ; reconnectez-vous',
  'problem.AUTH_TOKEN_EXPIRED.detail': 'Le jeton d’accès a expiré ; renouvelez-le ou reconnectez-vous',
  'problem.AUTH_CODE_RATE_LIMITED.detail':
    'Trop de codes ont été demandés pour cette adresse ; réessayez dans {retryAfterMinutes, plural, one {# minute} other {# minutes}}',
  'problem.AUTH_CODE_INVALID.detail':
    'Le code est incorrect ; {attemptsLeft, plural, =0 {demandez un nouveau code} one {il reste # essai} other {il reste # essais}}',
  'problem.AUTH_CODE_EXPIRED.detail':
    'Aucun code valide pour cette adresse (expiré, déjà utilisé ou trop d’essais erronés) ; demandez-en un nouveau',
  'problem.AUTH_REFRESH_TOKEN_INVALID.detail':
    'Le jeton de renouvellement n’est pas valide ; reconnectez-vous',
  'problem.AUTH_REFRESH_TOKEN_REUSED.detail':
    'Ce jeton de renouvellement a déjà été utilisé : toutes les sessions de cette connexion ont été fermées ; reconnectez-vous',
  'problem.IDENTITY_ERASURE_BLOCKED.detail':
    'Votre compte ne peut pas être supprimé pour le moment ({reason}) ; réessayez une fois ce point réglé',
  'problem.IDENTITY_RIDER_NOT_FOUND.detail': 'Ce compte utilisateur n’existe pas',
};

const deDE: IdentityTexts = {
  'identity.code.sms':
    'Dein chargenet-Code lautet {code}. Er läuft in {minutes} Min. ab. Gib ihn niemals weiter.',
  'identity.code.email.subject': 'Dein chargenet-Anmeldecode: {code}',
  'identity.code.email.body':
    'Dein chargenet-Anmeldecode lautet {code}.\n\nEr läuft in {minutes, plural, one {# Minute} other {# Minuten}} ab und gilt nur einmal. Wenn du ihn nicht angefordert hast, ignoriere diese E-Mail; gib den Code niemals an andere weiter.',
  'problem.AUTH_RIDER_REQUIRED.detail':
    'Bitte zuerst anmelden: Dieser Endpunkt erfordert Authorization: Bearer <Zugriffstoken>',
  'problem.AUTH_TOKEN_INVALID.detail': 'Das Zugriffstoken ist ungültig; bitte erneut anmelden',
  'problem.AUTH_TOKEN_EXPIRED.detail':
    'Das Zugriffstoken ist abgelaufen; erneuere es oder melde dich erneut an',
  'problem.AUTH_CODE_RATE_LIMITED.detail':
    'Für diese Adresse wurden zu viele Codes angefordert; versuche es in {retryAfterMinutes, plural, one {# Minute} other {# Minuten}} erneut',
  'problem.AUTH_CODE_INVALID.detail':
    'Der Code ist falsch; {attemptsLeft, plural, =0 {fordere einen neuen Code an} one {noch # Versuch} other {noch # Versuche}}',
  'problem.AUTH_CODE_EXPIRED.detail':
    'Für diese Adresse gibt es keinen gültigen Code (abgelaufen, bereits verwendet oder zu viele Fehlversuche); fordere einen neuen an',
  'problem.AUTH_REFRESH_TOKEN_INVALID.detail': 'Das Aktualisierungstoken ist ungültig; bitte erneut anmelden',
  'problem.AUTH_REFRESH_TOKEN_REUSED.detail':
    'Dieses Aktualisierungstoken wurde bereits verwendet, daher wurden alle Sitzungen dieser Anmeldung beendet; bitte erneut anmelden',
  'problem.IDENTITY_ERASURE_BLOCKED.detail':
    'Dein Konto kann gerade nicht gelöscht werden ({reason}); versuche es erneut, sobald das erledigt ist',
  'problem.IDENTITY_RIDER_NOT_FOUND.detail': 'Dieses Nutzerkonto existiert nicht',
};

const esES: IdentityTexts = {
  'identity.code.sms': 'Tu código de chargenet es {code}. Caduca en {minutes} min. No lo compartas nunca.',
  'identity.code.email.subject': 'Tu código de acceso a chargenet: {code}',
  'identity.code.email.body':
    'Tu código de acceso a chargenet es {code}.\n\nCaduca en {minutes, plural, one {# minuto} other {# minutos}} y solo sirve una vez. Si no lo has pedido, ignora este correo; no compartas nunca el código con nadie.',
  'problem.AUTH_RIDER_REQUIRED.detail':
    'Inicia sesión primero: este endpoint requiere Authorization: Bearer <token de acceso>',
  'problem.AUTH_TOKEN_INVALID.detail': 'El token de acceso no es válido; vuelve a iniciar sesión',
  'problem.AUTH_TOKEN_EXPIRED.detail': 'El token de acceso ha caducado; renuévalo o vuelve a iniciar sesión',
  'problem.AUTH_CODE_RATE_LIMITED.detail':
    'Se han pedido demasiados códigos para esta dirección; inténtalo de nuevo dentro de {retryAfterMinutes, plural, one {# minuto} other {# minutos}}',
  'problem.AUTH_CODE_INVALID.detail':
    'El código no es correcto; {attemptsLeft, plural, =0 {pide un código nuevo} one {queda # intento} other {quedan # intentos}}',
  'problem.AUTH_CODE_EXPIRED.detail':
    'No hay ningún código válido para esta dirección (caducado, ya usado o demasiados intentos fallidos); pide uno nuevo',
  'problem.AUTH_REFRESH_TOKEN_INVALID.detail': 'El token de renovación no es válido; vuelve a iniciar sesión',
  'problem.AUTH_REFRESH_TOKEN_REUSED.detail':
    'Este token de renovación ya se había usado, así que se han cerrado todas las sesiones de este inicio de sesión; vuelve a iniciar sesión',
  'problem.IDENTITY_ERASURE_BLOCKED.detail':
    'Tu cuenta no se puede eliminar ahora mismo ({reason}); inténtalo de nuevo cuando esté resuelto',
  'problem.IDENTITY_RIDER_NOT_FOUND.detail': 'Esta cuenta de usuario no existe',
};

const itIT: IdentityTexts = {
  'identity.code.sms': 'Il tuo codice chargenet è {code}. Scade tra {minutes} min. Non condividerlo mai.',
  'identity.code.email.subject': 'Il tuo codice di accesso chargenet: {code}',
  'identity.code.email.body':
    'Il tuo codice di accesso chargenet è {code}.\n\nScade tra {minutes, plural, one {# minuto} other {# minuti}} e vale una sola volta. Se non l’hai richiesto, ignora questa e-mail; non condividere mai il codice con nessuno.',
  'problem.AUTH_RIDER_REQUIRED.detail':
    'Accedi prima: questo endpoint richiede Authorization: Bearer <token di accesso>',
  'problem.AUTH_TOKEN_INVALID.detail': 'Il token di accesso non è valido; accedi di nuovo',
  'problem.AUTH_TOKEN_EXPIRED.detail': 'Il token di accesso è scaduto; rinnovalo o accedi di nuovo',
  'problem.AUTH_CODE_RATE_LIMITED.detail':
    'Sono stati richiesti troppi codici per questo indirizzo; riprova tra {retryAfterMinutes, plural, one {# minuto} other {# minuti}}',
  'problem.AUTH_CODE_INVALID.detail':
    'Il codice non è corretto; {attemptsLeft, plural, =0 {richiedi un nuovo codice} one {resta # tentativo} other {restano # tentativi}}',
  'problem.AUTH_CODE_EXPIRED.detail':
    'Nessun codice valido per questo indirizzo (scaduto, già usato o troppi tentativi errati); richiedine uno nuovo',
  'problem.AUTH_REFRESH_TOKEN_INVALID.detail': 'Il token di rinnovo non è valido; accedi di nuovo',
  'problem.AUTH_REFRESH_TOKEN_REUSED.detail':
    'Questo token di rinnovo era già stato usato, quindi tutte le sessioni di questo accesso sono state chiuse; accedi di nuovo',
  'problem.IDENTITY_ERASURE_BLOCKED.detail':
    'Il tuo account non può essere eliminato ora ({reason}); riprova quando la questione sarà risolta',
  'problem.IDENTITY_RIDER_NOT_FOUND.detail': 'Questo account utente non esiste',
};

const nlNL: IdentityTexts = {
  'identity.code.sms': 'Je chargenet-code is {code}. Hij verloopt over {minutes} min. Deel hem nooit.',
  'identity.code.email.subject': 'Je chargenet-inlogcode: {code}',
  'identity.code.email.body':
    'Je chargenet-inlogcode is {code}.\n\nHij verloopt over {minutes, plural, one {# minuut} other {# minuten}} en werkt één keer. Heb je hem niet aangevraagd, negeer deze e-mail dan; deel de code nooit met iemand.',
  'problem.AUTH_RIDER_REQUIRED.detail':
    'Log eerst in: dit endpoint vereist Authorization: Bearer <toegangstoken>',
  'problem.AUTH_TOKEN_INVALID.detail': 'Het toegangstoken is ongeldig; log opnieuw in',
  'problem.AUTH_TOKEN_EXPIRED.detail': 'Het toegangstoken is verlopen; vernieuw het of log opnieuw in',
  'problem.AUTH_CODE_RATE_LIMITED.detail':
    'Er zijn te veel codes aangevraagd voor dit adres; probeer het over {retryAfterMinutes, plural, one {# minuut} other {# minuten}} opnieuw',
  'problem.AUTH_CODE_INVALID.detail':
    'De code klopt niet; {attemptsLeft, plural, =0 {vraag een nieuwe code aan} one {nog # poging} other {nog # pogingen}}',
  'problem.AUTH_CODE_EXPIRED.detail':
    'Er is geen geldige code voor dit adres (verlopen, al gebruikt of te veel foute pogingen); vraag een nieuwe aan',
  'problem.AUTH_REFRESH_TOKEN_INVALID.detail': 'Het vernieuwingstoken is ongeldig; log opnieuw in',
  'problem.AUTH_REFRESH_TOKEN_REUSED.detail':
    'Dit vernieuwingstoken was al gebruikt, dus alle sessies van deze aanmelding zijn beëindigd; log opnieuw in',
  'problem.IDENTITY_ERASURE_BLOCKED.detail':
    'Je account kan nu niet worden verwijderd ({reason}); probeer het opnieuw zodra dat is afgehandeld',
  'problem.IDENTITY_RIDER_NOT_FOUND.detail': 'Dit gebruikersaccount bestaat niet',
};

const jaJP: IdentityTexts = {
  'identity.code.sms':
    'chargenetの認証コードは{code}です。有効期限は{minutes}分です。他人に教えないでください。',
  'identity.code.email.subject': 'chargenetのログインコード：{code}',
  'identity.code.email.body':
    'chargenetのログインコードは{code}です。\n\n有効期限は{minutes, plural, other {#分}}で、1回のみ使用できます。お心当たりがない場合はこのメールを無視してください。コードは決して他人に教えないでください。',
  'problem.AUTH_RIDER_REQUIRED.detail':
    '先にログインしてください。このエンドポイントには Authorization: Bearer <アクセストークン> が必要です',
  'problem.AUTH_TOKEN_INVALID.detail': 'アクセストークンが無効です。もう一度ログインしてください',
  'problem.AUTH_TOKEN_EXPIRED.detail':
    'アクセストークンの有効期限が切れています。更新するか、もう一度ログインしてください',
  'problem.AUTH_CODE_RATE_LIMITED.detail':
    'このアドレスへのコードの要求が多すぎます。{retryAfterMinutes, plural, other {#分}}後にもう一度お試しください',
  'problem.AUTH_CODE_INVALID.detail':
    'コードが正しくありません。{attemptsLeft, plural, =0 {新しいコードを要求してください} other {残り#回入力できます}}',
  'problem.AUTH_CODE_EXPIRED.detail':
    'このアドレスに有効なコードがありません（期限切れ、使用済み、または誤入力が多すぎます）。新しいコードを要求してください',
  'problem.AUTH_REFRESH_TOKEN_INVALID.detail': 'リフレッシュトークンが無効です。もう一度ログインしてください',
  'problem.AUTH_REFRESH_TOKEN_REUSED.detail':
    'このリフレッシュトークンは使用済みのため、このログインのすべてのセッションを終了しました。もう一度ログインしてください',
  'problem.IDENTITY_ERASURE_BLOCKED.detail':
    '現在アカウントを削除できません（{reason}）。解決後にもう一度お試しください',
  'problem.IDENTITY_RIDER_NOT_FOUND.detail': 'このユーザーアカウントは存在しません',
};

export const identityMessages = {
  'en-GB': enGB,
  'en-US': enGB,
  'fr-FR': frFR,
  'de-DE': deDE,
  'es-ES': esES,
  'it-IT': itIT,
  'nl-NL': nlNL,
  'ja-JP': jaJP,
} as const satisfies Record<Locale, Record<string, string>>;
