import { createServer, type Server } from 'node:https';
import type { TLSSocket } from 'node:tls';
import { certs } from './loopback-tls.js';
import { closeServer, listenOnLoopback } from './loopback-server.js';

/**
 * Apple's merchant validation endpoint on loopback: TLS that requires a client certificate
 * signed by the (test) CA, answering a merchant session for a well-formed request, and
 * Apple's error shape otherwise. It remembers each request and the client certificate's subject.
 */
export class ApplePayFake {
  readonly sessions: { path: string; body: Record<string, unknown>; clientSubject: string }[] = [];
  private server: Server | undefined;
  port = 0;

  async start(): Promise<this> {
    this.server = createServer({ cert: certs.serverCert, key: certs.serverKey, ca: certs.ca, requestCert: true, rejectUnauthorized: true }, (req, res) => {
      let text = '';
      req.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      req.on('end', () => {
        const peer = (req.socket as TLSSocket).getPeerCertificate();
        const body = JSON.parse(text || '{}') as Record<string, unknown>;
        if (req.method !== 'POST' || body.merchantIdentifier !== 'merchant.com.example.test' || typeof body.initiativeContext !== 'string') {
          res.writeHead(400, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ statusMessage: 'Payment Services Exception merchantId=invalid', statusCode: '400' }));
          return;
        }
        this.sessions.push({ path: req.url ?? '', body, clientSubject: String(peer.subject?.CN ?? '') });
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ epochTimestamp: 1767261600000, expiresAt: 1767265200000, merchantSessionIdentifier: `SSH${this.sessions.length}`, nonce: 'a1b2c3d4', merchantIdentifier: 'ABCDEF0123456789', domainName: body.initiativeContext, displayName: body.displayName, signature: 'MIAGCSqGSIb3DQEHAqCAMIACAQ...', operationalAnalyticsIdentifier: 'x', retries: 0, pspId: 'ABCDEF' }));
      });
    });
    this.port = await listenOnLoopback(this.server);
    return this;
  }

  async stop(): Promise<void> {
    await closeServer(this.server);
  }
}
