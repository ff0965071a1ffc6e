import {
  getChoiceInput,
  getOptionalInput,
  getRequiredInput,
  parseNumberInput,
} from '../inputs/action-inputs.js';
import { UserError } from '../inputs/user-error.js';

/** The gate action's inputs, read and validated once (names as in actions/gate/action.yml). */
export interface GateInputs {
  metrics: string;
  policy: string;
  baseline?: string;
  comment: 'auto' | 'always' | 'never';
  commentKey: string;
  /** Overrides the event's pull request (fork-safe workflow_run pattern). */
  pullRequest?: number;
  title: string;
  failOn: 'failure' | 'never';
  token?: string;
}

const COMMENT_KEY = /^[A-Za-z0-9._/-]{1,64}$/;

export function readGateInputs(): GateInputs {
  const commentKey = getOptionalInput('comment-key') ?? 'gate';
  if (!COMMENT_KEY.test(commentKey)) {
    throw new UserError(
      `'${commentKey}' is not a valid key: use up to 64 letters, digits, '.', '_', '-' or '/'.`,
      'comment-key',
    );
  }
  const pullRequest = getOptionalInput('pull-request');
  return {
    metrics: getRequiredInput('metrics'),
    // The policy may be inline YAML: keep its lines, trimmed only at the ends.
    policy: getRequiredInput('policy'),
    baseline: getOptionalInput('baseline'),
    comment: getChoiceInput('comment', ['auto', 'always', 'never'] as const, 'auto'),
    commentKey,
    pullRequest:
      pullRequest === undefined
        ? undefined
        : parseNumberInput('pull-request', pullRequest.replace(/^#/, ''), {
            min: 1,
            integer: true,
          }),
    title: getOptionalInput('title') ?? 'Model quality gate',
    failOn: getChoiceInput('fail-on', ['failure', 'never'] as const, 'failure'),
    token: getOptionalInput('github-token'),
  };
}
