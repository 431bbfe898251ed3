import type { Catalogue } from './en-GB.js';
import { identityMessages } from './areas/identity.js';
import { pricingMessages } from './areas/pricing.js';
import { paymentsMessages } from './areas/payments.js';
import { rentalsMessages } from './areas/rentals.js';

export const jaJP: Catalogue = {
  'problem.title.400': '不正なリクエスト',
  'problem.title.401': '認証が必要です',
  'problem.title.404': '見つかりません',
  'problem.title.405': '許可されていないメソッド',
  'problem.title.406': '受け入れられない形式',
  'problem.title.409': '競合',
  'problem.title.413': 'リクエストが大きすぎます',
  'problem.title.415': 'サポートされていないメディアタイプ',
  'problem.title.422': '処理できないエンティティ',
  'problem.title.429': 'リクエストが多すぎます',
  'problem.title.500': 'サーバー内部エラー',
  'problem.title.503': 'サービス利用不可',

  'problem.FLEET_STATION_NOT_FOUND.detail': 'ステーション {stationId} は存在しません',
  'problem.FLEET_STATION_NOT_FOUND.detail.byCode': 'コード {code} のステーションはありません',
  'problem.FLEET_SITE_NOT_FOUND.detail': 'サイト {siteId} は存在しません',
  'problem.FLEET_POWER_BANK_NOT_FOUND.detail': 'モバイルバッテリー {powerBankId} は存在しません',
  'problem.FLEET_STATION_CODE_TAKEN.detail': 'ステーションコード {code} はすでに使用されています',
  'problem.FLEET_POWER_BANK_EXISTS.detail': 'モバイルバッテリー {powerBankId} はすでに登録されています',
  'problem.FLEET_STATION_EXISTS.detail': 'ステーション {stationId} はすでに登録済みです',
  'problem.FLEET_EJECT_IN_PROGRESS.detail':
    'ステーション {stationId} ではすでに排出処理が進行中です。結果をお待ちください',
  'problem.FLEET_COMMAND_NOT_FOUND.detail': 'コマンド {commandId} は存在しません',
  'problem.FLEET_ALERT_NOT_FOUND.detail': 'アラート {alertId} は存在しません',
  'problem.FLEET_INVALID_INPUT.generic': 'リクエストのフリートデータが無効です',
  'problem.MONEY_CURRENCY_MISMATCH.detail': '{left} と {right} は組み合わせられません',
  'problem.MONEY_INVALID.generic': '金額または通貨が無効です',
  'problem.PRICING_INVALID_TARIFF.generic': '料金プランが無効です',
  'problem.PRICING_INVALID_TAX_RULE.generic': '税ルールが無効です',
  'problem.PRICING_INVALID_DURATION.generic': 'レンタル期間が無効です',
  'problem.AUTH_REQUIRED.detail': 'このエンドポイントには Authorization: Bearer <管理者トークン> が必要です',
  'problem.AUTH_INVALID.detail': '管理者トークンが無効です',
  'problem.VALIDATION_FAILED.generic':
    'リクエストに無効な値が含まれています。各項目の詳細は errors を参照してください',
  'problem.MALFORMED_JSON.detail': 'リクエスト本文が有効な JSON ではありません',
  'problem.PAYLOAD_TOO_LARGE.detail': 'リクエスト本文がこの API の上限を超えています',
  'problem.NOT_FOUND.detail': '{method} {path} に一致するルートはありません',
  'problem.NOT_FOUND.generic': '要求されたリソースは存在しません',
  'problem.BAD_REQUEST.generic': '送信されたリクエストは処理できません',
  'problem.METHOD_NOT_ALLOWED.generic': 'このリソースではこのメソッドは許可されていません',
  'problem.NOT_ACCEPTABLE.generic': 'Accept ヘッダーに一致する表現がありません',
  'problem.UNSUPPORTED_MEDIA_TYPE.generic': 'リクエストのコンテンツタイプはサポートされていません',
  'problem.TOO_MANY_REQUESTS.generic': 'リクエストが多すぎます。しばらくしてから再度お試しください',
  'problem.OPS_DISABLED.detail': '運用 API は無効です。ADMIN_TOKEN が設定されていません',
  'problem.COMMANDS_UNAVAILABLE.detail':
    'このプロセスはステーションにコマンドを送信できません。ゲートウェイが稼働していません',
  'problem.INTERNAL_ERROR.detail':
    '予期しないエラーが発生しました。報告の際はリクエスト ID をお知らせください',
  'problem.IDEMPOTENCY_KEY_INVALID.detail':
    '{header} ヘッダーは 1～{maxLength} 文字の印字可能な ASCII 文字で指定してください',
  'problem.IDEMPOTENCY_KEY_REQUIRED.detail': 'このエンドポイントには {header} ヘッダーが必要です',
  'problem.IDEMPOTENCY_KEY_REUSED.detail':
    'この {header} は別のリクエストで既に使用されています。新しいキーを送信してください',
  'problem.IDEMPOTENCY_KEY_IN_USE.detail':
    'この {header} のリクエストはまだ処理中です。しばらくしてから再試行してください',
  ...identityMessages['ja-JP'],
  ...pricingMessages['ja-JP'],
  ...paymentsMessages['ja-JP'],
  ...rentalsMessages['ja-JP'],
};
