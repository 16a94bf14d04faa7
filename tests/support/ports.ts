/** Loopback ports for tests of servers that are not there. */
import * as fs from "node:fs";
import net from "node:net";

/** The lowest port the kernel hands out for `listen(0)`: Linux's setting, or its default elsewhere (below macOS's and Windows' 49152). */
function ephemeralLow(): number {
  try {
    return Number(fs.readFileSync("/proc/sys/net/ipv4/ip_local_port_range", "utf8").trim().split(/\s+/)[0]);
  } catch {
    return 32768;
  }
}

function bindable(port: number): Promise<boolean> {
  const server = net.createServer();
  return new Promise((resolve) => {
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

/**
 * A loopback port on which nothing listens, and on which nothing will start listening during the
 * test: every server of the tests listens on port 0, which the kernel picks from its ephemeral
 * range, so this one is picked below that range (and above the emulator's default ports). A port
 * freed by closing a server is not that: with jest's workers running side by side, another test's
 * server may be given it a moment later.
 */
export async function closedPort(): Promise<number> {
  const [from, to] = [20000, ephemeralLow()];
  for (;;) {
    const port = from + Math.floor(Math.random() * (to - from));
    if (await bindable(port)) return port;
  }
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
