import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import {
  parseAlias,
  parseHistory,
  type AliasRecord,
  type HistoryRecord,
} from '@ml-actions/core/registry/registry-records.js';

/** What a file:// registry holds after the demo, read from its documented layout. */
export interface RegistryState {
  models: {
    name: string;
    versions: { version: string; digest?: string; dir: string }[];
    aliases: { environment: string; file: string; alias: AliasRecord }[];
    history: { file: string; record: HistoryRecord }[];
  }[];
}

async function list(dir: string): Promise<string[]> {
  try {
    return (await fs.readdir(dir)).sort();
  } catch {
    return [];
  }
}

/** `rel` turns an absolute path into the link the page uses. */
export async function readRegistryState(
  root: string,
  rel: (file: string) => string,
): Promise<RegistryState> {
  const models: RegistryState['models'] = [];
  for (const name of await list(root)) {
    const base = path.join(root, name);
    const versions = await Promise.all(
      (await list(path.join(base, 'versions'))).map(async (version) => {
        const dir = path.join(base, 'versions', version);
        const manifest = await fs
          .readFile(path.join(dir, 'ml-manifest.json'), 'utf8')
          .then((t) => JSON.parse(t) as { digest?: string })
          .catch(() => undefined);
        return { version, digest: manifest?.digest, dir: rel(dir) };
      }),
    );
    const aliases = await Promise.all(
      (await list(path.join(base, 'aliases')))
        .filter((f) => f.endsWith('.json'))
        .map(async (file) => {
          const full = path.join(base, 'aliases', file);
          return {
            environment: file.replace(/\.json$/, ''),
            file: rel(full),
            alias: parseAlias(await fs.readFile(full, 'utf8'), full),
          };
        }),
    );
    const history: RegistryState['models'][number]['history'] = [];
    for (const environment of await list(path.join(base, 'history'))) {
      for (const file of await list(path.join(base, 'history', environment))) {
        if (!file.endsWith('.json')) continue;
        const full = path.join(base, 'history', environment, file);
        history.push({
          file: rel(full),
          record: parseHistory(await fs.readFile(full, 'utf8'), full),
        });
      }
    }
    history.sort((a, b) => a.record.at.localeCompare(b.record.at) || a.record.seq - b.record.seq);
    models.push({ name, versions, aliases, history });
  }
  return { models };
}
