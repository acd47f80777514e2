'use strict';
// require('athanor/testing'): the ES module build (see require.cjs).
require('./require.cjs')('athanor/testing');
module.exports = require('../dist/testing.js');
