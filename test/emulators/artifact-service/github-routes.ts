import { type GitHubEmulator, HttpError, Redirect } from '../github/index.js';
import type { ArtifactServiceEmulator } from './server.js';

/**
 * Serves the artifact REST routes from the GitHub REST emulator too, backed by the artifact
 * service emulator, for tests whose GITHUB_API_URL points at the GitHub emulator (its token
 * auth, faults and rate limits then apply to artifact downloads as well).
 */
export function mountArtifactRoutes(
  github: GitHubEmulator,
  service: ArtifactServiceEmulator,
): void {
  const repoOf = (c: { owner: string; name: string }) => `${c.owner}/${c.name}`;
  const orNotFound = <T>(value: T | undefined): T => {
    if (value === undefined) throw new HttpError(404, 'Not Found');
    return value;
  };
  github.on(
    'GET',
    '/repos/:owner/:name/actions/artifacts/:artifact_id/zip',
    (c) => new Redirect(orNotFound(service.rest.zipUrl(repoOf(c), c.params.artifact_id))),
  );
  github.on('GET', '/repos/:owner/:name/actions/artifacts/:artifact_id', (c) =>
    orNotFound(service.rest.artifact(repoOf(c), c.params.artifact_id)),
  );
  github.on('GET', '/repos/:owner/:name/actions/runs/:run_id/artifacts', (c) =>
    orNotFound(service.rest.runArtifacts(repoOf(c), c.params.run_id, c.query)),
  );
}
