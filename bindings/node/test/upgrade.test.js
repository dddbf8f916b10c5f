'use strict'
// Upgrades: what verify hands back verifies again and needs no further upgrade; a hash at the
// target's strength is left alone; unknown users cost a real verify; the policy options.

const test = require('node:test')
const assert = require('node:assert/strict')

const hashbridge = require('..')
const { knownAnswer, password, credential, pooled } = require('./helpers')

const MD5_CRYPT = '$1$38652870$DUjsu4TTlTsOe/xxZ05uf/' // hashcat's example, password "hashcat"

test('every upgrade verify returns verifies again and is not upgraded again', async () => {
  // One valid vector per format (the memory-hard ones at their default costs included).
  const seen = new Set()
  const picks = knownAnswer().filter(({ v }) => v.valid && !seen.has(v.format) && seen.add(v.format))
  assert.ok(picks.length > 100, `${picks.length} formats`)
  const m = new hashbridge.Migrator({ limits: { maxMemoryBytes: 2 ** 30, maxWork: 64_000_000 } })
  const failures = []
  await pooled(picks, 4, async ({ v }) => {
    const out = await m.verify(password(v), credential(v))
    if (!out.valid) return failures.push(`${v.id}: not valid`)
    if (!out.needsUpgrade) return // already at the target (an argon2id at least as strong)
    if (!out.upgrade?.startsWith('$argon2id$v=19$m=19456,t=2,p=1$')) {
      return failures.push(`${v.id}: upgrade ${out.upgrade}`)
    }
    const again = await m.verify(password(v), out.upgrade)
    if (!again.valid || again.needsUpgrade || again.upgrade !== null || again.scheme !== 'argon2') {
      failures.push(`${v.id}: the upgrade answered ${JSON.stringify(again)}`)
    }
    const wrong = await m.verify(Buffer.concat([Buffer.from('#'), Buffer.from(password(v))]), out.upgrade)
    if (wrong.valid) failures.push(`${v.id}: the upgrade accepts a wrong password`)
  })
  assert.deepEqual(failures, [])
})

test('a hash at the target strength is not upgraded; one below it is', async () => {
  const target = await hashbridge.hash('s3cret')
  assert.match(target, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/)
  assert.deepEqual(await hashbridge.verify('s3cret', target), {
    valid: true, scheme: 'argon2', needsUpgrade: false, upgrade: null,
  })
  assert.equal(hashbridge.needsUpgrade(target), false)
  const weaker = new hashbridge.Migrator({ mCost: 8192, tCost: 1 }).hashSync('s3cret')
  assert.equal(hashbridge.needsUpgrade(weaker), true)
  const out = await hashbridge.verify('s3cret', weaker)
  assert.equal(out.valid, true)
  assert.equal(out.needsUpgrade, true)
  assert.match(out.upgrade, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/)
  // A wrong password is never upgraded.
  assert.deepEqual(await hashbridge.verify('wrong', weaker), {
    valid: false, scheme: 'argon2', needsUpgrade: false, upgrade: null,
  })
})

test('verifyUser: a known user is verified, an unknown one costs a target verify and fails', async () => {
  assert.equal((await hashbridge.verifyUser('hashcat', MD5_CRYPT)).valid, true)
  for (const missing of [null, undefined]) {
    assert.deepEqual(await hashbridge.verifyUser('hashcat', missing), {
      valid: false, scheme: 'argon2', needsUpgrade: false, upgrade: null,
    })
    assert.equal(hashbridge.verifyUserSync('hashcat', missing).valid, false)
  }
  // The same input checks as a known user: an over-long password is refused alike.
  const long = 'x'.repeat(5000)
  await assert.rejects(hashbridge.verifyUser(long, null), { kind: 'limit' })
  await assert.rejects(hashbridge.verifyUser(long, MD5_CRYPT), { kind: 'limit' })
})

test('Migrator options: targets, also-accepted hashes, the cost ceiling, rehash', async () => {
  const bcrypt = new hashbridge.Migrator({ target: 'bcrypt', bcryptCost: 4 })
  assert.equal(bcrypt.target, 'bcrypt')
  const out = await bcrypt.verify('hashcat', MD5_CRYPT)
  assert.match(out.upgrade, /^\$2b\$04\$/)
  assert.equal((await bcrypt.verify('hashcat', out.upgrade)).needsUpgrade, false)
  // bcrypt cannot store a password over 72 bytes whole: the old hash stays.
  const long = 'p'.repeat(80)
  const legacy = new hashbridge.Migrator({ target: 'pbkdf2_sha256', iterations: 1000 }).hashSync(long)
  const kept = bcrypt.verifySync(long, legacy)
  assert.equal(kept.valid, true)
  assert.equal(kept.needsUpgrade, true)
  assert.equal(kept.upgrade, null)

  const scrypt = new hashbridge.Migrator({ target: 'scrypt', scryptLn: 10, scryptR: 8, pCost: 1 })
  assert.match(scrypt.hashSync('x'), /^\$scrypt\$ln=10,r=8,p=1\$/)

  const accepting = new hashbridge.Migrator({ alsoAccept: [{ target: 'bcrypt', bcryptCost: 4 }] })
  const b4 = bcrypt.hashSync('pw')
  assert.equal(accepting.needsUpgrade(b4), false)
  assert.equal(hashbridge.needsUpgrade(b4), true)

  // A planted argon2id far above the target is rehashed at the target's cost, unless the
  // ceiling is lifted.
  const heavy = new hashbridge.Migrator({ mCost: 262144, tCost: 2 }).hashSync('pw')
  assert.equal(hashbridge.needsUpgrade(heavy), true)
  assert.equal(new hashbridge.Migrator({ maxCostFactor: null }).needsUpgrade(heavy), false)

  const audit = new hashbridge.Migrator({ rehash: false })
  assert.deepEqual(await audit.verify('hashcat', MD5_CRYPT), {
    valid: true, scheme: 'md5_crypt', needsUpgrade: true, upgrade: null,
  })

  const onlyMd5 = new hashbridge.Migrator({ schemes: ['md5_crypt', 'argon2'] })
  assert.equal(onlyMd5.identify(MD5_CRYPT), 'md5_crypt')
  assert.throws(() => onlyMd5.identify('$2b$04$abcdefghijklmnopqrstuu5Fn4kE8ZTu/bI9jVbTn0gZNvIpz6tG'), { kind: 'unsupported' })
})

test('hash and hashSync write the target, each with its own salt', async () => {
  const a = await hashbridge.hash('pw')
  const b = hashbridge.hashSync(Buffer.from('pw'))
  assert.notEqual(a, b)
  for (const h of [a, b]) assert.equal(hashbridge.verifySync('pw', h).valid, true)
})

test('identify and inspect read without hashing', () => {
  assert.equal(hashbridge.identify(MD5_CRYPT), 'md5_crypt')
  assert.deepEqual(hashbridge.inspect(MD5_CRYPT), {
    scheme: 'md5_crypt', params: { salt: '38652870', rounds: '1000' }, needsUpgrade: true,
  })
  assert.ok(hashbridge.schemes().includes('md5_crypt'))
  assert.ok(hashbridge.schemes().length > 100)
  const salted = {
    hash: '5bb7456f43e3610363f68ad6de82b8b96f3fc9ad24e9d1f1f8d8bd89638db7c0',
    scheme: 'salted_sha256',
    salt: '12480864321',
    params: { salt_position: 'suffix' },
  }
  assert.equal(hashbridge.verifySync('hashcat', salted).valid, true)
  assert.equal(hashbridge.verifySync('hashcat', { ...salted, salt: Buffer.from('12480864321') }).valid, true)
  assert.equal(hashbridge.verifySync('hashcat', { ...salted, salt: '3132343830383634333231', saltEncoding: 'hex' }).valid, true)
})
