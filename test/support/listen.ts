import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Listening {
  server: Server;
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** stops accepting, drops open keep-alive connections and waits until the server has closed */
  close(): Promise<void>;
}

/** Starts `app` (an express app, or anything with `listen`) on a free loopback port: tests send traffic only there. */
export async function listenOnLoopback(app: { listen(port: number, host: string): Server }): Promise<Listening> {
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  return {
    server,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}
