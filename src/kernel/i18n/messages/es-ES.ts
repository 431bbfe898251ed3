import type { Catalogue } from './en-GB.js';
import { identityMessages } from './areas/identity.js';
import { pricingMessages } from './areas/pricing.js';
import { paymentsMessages } from './areas/payments.js';
import { rentalsMessages } from './areas/rentals.js';

export const esES: Catalogue = {
  'problem.title.400': 'Solicitud incorrecta',
  'problem.title.401': 'No autorizado',
  'problem.title.404': 'No encontrado',
  'problem.title.405': 'Método no permitido',
  'problem.title.406': 'No aceptable',
  'problem.title.409': 'Conflicto',
  'problem.title.413': 'Contenido demasiado grande',
  'problem.title.415': 'Tipo de medio no admitido',
  'problem.title.422': 'Entidad no procesable',
  'problem.title.429': 'Demasiadas solicitudes',
  'problem.title.500': 'Error interno del servidor',
  'problem.title.503': 'Servicio no disponible',

  'problem.FLEET_STATION_NOT_FOUND.detail': 'La estación {stationId} no existe',
  'problem.FLEET_STATION_NOT_FOUND.detail.byCode': 'Ninguna estación tiene el código {code}',
  'problem.FLEET_SITE_NOT_FOUND.detail': 'La ubicación {siteId} no existe',
  'problem.FLEET_POWER_BANK_NOT_FOUND.detail': 'La batería externa {powerBankId} no existe',
  'problem.FLEET_STATION_CODE_TAKEN.detail': 'El código de estación {code} ya está en uso',
  'problem.FLEET_POWER_BANK_EXISTS.detail': 'La batería externa {powerBankId} ya está registrada',
  'problem.FLEET_STATION_EXISTS.detail': 'La estación {stationId} ya está dada de alta',
  'problem.FLEET_EJECT_IN_PROGRESS.detail':
    'La estación {stationId} ya tiene una expulsión en curso; espere a conocer su resultado',
  'problem.FLEET_COMMAND_NOT_FOUND.detail': 'El comando {commandId} no existe',
  'problem.FLEET_ALERT_NOT_FOUND.detail': 'La alerta {alertId} no existe',
  'problem.FLEET_INVALID_INPUT.generic': 'Los datos de flota de la solicitud no son válidos',
  'problem.MONEY_CURRENCY_MISMATCH.detail': 'No se puede combinar {left} con {right}',
  'problem.MONEY_INVALID.generic': 'El importe o la divisa no son válidos',
  'problem.PRICING_INVALID_TARIFF.generic': 'La tarifa no es válida',
  'problem.PRICING_INVALID_TAX_RULE.generic': 'La regla fiscal no es válida',
  'problem.PRICING_INVALID_DURATION.generic': 'La duración del alquiler no es válida',
  'problem.AUTH_REQUIRED.detail': 'Este endpoint requiere Authorization: Bearer <token de administrador>',
  'problem.AUTH_INVALID.detail': 'El token de administrador no es válido',
  'problem.VALIDATION_FAILED.generic':
    'La solicitud contiene valores no válidos; consulte errors para ver cada campo',
  'problem.MALFORMED_JSON.detail': 'El cuerpo de la solicitud no es un JSON válido',
  'problem.PAYLOAD_TOO_LARGE.detail': 'El cuerpo de la solicitud supera el tamaño que admite esta API',
  'problem.NOT_FOUND.detail': 'Ninguna ruta coincide con {method} {path}',
  'problem.NOT_FOUND.generic': 'El recurso solicitado no existe',
  'problem.BAD_REQUEST.generic': 'La solicitud no se puede procesar tal como se ha enviado',
  'problem.METHOD_NOT_ALLOWED.generic': 'Este método no está permitido en este recurso',
  'problem.NOT_ACCEPTABLE.generic': 'Ninguna representación coincide con la cabecera Accept',
  'problem.UNSUPPORTED_MEDIA_TYPE.generic': 'El tipo de contenido de la solicitud no es compatible',
  'problem.TOO_MANY_REQUESTS.generic': 'Demasiadas solicitudes; inténtelo de nuevo más tarde',
  'problem.OPS_DISABLED.detail':
    'La API de operaciones está desactivada: no hay ningún ADMIN_TOKEN configurado',
  'problem.COMMANDS_UNAVAILABLE.detail':
    'Este proceso no puede enviar comandos a las estaciones: aquí no se ejecuta ninguna pasarela',
  'problem.INTERNAL_ERROR.detail':
    'Se ha producido un error inesperado; indique el identificador de la solicitud al notificarlo',
  'problem.IDEMPOTENCY_KEY_INVALID.detail':
    'La cabecera {header} debe tener entre 1 y {maxLength} caracteres ASCII imprimibles',
  'problem.IDEMPOTENCY_KEY_REQUIRED.detail': 'Este endpoint requiere una cabecera {header}',
  'problem.IDEMPOTENCY_KEY_REUSED.detail':
    'Esta {header} ya se usó para otra solicitud; envíe una clave nueva',
  'problem.IDEMPOTENCY_KEY_IN_USE.detail':
    'Una solicitud con esta {header} todavía se está procesando; vuelva a intentarlo en breve',
  ...identityMessages['es-ES'],
  ...pricingMessages['es-ES'],
  ...paymentsMessages['es-ES'],
  ...rentalsMessages['es-ES'],
};
