import type { Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * Listen on 127.0.0.1 (a free port by default) and return the URL and a close that also ends kept-alive
 * connections, so a test's afterAll never waits on an idle client socket.
 */
export async function listenLocal(server: Server, port = 0): Promise<{ url: string; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${bound}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
