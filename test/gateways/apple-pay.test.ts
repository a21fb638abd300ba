import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isApplePayValidationUrl, validateApplePayMerchant } from '../../src/adapters/apple-pay/index.js';
import { ApplePayFake } from './apple-pay-fake.js';
import { certs, LoopbackAgent } from './loopback-tls.js';

const fake = new ApplePayFake();
const SANDBOX = 'https://apple-pay-gateway-cert.apple.com/paymentservices/paymentSession';
const merchant = { merchantIdentifier: 'merchant.com.example.test', displayName: 'Example Shop', initiativeContext: 'shop.example', cert: certs.merchantCert, key: certs.merchantKey };

beforeAll(async () => {
  await fake.start();
});
afterAll(async () => {
  await fake.stop();
});

describe('Apple Pay merchant validation', () => {
  it('posts the session request over mutual TLS and answers Apple\'s session unchanged', async () => {
    const session = await validateApplePayMerchant(SANDBOX, { ...merchant, agent: new LoopbackAgent(fake.port) });
    expect(session).toMatchObject({ merchantSessionIdentifier: 'SSH1', domainName: 'shop.example', displayName: 'Example Shop' });
    expect(fake.sessions[0]).toMatchObject({ path: '/paymentservices/paymentSession', clientSubject: 'Merchant ID: merchant.com.example.test', body: { initiative: 'web', merchantIdentifier: 'merchant.com.example.test' } });
  });

  it('a client certificate Apple does not trust is refused by the TLS handshake', async () => {
    const before = fake.sessions.length;
    await expect(validateApplePayMerchant(SANDBOX, { ...merchant, cert: certs.strangerCert, key: certs.strangerKey, agent: new LoopbackAgent(fake.port) })).rejects.toMatchObject({ code: 'PAYMENT_GATEWAY_ERROR' });
    expect(fake.sessions.length).toBe(before);
  });

  it('Apple refusing the request is PAYMENT_GATEWAY_ERROR with the status', async () => {
    await expect(validateApplePayMerchant(SANDBOX, { ...merchant, merchantIdentifier: 'merchant.other', agent: new LoopbackAgent(fake.port) })).rejects.toMatchObject({ code: 'PAYMENT_GATEWAY_ERROR', details: { status: 400 } });
  });

  it('accepts only Apple\'s validation hosts over https', () => {
    for (const url of [
      'https://apple-pay-gateway.apple.com/paymentservices/startSession',
      'https://cn-apple-pay-gateway.apple.com/paymentservices/paymentSession',
      'https://apple-pay-gateway-nc-pod5.apple.com/paymentservices/paymentSession',
      'https://apple-pay-gateway-pr-pod1.apple.com/paymentservices/paymentSession',
      SANDBOX,
    ]) expect(isApplePayValidationUrl(url), url).toBe(true);
    for (const url of [
      'http://apple-pay-gateway.apple.com/paymentservices/startSession',
      'https://apple-pay-gateway.apple.com.evil.example/x',
      'https://evil-apple-pay-gateway.apple.com/x',
      'https://apple-pay-gateway.apple.com:8443/x',
      'https://user:pw@apple-pay-gateway.apple.com/x',
      'https://apple-pay-gateway.apple.com./x',
      'https://127.0.0.1/paymentservices/paymentSession',
      'https://apple.com/x',
      'https://apple-pay-gateway-.apple.com/x',
      'not a url',
    ]) expect(isApplePayValidationUrl(url), url).toBe(false);
  });

  it('any host off the allowlist is refused before a connection is made', async () => {
    let connections = 0;
    const agent = new LoopbackAgent(fake.port);
    const create = agent.createConnection.bind(agent);
    agent.createConnection = (...args: Parameters<typeof create>) => {
      connections += 1;
      return create(...args);
    };
    await fc.assert(
      fc.asyncProperty(fc.domain(), async (host) => {
        fc.pre(!isApplePayValidationUrl(`https://${host}/x`));
        await expect(validateApplePayMerchant(`https://${host}/paymentservices/paymentSession`, { ...merchant, agent })).rejects.toMatchObject({ code: 'APPLE_PAY_VALIDATION_URL_REFUSED' });
      }),
      { numRuns: 50 },
    );
    expect(connections).toBe(0);
  });
});
