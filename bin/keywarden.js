#!/usr/bin/env node
// Entry point for the installed command: runs the compiled CLI.
import '../dist/main.js';
