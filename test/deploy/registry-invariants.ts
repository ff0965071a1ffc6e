import * as path from 'node:path';
import { verifyPackage } from '@ml-actions/core/artifact/verify-package.js';
import type { ModelRegistry } from '@ml-actions/core/registry/model-registry.js';
import { openRegistry } from '@ml-actions/core/registry/open-registry.js';

/**
 * What must hold in a registry whatever happened to the deploys that wrote it: the alias
 * parses and names a complete version with the alias digest (on files: whose files verify
 * against it), and the history is one chain (seq 1..n, each record starting where the
 * previous one ended). Give a directory for a file registry, or an opened registry.
 */
export async function expectConsistentRegistry(
  where: string | ModelRegistry,
  model: string,
  environment: string,
) {
  const registry = typeof where === 'string' ? openRegistry(`file://${where}`) : where;
  const current = await registry.readAlias(model, environment);
  const history = await registry.history(model, environment);
  expect(history.map((h) => h.seq)).toEqual(history.map((_, i) => i + 1));
  for (let i = 1; i < history.length; i++) expect(history[i].from).toBe(history[i - 1].to);
  if (!current) {
    expect(history.at(-1)?.to ?? null).toBeNull();
    return { alias: undefined, history };
  }
  const { alias } = current;
  expect(await registry.versionDigest(model, alias.version)).toBe(alias.digest);
  if (typeof where === 'string') {
    await verifyPackage(path.join(where, model, 'versions', alias.version), {
      expectedDigest: alias.digest,
    });
  }
  return { alias, history, lastTo: history.at(-1)?.to };
}
