'use strict'
// Verifies run on the libuv thread pool: the event loop keeps turning while they compute, they
// run on several threads at once on every core, and queued work can be aborted. Nothing here
// compares a duration with a threshold: the tests count timer ticks, threads and processors.

const test = require('node:test')
const assert = require('node:assert/strict')
const path = require('node:path')
const { execFileSync } = require('node:child_process')
const os = require('node:os')
const { Worker } = require('node:worker_threads')

const hashbridge = require('..')

// argon2id at m=64 MiB, t=3: long enough that eight of them span many timer ticks.
const m = new hashbridge.Migrator({ mCost: 65536, tCost: 3, pCost: 1 })
const PASSWORD = 'correct horse battery staple'
const STORED = m.hashSync(PASSWORD)

/** Count the ticks of a 1 ms interval timer, and when each of `promises` settles. */
async function ticksWhile(start) {
  let ticks = 0
  const timer = setInterval(() => ticks++, 1)
  const settled = []
  const promises = start().map((p) => p.then((v) => { settled.push(ticks); return v }))
  const dispatched = ticks
  const results = await Promise.all(promises)
  clearInterval(timer)
  return { results, dispatched, settled: settled.sort((a, b) => a - b), ticks }
}

test('the event loop keeps turning while 8 argon2id verifies run', async () => {
  const { results, dispatched, settled } = await ticksWhile(() =>
    Array.from({ length: 8 }, () => m.verify(PASSWORD, STORED)),
  )
  for (const r of results) assert.deepEqual(r, { valid: true, scheme: 'argon2', needsUpgrade: false, upgrade: null })
  assert.equal(dispatched, 0, 'dispatching is not blocked on the hashing')
  // The timer fired before the first verify was done, and again between the first and the
  // last: the loop ran while the pool computed.
  assert.ok(settled[0] > 0, `no tick before the first verify settled (${settled})`)
  assert.ok(settled[7] > settled[0], `no tick between the first and last verify (${settled})`)
})

test('verifySync blocks the event loop, as its name says', async () => {
  let ticks = 0
  const timer = setInterval(() => ticks++, 1)
  for (let i = 0; i < 2; i++) assert.equal(m.verifySync(PASSWORD, STORED).valid, true)
  const during = ticks
  clearInterval(timer)
  assert.equal(during, 0)
})

test('concurrent verifies run on several pool threads at once, on every core', { skip: process.platform !== 'linux' && 'reads /proc' }, (t) => {
  // In a fresh process, so that the pool's threads are the ones started by the verifies.
  const out = execFileSync(process.execPath, [path.join(__dirname, 'fixtures', 'pool_threads.js')])
  const r = JSON.parse(out.toString())
  t.diagnostic(`CPU time ${r.cpuMs.toFixed(0)} ms over ${r.wallMs.toFixed(0)} ms wall; ` +
    `${r.poolThreadsThatWorked} of ${r.poolThreads} pool threads worked, at most ${r.mostRunningAtOnce} running at once, on processors ${r.processors}`)
  assert.equal(r.valid, true)
  assert.ok(r.poolThreadsThatWorked >= 2, `only ${r.poolThreadsThatWorked} pool thread(s) did the work`)
  assert.ok(r.mostRunningAtOnce >= 2, 'never two pool threads running at the same moment')
  const cores = Math.min(os.availableParallelism(), 2)
  assert.ok(r.processors.length >= cores, `pool threads ran on processors ${r.processors} only`)
})

test('aborting a verify that waits for the pool rejects it with AbortError', async () => {
  // Four long verifies take the four pool threads; the fifth waits in the queue.
  const busy = Array.from({ length: 4 }, () => m.verify(PASSWORD, STORED))
  const controller = new AbortController()
  const queued = m.verify(PASSWORD, STORED, { signal: controller.signal })
  controller.abort()
  await assert.rejects(queued, (e) => e.name === 'AbortError')
  for (const r of await Promise.all(busy)) assert.equal(r.valid, true)
  // An already aborted signal never queues the work.
  await assert.rejects(
    hashbridge.verify(PASSWORD, STORED, { signal: AbortSignal.abort() }),
    (e) => e.name === 'AbortError' && e.code === 'ABORT_ERR',
  )
  await assert.rejects(hashbridge.hash(PASSWORD, { signal: {} }), TypeError)
})

test('the package works in worker threads, each with its own HashbridgeError', async () => {
  const code = `
    const { parentPort } = require('node:worker_threads')
    const h = require(${JSON.stringify(require.resolve('..'))})
    h.verify('hashcat', '$1$38652870$DUjsu4TTlTsOe/xxZ05uf/')
      .then((ok) => h.verify('x', '$1$').then(
        () => parentPort.postMessage({ ok, bad: null }),
        (e) => parentPort.postMessage({ ok, bad: { isClass: e instanceof h.HashbridgeError, kind: e.kind } })))`
  const answers = await Promise.all(
    [1, 2].map(() => new Promise((resolve, reject) => {
      const w = new Worker(code, { eval: true })
      w.once('message', (msg) => { resolve(msg); w.terminate() })
      w.once('error', reject)
    })),
  )
  for (const a of answers) {
    assert.equal(a.ok.valid, true)
    assert.equal(a.ok.scheme, 'md5_crypt')
    assert.deepEqual(a.bad, { isClass: true, kind: 'malformed' })
  }
})
