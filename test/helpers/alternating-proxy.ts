import { connect as tcpConnect, createServer, type Socket } from 'node:net';

/**
 * A Postgres wire-protocol proxy on loopback that behaves like a pooler in
 * transaction mode: each client connection is served by two real server
 * connections, and every query (a simple Query, or an extended-protocol batch
 * ending in Sync) that starts outside a transaction goes to the other one.
 */
export interface AlternatingProxy {
  /** `url` with its host and port replaced by the proxy's. */
  urlFor(url: string): string;
  close(): Promise<void>;
}

/** Splits a byte stream into protocol messages: a type byte and an Int32 length (which counts itself). */
class Frames {
  private buffer = Buffer.alloc(0);

  constructor(private typed: boolean) {}

  /** The next message has no type byte: the startup message after an SSLRequest answered with no. */
  untypedNext(): void {
    this.typed = false;
  }

  push(chunk: Buffer): Buffer[] {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    const frames: Buffer[] = [];
    for (;;) {
      const head = this.typed ? 1 : 0;
      if (this.buffer.length < head + 4) return frames;
      const size = head + this.buffer.readInt32BE(head);
      if (this.buffer.length < size) return frames;
      frames.push(this.buffer.subarray(0, size));
      this.buffer = this.buffer.subarray(size);
      // Only the client's first message (the startup message) has no type byte.
      this.typed = true;
    }
  }
}

interface Upstream {
  socket: Socket;
  frames: Frames;
  /** Set at its first ReadyForQuery. */
  ready: boolean;
  /** The transaction status of its last ReadyForQuery: I idle, T in a transaction, E failed transaction. */
  status: string;
  queued: Buffer[];
}

/** The code of an SSLRequest, the first message of a client asking for TLS. */
const SSL_REQUEST = 80877103;

function serve(client: Socket, host: string, port: number): void {
  const ups: Upstream[] = [0, 1].map(() => ({
    socket: tcpConnect(port, host),
    frames: new Frames(true),
    ready: false,
    status: 'I',
    queued: [],
  }));
  const clientFrames = new Frames(false);
  let started = false;
  let current = 0;
  let batch: Buffer[] = [];
  const closeAll = () => [client, ...ups.map((u) => u.socket)].forEach((s) => s.destroy());
  ups.forEach((up, index) => {
    up.socket.on('data', (chunk) => {
      for (const frame of up.frames.push(chunk)) {
        // The second connection's startup replies are not the client's business.
        if (index === 0 || up.ready) client.write(frame);
        if (frame[0] !== 0x5a) continue; // 'Z' ReadyForQuery
        up.status = String.fromCharCode(frame[5]!);
        if (!up.ready) {
          up.ready = true;
          up.queued.forEach((q) => up.socket.write(q));
          up.queued = [];
        }
      }
    });
    up.socket.on('error', closeAll);
    up.socket.on('close', closeAll);
  });
  const send = (up: Upstream, data: Buffer) => (up.ready ? up.socket.write(data) : up.queued.push(data));
  client.on('data', (chunk) => {
    for (const frame of clientFrames.push(chunk)) {
      if (!started && frame.length === 8 && frame.readInt32BE(4) === SSL_REQUEST) {
        // No TLS here, as a pooler without certificates answers; the client goes on in plain.
        client.write('N');
        clientFrames.untypedNext();
        continue;
      }
      if (!started) {
        started = true;
        ups.forEach((up) => up.socket.write(frame));
        continue;
      }
      const type = String.fromCharCode(frame[0]!);
      if (type === 'X') return closeAll();
      batch.push(frame);
      if (type !== 'Q' && type !== 'S') continue;
      // A new transaction may start on the other connection; one that is open stays where it is.
      if (ups[current]!.status === 'I') current = 1 - current;
      send(ups[current]!, Buffer.concat(batch));
      batch = [];
    }
  });
  client.on('error', closeAll);
  client.on('close', closeAll);
}

/** Starts the proxy in front of the server of `url`. */
export async function alternatingProxy(url: string): Promise<AlternatingProxy> {
  const target = new URL(url);
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    serve(client, target.hostname, Number(target.port || 5432));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the proxy has no port');
  return {
    urlFor(other: string) {
      const u = new URL(other);
      u.hostname = '127.0.0.1';
      u.port = String(address.port);
      return u.toString();
    },
    async close() {
      sockets.forEach((s) => s.destroy());
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
