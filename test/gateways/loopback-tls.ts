import { readFileSync } from 'node:fs';
import { Agent } from 'node:https';
import { connect, type ConnectionOptions } from 'node:tls';
import type { Duplex } from 'node:stream';

const dir = new URL('./certs/', import.meta.url);
export const certs = {
  ca: readFileSync(new URL('ca.pem', dir)),
  serverCert: readFileSync(new URL('server.pem', dir)),
  serverKey: readFileSync(new URL('server.key', dir)),
  merchantCert: readFileSync(new URL('merchant.pem', dir)),
  merchantKey: readFileSync(new URL('merchant.key', dir)),
  strangerCert: readFileSync(new URL('stranger.pem', dir)),
  strangerKey: readFileSync(new URL('stranger.key', dir)),
};

/**
 * An https.Agent that sends every connection to a loopback port while keeping the TLS server
 * name of the URL, so a client addressing a provider's real host name talks to the local
 * fake, and still checks its certificate (signed by the test CA) for that name.
 */
export class LoopbackAgent extends Agent {
  constructor(private readonly port: number) {
    super({ ca: certs.ca, keepAlive: false });
  }

  override createConnection(options: ConnectionOptions & { host?: string }, callback?: (err: Error | null, socket: Duplex) => void): Duplex {
    const servername = options.servername ?? options.host ?? undefined;
    const socket = connect({ ...options, host: '127.0.0.1', port: this.port, ...(servername ? { servername } : {}) });
    if (callback) socket.once('secureConnect', () => callback(null, socket));
    return socket;
  }
}
