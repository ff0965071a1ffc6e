#!/usr/bin/env node
// The `ml-actions` command of a clone (npm links it as node_modules/.bin/ml-actions): it runs
// the committed CLI bundle, dist/cli/index.js (`npm run bundle -- cli` after changing
// packages/cli/src), which is also the root package's bin.
import '../../../dist/cli/index.js';
