import { AppError } from '../../../../kernel/errors.js';
import type { StripeProviderOptions } from './stripe.provider.js';

/**
 * The SDK takes host, port and protocol separately; config has one STRIPE_API_URL (a local fake, a
 * proxy). Splits it, defaulting the port to the protocol's.
 */
export function stripeApiAddress(
  url: string,
): Pick<StripeProviderOptions, 'apiHost' | 'apiPort' | 'apiProtocol'> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new AppError('CONFIG_INVALID', `STRIPE_API_URL is not a URL: ${url}`, 400, {
      variable: 'STRIPE_API_URL',
    });
  }
  const protocol = parsed.protocol.replace(/:$/, '');
  if (protocol !== 'http' && protocol !== 'https') {
    throw new AppError('CONFIG_INVALID', `STRIPE_API_URL must be http or https, got ${protocol}`, 400, {
      variable: 'STRIPE_API_URL',
    });
  }
  return {
    apiHost: parsed.hostname,
    apiPort: parsed.port ? Number(parsed.port) : protocol === 'https' ? 443 : 80,
    apiProtocol: protocol,
  };
}
