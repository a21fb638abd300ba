import { request, type Agent } from 'node:https';
import { CommerceError } from '../../shared/errors.js';

// Apple's documented merchant validation hosts (production, China, regional pods, sandbox).
// The browser hands the URL over, so anything else is an attempt to make the server post
// its merchant identity certificate somewhere else: refused before any connection.
const EXACT_HOSTS = new Set(['apple-pay-gateway.apple.com', 'cn-apple-pay-gateway.apple.com', 'apple-pay-gateway-cert.apple.com']);
const REGIONAL_HOST = /^apple-pay-gateway-[a-z0-9]+(?:-[a-z0-9]+)*\.apple\.com$/;

export interface ApplePayMerchantValidation {
  /** The merchant identifier registered with Apple (`merchant.com.example`). */
  merchantIdentifier: string;
  /** Shown in the payment sheet. */
  displayName: string;
  /** The domain the payment sheet runs on, as registered with Apple. */
  initiativeContext: string;
  /** `web` for Apple Pay on the web (default). */
  initiative?: 'web' | 'messaging';
  /** The merchant identity certificate and its private key (PEM), for mutual TLS. */
  cert: string | Buffer;
  key: string | Buffer;
  passphrase?: string;
  /** Default 10 s. */
  timeoutMs?: number;
  /** An https.Agent for egress through a proxy; the URL is checked before it is used. */
  agent?: Agent;
}

/** Whether `url` is an https URL on one of Apple's merchant validation hosts (default port, no credentials). */
export function isApplePayValidationUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'https:' || parsed.port !== '' || parsed.username !== '' || parsed.password !== '') return false;
  return EXACT_HOSTS.has(parsed.hostname) || REGIONAL_HOST.test(parsed.hostname);
}

/**
 * Asks Apple for a merchant session: POSTs the session request to the validation URL the
 * browser gave (`onvalidatemerchant`'s `event.validationURL`) over mutual TLS with the
 * merchant identity certificate, and answers Apple's opaque session object, which the host
 * passes to `session.completeMerchantValidation` unchanged. A URL off Apple's hosts is
 * `APPLE_PAY_VALIDATION_URL_REFUSED` (no request made); Apple refusing or not answering is
 * `PAYMENT_GATEWAY_ERROR`.
 */
export async function validateApplePayMerchant(validationUrl: string, options: ApplePayMerchantValidation): Promise<Record<string, unknown>> {
  if (!isApplePayValidationUrl(validationUrl)) {
    throw new CommerceError('APPLE_PAY_VALIDATION_URL_REFUSED', { reason: 'not an https URL on an Apple Pay validation host' });
  }
  const url = new URL(validationUrl);
  const body = JSON.stringify({ merchantIdentifier: options.merchantIdentifier, displayName: options.displayName, initiative: options.initiative ?? 'web', initiativeContext: options.initiativeContext });
  const { status, text } = await new Promise<{ status: number; text: string }>((resolve, reject) => {
    const req = request(
      {
        method: 'POST',
        protocol: 'https:',
        hostname: url.hostname,
        path: `${url.pathname}${url.search}`,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        cert: options.cert,
        key: options.key,
        ...(options.passphrase !== undefined ? { passphrase: options.passphrase } : {}),
        ...(options.agent ? { agent: options.agent } : {}),
        timeout: options.timeoutMs ?? 10_000,
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error('Apple Pay merchant validation timed out')));
    req.on('error', reject);
    req.end(body);
  }).catch((error: unknown) => {
    throw new CommerceError('PAYMENT_GATEWAY_ERROR', { reason: `Apple Pay merchant validation failed: ${error instanceof Error ? error.message : String(error)}` });
  });
  if (status < 200 || status >= 300) throw new CommerceError('PAYMENT_GATEWAY_ERROR', { reason: `Apple Pay merchant validation answered ${status}`, status });
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new CommerceError('PAYMENT_GATEWAY_ERROR', { reason: 'Apple Pay merchant validation answered something that is not JSON' });
  }
}
