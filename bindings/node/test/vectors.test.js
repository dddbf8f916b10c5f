'use strict'
// Every known-answer vector in tests/data through `verify` (right and wrong passwords), and
// every malformed vector rejected with the kind the library's own command line reports.

const test = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')
const { execFileSync } = require('node:child_process')

const hashbridge = require('..')
const { DATA, knownAnswer, malformed, password, credential, pooled } = require('./helpers')

const KINDS = ['malformed', 'unsupported', 'ambiguous', 'missing_context', 'limit', 'config', 'unavailable']

// The largest vectors (libxcrypt's `mkpasswd -m scrypt -R 11`) need a 1 GiB array and about
// twice the default work budget; the memory budget lets two of them run at once.
const roomy = new hashbridge.Migrator({
  limits: { maxMemoryBytes: 2 ** 30, maxWork: 64_000_000 },
  memoryBudget: 2 ** 31,
  memoryWaitMs: Infinity,
  rehash: false,
})

/** A password that is wrong for every scheme: a different first character (case-insensitive
 * schemes such as LM and truncating ones such as DES crypt included). */
function wrong(pw) {
  return typeof pw === 'string' ? '#' + pw : Buffer.concat([Buffer.from('#'), pw])
}

test('every known-answer vector verifies as its producer says, and a wrong password does not', async () => {
  const all = knownAnswer()
  assert.ok(all.length > 1000, `only ${all.length} vectors found in ${DATA}`)
  const failures = []
  await pooled(all, 4, async ({ v }) => {
    const cred = credential(v)
    try {
      const out = await roomy.verify(password(v), cred)
      if (out.valid !== v.valid || out.scheme !== v.format) {
        failures.push(`${v.id}: got valid=${out.valid} scheme=${out.scheme}, want valid=${v.valid}`)
      }
      if (v.valid) {
        const neg = await roomy.verify(wrong(password(v)), cred)
        if (neg.valid) failures.push(`${v.id}: a wrong password verified`)
      }
    } catch (e) {
      failures.push(`${v.id}: ${e.kind ?? e.name}: ${e.message}`)
    }
  })
  assert.deepEqual(failures, [])
})

test('verifySync gives the answers verify gives', async () => {
  // One vector per format, the cheap ones: the synchronous path is the same call.
  const seen = new Set()
  for (const { v } of knownAnswer()) {
    if (seen.has(v.format) || /scrypt|argon|yescrypt|bcrypt/.test(v.format)) continue
    seen.add(v.format)
    const sync = roomy.verifySync(password(v), credential(v))
    const async = await roomy.verify(password(v), credential(v))
    assert.deepEqual(sync, async, v.id)
    assert.equal(sync.valid, v.valid, v.id)
  }
  assert.ok(seen.size > 50, `${seen.size} formats`)
})

/** The command line built from this workspace, if any: the library's own answers. */
function cli() {
  const candidates = [
    process.env.HASHBRIDGE_CLI,
    path.join(__dirname, '..', '..', '..', 'target', 'debug', 'hashbridge'),
    path.join(__dirname, '..', '..', '..', 'target', 'release', 'hashbridge'),
  ]
  return candidates.find((p) => p && fs.existsSync(p))
}

test('every malformed vector is refused, with the kind the command line reports', async (t) => {
  const lines = malformed()
  assert.ok(lines.length > 100, `${lines.length} malformed vectors`)
  const m = new hashbridge.Migrator({ rehash: false })
  const answers = await pooled(lines, 4, async ({ v }) => {
    try {
      const out = await m.verify(password(v), credential(v))
      return { valid: out.valid, scheme: out.scheme }
    } catch (e) {
      assert.ok(e instanceof hashbridge.HashbridgeError, `${v.id}: ${e}`)
      assert.ok(e instanceof Error)
      assert.equal(e.name, 'HashbridgeError')
      assert.ok(KINDS.includes(e.kind), `${v.id}: kind ${e.kind}`)
      assert.ok(e.message.length > 0)
      return { kind: e.kind }
    }
  })
  lines.forEach(({ v }, i) => {
    assert.ok(answers[i].kind || answers[i].valid === false, `${v.id} was accepted`)
  })
  const refused = answers.filter((a) => a.kind).length
  assert.ok(refused > lines.length / 2, `only ${refused} of ${lines.length} refused with an error`)

  const binary = cli()
  if (!binary) {
    t.skip('no hashbridge command line built (set HASHBRIDGE_CLI): kinds not cross-checked')
    return
  }
  const input = lines.map(({ line }) => line).join('\n') + '\n'
  const out = execFileSync(binary, ['verify', '--batch', '-', '--no-upgrade', '--threads', '2'], {
    input,
    maxBuffer: 1 << 26,
  })
  const cliAnswers = out.toString().trim().split('\n').map((l) => JSON.parse(l))
  assert.equal(cliAnswers.length, lines.length)
  lines.forEach(({ v }, i) => {
    const want = cliAnswers[i].error ? { kind: cliAnswers[i].error.kind } : { valid: cliAnswers[i].valid, scheme: cliAnswers[i].scheme }
    assert.deepEqual(answers[i], want, v.id)
  })
})
