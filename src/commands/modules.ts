/* Each command's module, loaded on demand, so `upgrade` never loads the diff and render code. */
export const commands = {
  check: () => import('./compare/check.js'),
  diagram: () => import('./pictures/diagram.js'),
  historyGraph: () => import('./pictures/history-graph.js'),
  inspect: () => import('./revisions/inspect.js'),
  init: () => import('./revisions/init.js'),
  lint: () => import('./apply/lint.js'),
  merge: () => import('./revisions/merge.js'),
  pull: () => import('./compare/pull.js'),
  revision: () => import('./revisions/revision.js'),
  revisionDiagram: () => import('./pictures/revision-diagram.js'),
  show: () => import('./revisions/show.js'),
  squash: () => import('./revisions/squash.js'),
  stamp: () => import('./apply/stamp.js'),
  test: () => import('./apply/test.js'),
  upgrade: () => import('./apply/upgrade.js'),
  verify: () => import('./apply/verify.js'),
};
