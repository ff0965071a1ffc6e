/** In-memory repository state of the GitHub REST emulator. */

export interface Actor {
  login: string;
  id: number;
  type: 'User' | 'Bot';
}

export interface TokenInfo {
  actor: Actor;
  /** Installation tokens (GITHUB_TOKEN, apps) cannot call GET /user. */
  installation: boolean;
  /** False for a fork PR's read-only token: every write answers 403. */
  write: boolean;
}

export interface Comment {
  id: number;
  node_id: string;
  issue_number: number;
  body: string;
  user: Actor;
  created_at: string;
  updated_at: string;
}

export interface Issue {
  id: number;
  number: number;
  title: string;
  body: string;
  state: 'open' | 'closed';
  state_reason: string | null;
  labels: string[];
  user: Actor;
  pull_request: boolean;
  /** Head commit of a pull request. */
  head_sha?: string;
  created_at: string;
  updated_at: string;
  closed_at: string | null;
}

export interface CheckRun {
  id: number;
  name: string;
  head_sha: string;
  status: string;
  conclusion: string | null;
  output: unknown;
  details_url?: string;
  external_id?: string;
}

export interface DeploymentStatus {
  id: number;
  state: string;
  description: string;
  environment: string;
  environment_url: string;
  log_url: string;
  created_at: string;
  creator: Actor;
}

export interface Deployment {
  id: number;
  ref: string;
  sha: string;
  task: string;
  environment: string;
  description: string | null;
  payload: unknown;
  transient_environment: boolean;
  production_environment: boolean;
  creator: Actor;
  created_at: string;
  statuses: DeploymentStatus[];
}

export interface Dispatch {
  event_type: string;
  client_payload: unknown;
  actor: Actor;
}

export interface RepoState {
  issues: Map<number, Issue>;
  comments: Map<number, Comment>;
  checkRuns: Map<number, CheckRun>;
  deployments: Map<number, Deployment>;
  dispatches: Dispatch[];
  nextNumber: number;
}

export function newRepoState(): RepoState {
  return {
    issues: new Map(),
    comments: new Map(),
    checkRuns: new Map(),
    deployments: new Map(),
    dispatches: [],
    nextNumber: 1,
  };
}

export const GITHUB_ACTIONS_BOT: Actor = {
  login: 'github-actions[bot]',
  id: 41898282,
  type: 'Bot',
};
