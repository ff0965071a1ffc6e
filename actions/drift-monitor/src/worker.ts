// The worker bundle (dist/drift-monitor/worker/): what drift-monitor's worker threads load
// (runner/worker-tasks.ts). Only the tasks' code, so a worker starts fast and stays small.
import '@ml-actions/core/drift/dataset-read-task.js';
import { serveTask } from '@ml-actions/core/runner/worker-tasks.js';

await serveTask();
