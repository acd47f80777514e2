#!/usr/bin/env node
import { run } from '../dist/cli/main.js';
import { processOutput } from '../dist/cli/output.js';

const out = processOutput();
process.exitCode = await run(process.argv.slice(2), out);
