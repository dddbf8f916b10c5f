'use strict'
// How late a 1 ms interval timer fires while 8 argon2id verifies (m=19456 t=2 p=1, the default
// target) run through `await verify` on the libuv pool, against the same timer on an idle loop
// and while the 8 run through `verifySync` on the event loop thread. Delay = the time between
// two ticks less the 1 ms asked for; p50, p99 and the maximum over every tick of every round.
//
//   npm run build && node benchmarks/event_loop.js [--rounds N]

const { Migrator, hashSync } = require('hashbridge')

const i = process.argv.indexOf('--rounds')
const ROUNDS = i > 0 ? Number(process.argv[i + 1]) : 20
const m = new Migrator()
const PASSWORD = 'correct horse battery staple'
const STORED = hashSync(PASSWORD)

/** Tick delays (ms) of a 1 ms interval while `work()` runs. */
async function delays(work) {
  const out = []
  let last = process.hrtime.bigint()
  const timer = setInterval(() => {
    const now = process.hrtime.bigint()
    out.push(Number(now - last) / 1e6 - 1)
    last = now
  }, 1)
  await work()
  // One more turn of the loop: the tick that was held up by the work is counted too.
  await new Promise((resolve) => setTimeout(resolve, 2))
  clearInterval(timer)
  return out
}

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]
}

async function main() {
  const idle = []
  const pooled = []
  const blocking = []
  for (let r = 0; r < ROUNDS; r++) {
    idle.push(...await delays(() => new Promise((resolve) => setTimeout(resolve, 100))))
    pooled.push(...await delays(() => Promise.all(Array.from({ length: 8 }, () => m.verify(PASSWORD, STORED)))))
    blocking.push(...await delays(async () => {
      await new Promise((resolve) => setTimeout(resolve, 5)) // let the timer start
      for (let k = 0; k < 8; k++) m.verifySync(PASSWORD, STORED)
    }))
  }
  console.log(`1 ms interval timer, ${ROUNDS} rounds; delay per tick in ms`)
  console.log('while                         ticks     p50     p99     max')
  for (const [name, xs] of [['idle', idle], ['8 x await verify (pool)', pooled], ['8 x verifySync (blocking)', blocking]]) {
    console.log(`${name.padEnd(28)} ${String(xs.length).padStart(6)} ${pct(xs, 50).toFixed(2).padStart(7)} ${pct(xs, 99).toFixed(2).padStart(7)} ${Math.max(...xs).toFixed(2).padStart(7)}`)
  }
}

main().catch((e) => { console.error(e); process.exit(1) })
