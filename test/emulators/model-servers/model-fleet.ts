import { serveModelFile, type ServedModel } from './models.js';
import { startModelServer, type ModelServer, type ModelServerOptions } from './server.js';

/**
 * One model file behind as many loopback servers as a test file needs: each test starts its
 * own server (auth, delays, failures) with Open Inference defaults, and `close()` in afterAll
 * stops them all and frees the model.
 */
export interface ModelFleet {
  model: ServedModel;
  serve(options?: Partial<ModelServerOptions>): Promise<ModelServer>;
  close(): Promise<void>;
}

export async function startModelFleet(location: string, modelName: string): Promise<ModelFleet> {
  const model = await serveModelFile(location);
  const servers: ModelServer[] = [];
  return {
    model,
    async serve(options = {}) {
      const server = await startModelServer({
        protocol: 'open-inference',
        modelName,
        predict: model.predict,
        ...options,
      });
      servers.push(server);
      return server;
    },
    async close() {
      await Promise.all(servers.map((s) => s.close()));
      model.dispose();
    },
  };
}
