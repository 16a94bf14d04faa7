/** Loopback ports for tests of servers that are not there. */
import net from "node:net";

/** A loopback port on which nothing listens. */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A loopback server that accepts connections and never answers; `close` ends it and every connection it took. */
export async function silentServer(): Promise<{ port: number; connections: () => number; firstAt: () => number | undefined; close: () => Promise<void> }> {
  const sockets = new Set<net.Socket>();
  let accepted = 0;
  let firstAt: number | undefined;
  const server = net.createServer((socket) => {
    accepted++;
    firstAt ??= Date.now();
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const { port } = server.address() as net.AddressInfo;
  return {
    port,
    connections: () => accepted,
    /** When the first connection came (Date.now()), if any did. */
    firstAt: () => firstAt,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
