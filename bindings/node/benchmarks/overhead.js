'use strict'
// What the Node package adds to a verify: the same inputs (benches/data/inputs.jsonl: md5-crypt,
// argon2id m=19456 t=2 p=1) timed through the Rust API (`hashbridge bench`, the command line
// built from this workspace) and through the package (`verifySync`, and `await verify` one at a
// time, which adds the trip through the libuv pool). Rounds alternate between the two so that
// load from elsewhere on the machine falls on both; the medians and the minima are printed
// (on a busy machine the minimum is the closer estimate of the work itself).
//
//   npm run build && cargo build --release -p hashbridge-cli
//   node benchmarks/overhead.js [--seconds S] [--rounds N] [--cli PATH]

const fs = require('node:fs')
const path = require('node:path')
const { execFileSync } = require('node:child_process')
const { Migrator } = require('hashbridge')

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`)
  return i > 0 ? process.argv[i + 1] : fallback
}
const SECONDS = Number(arg('seconds', 2))
const ROUNDS = Number(arg('rounds', 5))
const ROOT = path.join(__dirname, '..', '..', '..')
const CLI = arg('cli', path.join(ROOT, 'target', 'release', 'hashbridge'))
const LABELS = ['md5_crypt', 'argon2']

const inputs = fs.readFileSync(path.join(ROOT, 'benches', 'data', 'inputs.jsonl'), 'utf8')
  .split('\n').filter(Boolean).map((l) => JSON.parse(l)).filter((r) => LABELS.includes(r.label))
const m = new Migrator({ rehash: false }) // as `hashbridge bench` runs

function rust() {
  const args = ['bench', '--seconds', String(SECONDS), '--json', ...LABELS.flatMap((l) => ['--scheme', l])]
  const out = {}
  for (const line of execFileSync(CLI, args).toString().trim().split('\n')) {
    const t = JSON.parse(line)
    if (LABELS.includes(t.input)) out[t.input] = t.ms_per_verify * 1000
  }
  return out
}

function sync(input) {
  const start = process.hrtime.bigint()
  let runs = 0
  const budget = BigInt(SECONDS * 1e9)
  while (runs === 0 || process.hrtime.bigint() - start < budget) {
    if (!m.verifySync(input.password, input.hash).valid) throw new Error(`${input.label} failed`)
    runs++
  }
  return Number(process.hrtime.bigint() - start) / 1e3 / runs
}

async function async(input) {
  const start = process.hrtime.bigint()
  let runs = 0
  const budget = BigInt(SECONDS * 1e9)
  while (runs === 0 || process.hrtime.bigint() - start < budget) {
    if (!(await m.verify(input.password, input.hash)).valid) throw new Error(`${input.label} failed`)
    runs++
  }
  return Number(process.hrtime.bigint() - start) / 1e3 / runs
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

async function main() {
  const samples = Object.fromEntries(LABELS.map((l) => [l, { rust: [], sync: [], async: [] }]))
  for (let r = 0; r < ROUNDS; r++) {
    const rs = rust()
    for (const input of inputs) {
      const s = samples[input.label]
      s.rust.push(rs[input.label])
      s.sync.push(sync(input))
      s.async.push(await async(input))
    }
  }
  console.log(`${ROUNDS} rounds of ${SECONDS} s per measurement; microseconds per verify`)
  console.log('input      of rounds   Rust API   verifySync (+overhead)        await verify (+overhead)')
  for (const label of LABELS) {
    for (const [name, pick] of [['median', median], ['minimum', (xs) => Math.min(...xs)]]) {
      const s = samples[label]
      const [r, y, a] = [pick(s.rust), pick(s.sync), pick(s.async)]
      const fmt = (x) => x.toFixed(1).padStart(9)
      const over = (x) => `${(x - r >= 0 ? '+' : '') + (x - r).toFixed(1)} µs, ${(((x - r) / r) * 100).toFixed(1)}%`.padEnd(20)
      console.log(`${label.padEnd(10)} ${name.padEnd(9)} ${fmt(r)}   ${fmt(y)} (${over(y)})   ${fmt(a)} (${over(a)})`)
    }
  }
}

main().catch((e) => { console.error(e); process.exit(1) })
