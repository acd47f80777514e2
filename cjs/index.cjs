'use strict';
// require('athanor'): the ES module build (see require.cjs).
require('./require.cjs')('athanor');
module.exports = require('../dist/index.js');
