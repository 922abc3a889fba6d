#!/usr/bin/env node
// The bin is this committed file rather than dist/main.js itself, so that npm can link it at install time
// in a checkout, before `prepare` has built dist/.
import '../dist/main.js';
