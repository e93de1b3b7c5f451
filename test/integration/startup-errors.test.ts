import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { ensureJava } from '../../infra/local/emulators.ts';
import { ensurePortFree, StartupError } from '../../infra/local/ports.ts';

describe('Local host: start-up problems explained in one line', () => {
  it('names a busy port and the setting that moves it', async () => {
    // Prepare
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const { port } = server.address() as { port: number };

    // Act
    const result = ensurePortFree(port, 'the API', 'SHIFAN_API_PORT');

    // Assess
    await expect(result).rejects.toThrow(StartupError);
    await expect(result).rejects.toThrow(
      `Port ${port} (the API) is already in use: stop whatever holds it, or choose another port with SHIFAN_API_PORT=<port>.`,
    );
    await new Promise((r) => server.close(r));
  });

  it('says that DynamoDB Local needs Java 17 when no java is on the PATH', () => {
    const path = process.env.PATH;
    process.env.PATH = mkdtempSync(`${tmpdir()}/no-java-`);
    try {
      expect(() => ensureJava()).toThrow(/DynamoDB Local needs Java 17 or newer, and no `java` is on the PATH/);
    } finally {
      process.env.PATH = path;
    }
  });
});
