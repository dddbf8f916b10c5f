'use strict'
// The TypeScript declarations: the typed example checks with `tsc --noEmit`, and what
// index.d.ts declares matches what the native module does at run time.

const test = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')
const { execFileSync } = require('node:child_process')

const hashbridge = require('hashbridge')

const ROOT = path.join(__dirname, '..')
const DTS = fs.readFileSync(path.join(ROOT, 'index.d.ts'), 'utf8')

test('tsc --noEmit accepts the typed example, and refuses what it marks as errors', () => {
  const tsc = require.resolve('typescript/bin/tsc')
  execFileSync(process.execPath, [tsc, '--noEmit', '-p', path.join(ROOT, 'tsconfig.json')], { stdio: 'pipe' })
})

/** The member names of `export interface NAME { ... }` in index.d.ts. */
function members(name) {
  const body = DTS.match(new RegExp(`export interface ${name} \\{([\\s\\S]*?)\\n\\}`))
  assert.ok(body, `index.d.ts declares no interface ${name}`)
  return [...body[1].matchAll(/^ {2}(\w+)\??:/gm)].map((m) => m[1])
}

test('LimitsOptions names every limit the library has, in its order', () => {
  assert.deepEqual(members('LimitsOptions'), Object.keys(hashbridge.defaultLimits()))
})

test('every declared function and class is exported, and nothing undeclared', () => {
  const declared = [...DTS.matchAll(/^export declare (?:function|class|const) (\w+)/gm)].map((m) => m[1]).sort()
  assert.deepEqual(Object.keys(hashbridge).sort(), declared)
})

test('the answers have the declared shapes', async () => {
  assert.deepEqual(members('Outcome'), ['valid', 'scheme', 'needsUpgrade', 'upgrade'])
  const out = await hashbridge.verify('hashcat', '$1$38652870$DUjsu4TTlTsOe/xxZ05uf/')
  assert.deepEqual(Object.keys(out), members('Outcome'))
  assert.deepEqual(Object.keys(hashbridge.inspect('$1$38652870$DUjsu4TTlTsOe/xxZ05uf/')), members('Inspection'))
  assert.deepEqual(members('CredentialObject'), ['hash', 'salt', 'saltEncoding', 'username', 'params', 'scheme'])
})
