'use strict'
// Bad input is normal. A wrong argument is Node's own TypeError (or RangeError for a number
// out of range) naming it; a hostile stored hash is a rejected promise with the library's
// kind, refused before any work (the limits apply), never a crash or a hang.

const test = require('node:test')
const assert = require('node:assert/strict')

const hashbridge = require('..')
const { knownAnswer } = require('./helpers')

const MD5_CRYPT = '$1$38652870$DUjsu4TTlTsOe/xxZ05uf/'

/** A TypeError (or RangeError) with Node's code, whose message names `name`. */
function argError(name, { range = false, code } = {}) {
  return (e) => {
    assert.ok(range ? e instanceof RangeError : e instanceof TypeError, `${e.name}: ${e.message}`)
    assert.ok(!(e instanceof hashbridge.HashbridgeError))
    assert.ok(e.message.includes(`"${name}"`), `${e.message} does not name ${name}`)
    if (code) assert.equal(e.code, code)
    return true
  }
}

test('wrong argument types: a rejected promise (async) or a throw (sync), naming the argument', async () => {
  const cases = [
    [[123, {}], 'password', 'ERR_INVALID_ARG_TYPE'],
    [[null, MD5_CRYPT], 'password', 'ERR_INVALID_ARG_TYPE'],
    [[{ toString: () => 'hashcat' }, MD5_CRYPT], 'password', 'ERR_INVALID_ARG_TYPE'],
    [[new Uint16Array(4), MD5_CRYPT], 'password', 'ERR_INVALID_ARG_TYPE'],
    [['pw'], 'credential', 'ERR_INVALID_ARG_TYPE'],
    [['pw', 42], 'credential', 'ERR_INVALID_ARG_TYPE'],
    [['pw', ['$1$']], 'credential', 'ERR_INVALID_ARG_TYPE'],
    [['pw', {}], 'credential.hash', 'ERR_INVALID_ARG_TYPE'],
    [['pw', { hash: 7 }], 'credential.hash', 'ERR_INVALID_ARG_TYPE'],
    [['pw', { hash: 'x', params: 'no' }], 'credential.params', 'ERR_INVALID_ARG_TYPE'],
    [['pw', { hash: 'x', params: [1] }], 'credential.params', 'ERR_INVALID_ARG_TYPE'],
    [['pw', { hash: 'x', params: { k: {} } }], 'credential.params.k', 'ERR_INVALID_ARG_TYPE'],
    [['pw', { hash: 'x', salt: 5 }], 'credential.salt', 'ERR_INVALID_ARG_TYPE'],
    [['pw', { hash: 'x', username: 5 }], 'credential.username', 'ERR_INVALID_ARG_TYPE'],
    [['pw', { hash: 'x', scheme: true }], 'credential.scheme', 'ERR_INVALID_ARG_TYPE'],
    [['pw', { hash: 'x', salt_encoding: 'hex' }], 'credential', 'ERR_INVALID_ARG_VALUE'],
    [['pw', { hash: 'x', salt: 'ab', saltEncoding: 'base32' }], 'credential.saltEncoding', 'ERR_INVALID_ARG_VALUE'],
    [['pw', { hash: 'x', saltEncoding: 'hex' }], 'credential.saltEncoding', 'ERR_INVALID_ARG_VALUE'],
    [['pw', { hash: 'x', salt: Buffer.from('ab'), saltEncoding: 'hex' }], 'credential.saltEncoding', 'ERR_INVALID_ARG_VALUE'],
    [['pw', { hash: Buffer.from([0xff, 0xfe]) }], 'credential.hash', 'ERR_INVALID_ARG_VALUE'],
  ]
  for (const [args, name, code] of cases) {
    await assert.rejects(hashbridge.verify(...args), argError(name, { code }), JSON.stringify(args))
    assert.throws(() => hashbridge.verifySync(...args), argError(name, { code }))
    const m = new hashbridge.Migrator()
    await assert.rejects(m.verify(...args), argError(name, { code }))
  }
  await assert.rejects(hashbridge.verify('pw', MD5_CRYPT, 'options'), argError('options'))
  await assert.rejects(hashbridge.verify('pw', MD5_CRYPT, { sigmal: null }), argError('options', { code: 'ERR_INVALID_ARG_VALUE' }))
  await assert.rejects(hashbridge.hash(5), argError('password'))
  assert.throws(() => hashbridge.hashSync(undefined), argError('password'))
  assert.throws(() => hashbridge.identify(5), argError('credential'))
  assert.throws(() => hashbridge.inspect({ hash: 'x', bogus: 1 }), argError('credential', { code: 'ERR_INVALID_ARG_VALUE' }))
  assert.throws(() => hashbridge.needsUpgrade(undefined), argError('credential'))
  await assert.rejects(hashbridge.verifyUser(5, null), argError('password'))
})

test('a wrong argument message never repeats the value given', async () => {
  const secret = 'hunter2-do-not-echo'
  for (const bad of [{ secret }, [secret], new Uint32Array(2)]) {
    await assert.rejects(hashbridge.verify(bad, MD5_CRYPT), (e) => !e.message.includes(secret))
  }
  await assert.rejects(hashbridge.verify(secret, { hash: 'x', params: { k: { secret } } }), (e) => !e.message.includes(secret))
})

test('Migrator options: TypeError for a wrong type, RangeError out of range, HashbridgeError for a refused policy', () => {
  const cases = [
    [{ mCost: '65536' }, 'options.mCost', false],
    [{ mCost: 0 }, 'options.mCost', true],
    [{ mCost: 1.5 }, 'options.mCost', true],
    [{ mCost: 2 ** 32 }, 'options.mCost', true],
    [{ bcryptCost: 32, target: 'bcrypt' }, 'options.bcryptCost', true],
    [{ target: 'md5' }, 'options.target', false],
    [{ target: 'bcrypt', mCost: 65536 }, 'options.mCost', false],
    [{ limits: 5 }, 'options.limits', false],
    [{ limits: { maxBogus: 1 } }, 'options.limits', false],
    [{ limits: { maxWork: -1 } }, 'options.limits.maxWork', true],
    [{ limits: { maxBcryptCost: 2 ** 40 } }, 'options.limits.maxBcryptCost', true],
    [{ schemes: 'md5_crypt' }, 'options.schemes', false],
    [{ schemes: ['no_such_scheme'] }, 'options.schemes[0]', false],
    [{ alsoAccept: [{ target: 'bcrypt', bcryptCost: 'x' }] }, 'options.alsoAccept[0].bcryptCost', false],
    [{ maxCostFactor: 0 }, 'options.maxCostFactor', true],
    [{ memoryWaitMs: -1 }, 'options.memoryWaitMs', true],
    [{ memoryWaitMs: '5' }, 'options.memoryWaitMs', false],
    [{ rehash: 'yes' }, 'options.rehash', false],
    [{ mcost: 1 }, 'options', false],
    ['argon2id', 'options', false],
  ]
  for (const [options, name, range] of cases) {
    assert.throws(() => new hashbridge.Migrator(options), argError(name, { range }), JSON.stringify(options))
  }
  // Well-typed options the library refuses: a target its own limits would reject, a memory
  // budget that cannot hold one hash of the target.
  assert.throws(() => new hashbridge.Migrator({ limits: { maxWork: 1 } }), { name: 'HashbridgeError', kind: 'config' })
  assert.throws(() => new hashbridge.Migrator({ memoryBudget: 1024 }), { kind: 'config' })
  // Limits by either spelling, numbers or bigints.
  const m = new hashbridge.Migrator({ limits: { max_password_bytes: 8, maxHashBytes: 64n } })
  assert.throws(() => m.verifySync('123456789', MD5_CRYPT), { kind: 'limit', param: 'password length', value: 9, limit: 8 })
  assert.throws(() => m.verifySync('x', MD5_CRYPT + 'a'.repeat(40)), { kind: 'limit', param: 'hash length' })
})

/** A real hash of each kind with its cost raised past every limit. */
function hostile() {
  const bcrypt = new hashbridge.Migrator({ target: 'bcrypt', bcryptCost: 4 }).hashSync('pw')
  const sha512 = knownAnswer().find(({ v }) => v.format === 'sha512_crypt' && v.hash.includes('$rounds=')).v.hash
  const argon = hashbridge.hashSync('pw')
  return [
    ['bcrypt cost 31', bcrypt.replace('$04$', '$31$'), 'limit'],
    ['sha512-crypt at 999999999 rounds', sha512.replace(/rounds=\d+/, 'rounds=999999999'), 'limit'],
    ['argon2id with 4 TiB', argon.replace('m=19456', 'm=4294967295'), 'limit'],
    ['argon2id with 2^32 passes', argon.replace('t=2', 't=4294967295'), 'limit'],
    ['scrypt at ln=40', `$scrypt$ln=40,r=8,p=1$c2FsdHNhbHQ$${'A'.repeat(43)}`, 'limit'],
    ['PBKDF2 at 2^32 iterations', `$pbkdf2-sha256$4294967295$c2FsdA$${'A'.repeat(43)}`, 'limit'],
    ['a 1 MiB hash', '$1$' + 'a'.repeat(1 << 20), 'limit'],
    ['a truncated bcrypt', bcrypt.slice(0, 40), 'malformed'],
    ['nothing a scheme reads', 'definitely not a hash', 'unsupported'],
    ['a bare hex digest', 'a'.repeat(32), 'ambiguous'],
    ['a salted digest without its salt', { hash: 'a'.repeat(64), scheme: 'salted_sha256' }, 'missing_context'],
    ['an unknown scheme hint', { hash: 'x', scheme: 'rot13' }, 'unsupported'],
  ]
}

// A hang is a failure, not a stuck CI job: the limits refuse these before any work, so a few
// seconds are ample even for a debug build on a loaded machine.
test('hostile stored hashes reject with the library kind, before any work', { timeout: 60_000 }, async () => {
  for (const [what, stored, kind] of hostile()) {
    await assert.rejects(hashbridge.verify('pw', stored), (e) => {
      assert.ok(e instanceof hashbridge.HashbridgeError, `${what}: ${e}`)
      assert.equal(e.kind, kind, `${what}: ${e.message}`)
      return true
    })
    assert.throws(() => hashbridge.verifySync('pw', stored), { kind })
  }
  // The error's fields: what a caller routes on.
  await assert.rejects(hashbridge.verify('pw', hostile()[0][1]), {
    kind: 'limit', scheme: 'bcrypt', param: 'cost', value: 31, limit: 16, knob: 'Limits::max_bcrypt_cost',
  })
  await assert.rejects(hashbridge.verify('pw', 'a'.repeat(32)), (e) => e.candidates.includes('nthash'))
  await assert.rejects(hashbridge.verify('pw', { hash: 'a'.repeat(64), scheme: 'salted_sha256' }), { what: 'salt' })
})

test('an over-long password is a limit error, for verify and hash alike', async () => {
  const long = Buffer.alloc(1 << 20, 0x61)
  await assert.rejects(hashbridge.verify(long, MD5_CRYPT), { kind: 'limit', param: 'password length' })
  await assert.rejects(hashbridge.hash(long), { kind: 'limit' })
})

test('an exception thrown while an argument is read surfaces as it is', async () => {
  const boom = new Error('getter says no')
  const cred = { get hash() { throw boom } }
  await assert.rejects(hashbridge.verify('pw', cred), (e) => e === boom)
  assert.throws(() => hashbridge.verifySync('pw', cred), (e) => e === boom)
  const proxy = new Proxy({}, { ownKeys() { throw boom } })
  assert.throws(() => new hashbridge.Migrator(proxy), (e) => e === boom)
  // And the package keeps working afterwards.
  assert.equal(hashbridge.verifySync('hashcat', MD5_CRYPT).valid, true)
})
