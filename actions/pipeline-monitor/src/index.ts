import { runWrapper } from '@ml-actions/core/runner/run-wrapper.js';
import { run } from './main.js';

await runWrapper(run);
