import type { DeliveryReport, WorkflowReport } from './analyse.js';
import type { HeartbeatReport, PipelineCheck } from './checks.js';

/** The `ml-actions/pipeline-report@1` file (DESIGN.md "Pipeline report"). */
export interface PipelineReport {
  schema: 'ml-actions/pipeline-report@1';
  repository: string;
  generated_at: string;
  branch: string | null;
  windows: {
    current: { from: string; to: string };
    baseline: { from: string; to: string };
  };
  significance: number;
  healthy: boolean;
  counts: { pass: number; fail: number; warn: number; skip: number };
  api: {
    requests: number;
    not_modified: number;
    errors: number;
    runs_read: number;
    jobs_read: number;
  };
  workflows: WorkflowReport[];
  heartbeats: HeartbeatReport[];
  delivery: DeliveryReport[];
  checks: PipelineCheck[];
  alert?: { action: string; issue_url?: string };
}
