import { createServer } from 'node:net';

/** A startup problem explained in one line (a busy port, no Java): printed without a stack trace. */
export class StartupError extends Error {
  override name = 'StartupError';
}

/** A port the OS says is free now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Resolves when `port` can be bound on loopback; a busy port is a StartupError naming its setting. */
export function ensurePortFree(port: number, what: string, setting: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new StartupError(
              `Port ${port} (${what}) is already in use: stop whatever holds it, or choose another port with ${setting}=<port>.`,
            )
          : error,
      ),
    );
    server.listen(port, '127.0.0.1', () => server.close(() => resolve()));
  });
}
