import { describe, expect, it } from 'vitest';
import { stripeApiAddress } from '../../../src/modules/payments/providers/stripe/index.js';
import { parseForm } from '../../helpers/fake-stripe/form.js';

describe('STRIPE_API_URL as the SDK’s host, port and protocol', () => {
  it('splits a local fake’s URL', () => {
    expect(stripeApiAddress('http://127.0.0.1:12111')).toEqual({
      apiHost: '127.0.0.1',
      apiPort: 12111,
      apiProtocol: 'http',
    });
  });

  it('defaults the port to the protocol’s', () => {
    expect(stripeApiAddress('https://stripe-proxy.internal')).toEqual({
      apiHost: 'stripe-proxy.internal',
      apiPort: 443,
      apiProtocol: 'https',
    });
  });

  it('refuses anything but http(s)', () => {
    expect(() => stripeApiAddress('ftp://x')).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }));
    expect(() => stripeApiAddress('not a url')).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }));
  });
});

describe('the fake Stripe reads bodies as the SDK encodes them', () => {
  it('rebuilds nested objects and indexed arrays from bracket notation', () => {
    const body =
      'amount=1500&metadata[reference]=rental%3Arnt_1&expand[0]=latest_charge&expand[1]=customer&confirm=true';
    expect(parseForm(body)).toEqual({
      amount: '1500',
      metadata: { reference: 'rental:rnt_1' },
      expand: ['latest_charge', 'customer'],
      confirm: 'true',
    });
  });
});
