import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildTestPackage } from '../../../../test/deploy/build-package.js';
import { targetForRollback } from '../deploy/release-target.js';
import { UserError } from '../inputs/user-error.js';
import { publishPackage, type ModelRegistry } from './model-registry.js';
import { openRegistry } from './open-registry.js';
import type { HistoryOperation, HistoryRecord } from './registry-records.js';
import { rollbackStack, rollbackVersion } from './rollback-history.js';

/** A history from [operation, from, to] triples. */
function history(...moves: [HistoryOperation, string | null, string | null][]): HistoryRecord[] {
  return moves.map(([operation, from, to], i) => ({
    seq: i + 1,
    model: 'iris',
    environment: 'production',
    operation,
    from,
    to,
    digest: null,
    at: new Date(Date.UTC(2026, 0, 1 + i)).toISOString(),
    actor: null,
    reason: operation,
    run_url: null,
    deployment_id: null,
  }));
}

describe('rollbackStack replays the history of an environment', () => {
  it('keeps deploys in order, the live version last', () => {
    expect(
      rollbackStack(
        history(['deploy', null, 'v1'], ['deploy', 'v1', 'v2'], ['promote', 'v2', 'v3']),
      ),
    ).toEqual(['v1', 'v2', 'v3']);
  });

  it('drops the version a rollback left, so the next rollback goes further back', () => {
    const h = history(
      ['deploy', null, 'v1'],
      ['deploy', 'v1', 'v2'],
      ['deploy', 'v2', 'v3'],
      ['rollback', 'v3', 'v2'],
    );
    expect(rollbackStack(h)).toEqual(['v1', 'v2']);
    expect(rollbackVersion(h, { version: 'v2', previous: 'v3' })).toBe('v1');
  });

  it('a rollback to a named older version drops everything above it', () => {
    const h = history(
      ['deploy', null, 'v1'],
      ['deploy', 'v1', 'v2'],
      ['deploy', 'v2', 'v3'],
      ['deploy', 'v3', 'v4'],
      ['rollback', 'v4', 'v2'],
    );
    expect(rollbackVersion(h, { version: 'v2', previous: 'v4' })).toBe('v1');
  });

  it('a rollback to a version never live here replaces the version it left', () => {
    const h = history(['deploy', null, 'v1'], ['deploy', 'v1', 'v2'], ['rollback', 'v2', 'v0']);
    expect(rollbackStack(h)).toEqual(['v1', 'v0']);
  });

  it('a version deployed again is one step back, not two', () => {
    const h = history(
      ['deploy', null, 'v1'],
      ['deploy', 'v1', 'v2'],
      ['deploy', 'v2', 'v1'],
      ['deploy', 'v1', 'v3'],
    );
    expect(rollbackStack(h)).toEqual(['v2', 'v1', 'v3']);
  });

  it('a reconcile record undoes the move that never reached the alias', () => {
    const h = history(
      ['deploy', null, 'v1'],
      ['deploy', 'v1', 'v2'],
      ['deploy', 'v2', 'v3'],
      ['reconcile', 'v3', 'v2'],
    );
    expect(rollbackStack(h)).toEqual(['v1', 'v2']);
    expect(rollbackVersion(h, { version: 'v2', previous: 'v1' })).toBe('v1');
  });

  it('an automatic rollback after a failed health check drops the failed version', () => {
    const h = history(
      ['deploy', null, 'v1'],
      ['deploy', 'v1', 'v2'],
      ['deploy', 'v2', 'v3'],
      ['rollback', 'v3', 'v2'],
      ['deploy', 'v2', 'v4'],
    );
    expect(rollbackStack(h)).toEqual(['v1', 'v2', 'v4']);
  });

  it('leaves nothing when the first version is live again', () => {
    const h = history(['deploy', null, 'v1'], ['deploy', 'v1', 'v2'], ['rollback', 'v2', 'v1']);
    expect(rollbackVersion(h, { version: 'v1', previous: 'v2' })).toBeUndefined();
  });

  it("falls back to the alias's previous version when the history does not end on it", () => {
    expect(rollbackVersion([], { version: 'v2', previous: 'v1' })).toBe('v1');
    expect(
      rollbackVersion(history(['deploy', null, 'v1']), { version: 'v2', previous: 'v1' }),
    ).toBe('v1');
  });
});

describe('targetForRollback on a file registry', () => {
  let registry: ModelRegistry;
  const digests = new Map<string, string>();

  beforeAll(async () => {
    const root = await fs.mkdtemp(path.join(os.tmpdir(), 'rollback-history-'));
    registry = openRegistry(`file://${path.join(root, 'registry')}`);
    for (const version of ['1.0.0', '2.0.0', '3.0.0']) {
      const pkg = await buildTestPackage('iris', version, undefined, root);
      const { manifest } = await publishPackage(registry, pkg.dir);
      digests.set(version, manifest.digest);
      await move('deploy', version);
    }
  });

  async function move(operation: 'deploy' | 'rollback', version: string) {
    await registry.moveAlias({
      model: 'iris',
      environment: 'production',
      version,
      digest: digests.get(version)!,
      operation,
      reason: `${operation} ${version}`,
    });
  }

  it('goes 3 -> 2 -> 1, then says nothing earlier is left; to-version still wins', async () => {
    const first = await targetForRollback(registry, 'iris', 'production');
    expect(first).toMatchObject({ version: '2.0.0', digest: digests.get('2.0.0') });
    await move('rollback', first.version);

    const second = await targetForRollback(registry, 'iris', 'production');
    expect(second.version).toBe('1.0.0');
    await move('rollback', second.version);

    const third = targetForRollback(registry, 'iris', 'production');
    await expect(third).rejects.toThrow(UserError);
    await expect(third).rejects.toThrow(
      /'production' has no version earlier than 1\.0\.0 left to go back to.*to-version/,
    );

    const named = await targetForRollback(registry, 'iris', 'production', '3.0.0');
    expect(named.version).toBe('3.0.0');
  });
});
