#!/usr/bin/env node
import { exitOnStrayError } from '../dist/cli/exit-on-stray-error.js';
import { run } from '../dist/cli/main.js';
import { processOutput } from '../dist/cli/output.js';

const out = processOutput();
const argv = process.argv.slice(2);
exitOnStrayError(out, argv.includes('--verbose'));
process.exitCode = await run(argv, out);
