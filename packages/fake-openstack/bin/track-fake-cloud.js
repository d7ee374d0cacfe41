#!/usr/bin/env node
// The bin lives outside dist so that package managers can link it before the first build (pnpm
// links workspace bins at install time); the program itself is built into dist.
import '../dist/cli.js';
