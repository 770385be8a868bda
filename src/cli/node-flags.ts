/**
 * The flags Node runs the `oneseller` command with: written in `bin/oneseller.js`'s first line (`#!/usr/bin/env -S
 * node …`) and in `npm start`, and given to every child process that runs the command or a benchmark of it, so that
 * what is measured is what a user runs. A test checks the three agree.
 *
 * `--max-semi-space-size=32`: a young generation twice Node's default (16 MB a semi-space). An import keeps each
 * batch of records alive while it is parsed and stored; with the default nursery most of them were copied by two
 * scavenges and promoted, and a larger one lets more of them die young (measured in docs/benchmarks.md, Import). It
 * can only be set when the process starts: V8 sizes the main thread's heap once.
 */
export const NODE_FLAGS: readonly string[] = ['--max-semi-space-size=32']
