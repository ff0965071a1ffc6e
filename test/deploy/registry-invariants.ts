import * as path from 'node:path';
import { verifyPackage } from '@ml-actions/core/artifact/verify-package.js';
import { openRegistry } from '@ml-actions/core/registry/open-registry.js';

/**
 * What must hold in a file registry whatever happened to the deploys that wrote it:
 * the alias parses and names a complete version whose files verify against the alias
 * digest, and the history is one chain (seq 1..n, each record starting where the
 * previous one ended) that ends where the alias is.
 */
export async function expectConsistentRegistry(root: string, model: string, environment: string) {
  const registry = openRegistry(`file://${root}`);
  const current = await registry.readAlias(model, environment);
  const history = await registry.history(model, environment);
  expect(history.map((h) => h.seq)).toEqual(history.map((_, i) => i + 1));
  for (let i = 1; i < history.length; i++) expect(history[i].from).toBe(history[i - 1].to);
  if (!current) {
    expect(history.at(-1)?.to ?? null).toBeNull();
    return { alias: undefined, history };
  }
  const { alias } = current;
  await verifyPackage(path.join(root, model, 'versions', alias.version), {
    expectedDigest: alias.digest,
  });
  return { alias, history, lastTo: history.at(-1)?.to };
}
