#!/usr/bin/env node
// @ts-check
/**
 * `node bench/lib/tree-rss.js COMMAND [ARGS...]` runs the command and writes,
 * last on stderr, `@@tree <KiB>`: the largest sum of the resident memory of
 * the command and every process under it, sampled every 20 ms from /proc.
 * `/usr/bin/time` reports the largest single process instead, which hides a
 * command whose parent stays alive beside a child (the loader compiles a
 * large model in children); the sum is what the machine must hold. The exit
 * status is the command's. Linux only (elsewhere the figure is 0).
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

const [command, ...args] = process.argv.slice(2);
if (command === undefined) {
  process.stderr.write('usage: tree-rss.js COMMAND [ARGS...]\n');
  process.exit(2);
}

/** The parent of each process, from /proc/<pid>/stat (the field after the name in parentheses). */
function parents() {
  /** @type {Map<number, number[]>} */
  const children = new Map();
  let entries = [];
  try {
    entries = readdirSync('/proc');
  } catch {
    return children;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const list = children.get(parent) ?? [];
      list.push(Number(entry));
      children.set(parent, list);
    } catch {
      // The process ended while the list was read.
    }
  }
  return children;
}

/** @param {number} root */
function treeKib(root) {
  const children = parents();
  const tree = [root];
  for (let i = 0; i < tree.length; i++) tree.push(...(children.get(tree[i]) ?? []));
  let kib = 0;
  for (const pid of tree) {
    try {
      const line = readFileSync(`/proc/${pid}/status`, 'utf8')
        .split('\n')
        .find((l) => l.startsWith('VmRSS:'));
      kib += Number(line?.split(/\s+/)[1] ?? 0);
    } catch {
      // Ended between the list and the read.
    }
  }
  return kib;
}

const child = spawn(command, args, { stdio: 'inherit' });
let peak = 0;
const sample = () => {
  if (child.pid !== undefined) peak = Math.max(peak, treeKib(child.pid));
};
const timer = setInterval(sample, 20);
child.on('exit', (code, signal) => {
  clearInterval(timer);
  process.stderr.write(`@@tree ${peak}\n`);
  process.exitCode = code ?? (signal === null ? 1 : 128);
});
