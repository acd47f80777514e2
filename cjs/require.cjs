'use strict';
/**
 * What `require('athanor')` and `require('athanor/testing')` load (the package's `require` condition):
 * the ES module build itself, which Node requires from 20.19 and 22.12 on; before those, one line
 * that says how to load it instead.
 */
module.exports = function requireBuild(entry) {
  if (!process.features.require_module) {
    const error = new Error(
      `athanor is an ES module, which this Node (${process.version}) cannot require(): load it with import('${entry}'), or run Node 20.19, 22.12 or later`,
    );
    error.code = 'ERR_REQUIRE_ESM';
    throw error;
  }
};
