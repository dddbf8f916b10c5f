'use strict'
// Shared by the tests: the repository's vector files, and a credential object built from a
// vector line (the batch record format's snake_case fields in the package's camelCase).

const fs = require('node:fs')
const path = require('node:path')

const DATA = path.join(__dirname, '..', '..', '..', 'tests', 'data')

/** Every line of the vector files whose names pass `pred`, parsed. */
function vectors(pred) {
  const files = fs.readdirSync(DATA).filter((n) => n.endsWith('.jsonl') && pred(n)).sort()
  const out = []
  for (const file of files) {
    for (const line of fs.readFileSync(path.join(DATA, file), 'utf8').split('\n')) {
      if (line.trim()) out.push({ file, line, v: JSON.parse(line) })
    }
  }
  return out
}

const knownAnswer = () => vectors((n) => !n.startsWith('malformed'))
const malformed = () => vectors((n) => n.startsWith('malformed'))

/** The password of a vector: its text, or a Buffer of `password_hex`. */
function password(v) {
  if (v.password_hex !== undefined) return Buffer.from(v.password_hex, 'hex')
  return v.password ?? ''
}

/** The credential object of a vector, with its format as the scheme hint. */
function credential(v) {
  const c = { hash: v.hash, scheme: v.format }
  if (v.salt !== undefined) c.salt = v.salt
  if (v.salt_encoding !== undefined) c.saltEncoding = v.salt_encoding
  if (v.username !== undefined) c.username = v.username
  if (v.params !== undefined) c.params = v.params
  return c
}

/** Run `f` over `items` with at most `width` calls in flight; results in order. */
async function pooled(items, width, f) {
  const out = new Array(items.length)
  let next = 0
  async function worker() {
    while (next < items.length) {
      const i = next++
      out[i] = await f(items[i], i)
    }
  }
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, worker))
  return out
}

module.exports = { DATA, knownAnswer, malformed, password, credential, pooled }
