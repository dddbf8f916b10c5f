'use strict'
// The examples, run against real SQLite files with each platform's calling convention stubbed:
// Express over HTTP, Auth0's login script in a sandbox with its globals, Authing's function with
// its request/response objects, Cognito's handler with its documented event.

const test = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const vm = require('node:vm')

const hashbridge = require('hashbridge')
const { openDatabase, createApp } = require('../examples/express-login')

const MD5_CRYPT = '$1$38652870$DUjsu4TTlTsOe/xxZ05uf/' // "hashcat"
const SALTED = { // vBulletin-style salted digest in two columns, password "hashcat"
  hash: '5bb7456f43e3610363f68ad6de82b8b96f3fc9ad24e9d1f1f8d8bd89638db7c0',
  salt: '12480864321',
  scheme: 'salted_sha256',
}

/** A legacy user store in a temporary file, with three users. */
function legacyStore() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hashbridge-'))
  const file = path.join(dir, 'legacy.db')
  const db = openDatabase(file)
  db.exec('ALTER TABLE users ADD COLUMN name TEXT')
  const add = db.prepare('INSERT INTO users (email, name, password_hash, password_salt, password_scheme) VALUES (?, ?, ?, ?, ?)')
  add.run('ada@example.com', 'Ada', MD5_CRYPT, null, null)
  add.run('bob@example.com', 'Bob', '$1$', null, null) // a malformed row
  add.run('eve@example.com', 'Eve', SALTED.hash, SALTED.salt, SALTED.scheme)
  return { db, file }
}

async function post(server, body) {
  const { port } = server.address()
  const res = await fetch(`http://127.0.0.1:${port}/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  return { status: res.status, body: await res.json() }
}

test('Express: lazy migration stores the upgrade with the login, in one transaction', async (t) => {
  const { db } = legacyStore()
  const logged = []
  const server = createApp(db, { log: (line) => logged.push(line) }).listen(0, '127.0.0.1')
  t.after(() => server.close())
  await new Promise((resolve) => server.once('listening', resolve))
  const hashOf = (email) => db.prepare('SELECT password_hash FROM users WHERE email = ?').pluck().get(email)
  const logins = () => db.prepare('SELECT user_id, upgraded FROM logins ORDER BY rowid').all()

  assert.deepEqual(await post(server, { email: 'ada@example.com', password: 'wrong' }), { status: 401, body: { error: 'wrong email or password' } })
  assert.equal(hashOf('ada@example.com'), MD5_CRYPT)
  assert.deepEqual(logins(), [])

  assert.deepEqual(await post(server, { email: 'ada@example.com', password: 'hashcat' }), { status: 200, body: { ok: true, upgraded: true } })
  const upgraded = hashOf('ada@example.com')
  assert.match(upgraded, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/)
  assert.equal(hashbridge.verifySync('hashcat', upgraded).valid, true)
  assert.deepEqual(logins(), [{ user_id: 1, upgraded: 1 }])

  // The next login verifies the argon2id hash and changes nothing.
  assert.deepEqual(await post(server, { email: 'ada@example.com', password: 'hashcat' }), { status: 200, body: { ok: true, upgraded: false } })
  assert.equal(hashOf('ada@example.com'), upgraded)

  // A salted digest with its salt column and scheme: upgraded, and the columns cleared.
  assert.equal((await post(server, { email: 'eve@example.com', password: 'hashcat' })).status, 200)
  const eve = db.prepare('SELECT password_hash, password_salt, password_scheme FROM users WHERE email = ?').get('eve@example.com')
  assert.match(eve.password_hash, /^\$argon2id\$/)
  assert.equal(eve.password_salt, null)

  // Unknown user and unjudgeable row: the same answer as a wrong password; the row is logged.
  assert.equal((await post(server, { email: 'nobody@example.com', password: 'hashcat' })).status, 401)
  assert.equal((await post(server, { email: 'bob@example.com', password: 'x' })).status, 401)
  assert.equal(logged.length, 1)
  assert.match(logged[0], /^login for user 2: malformed: /)
  assert.ok(!logged[0].includes('"x"'))
  assert.equal((await post(server, { email: 'ada@example.com' })).status, 400)
})

test('Express: the transaction stores the upgrade and the login together or not at all', async () => {
  const { db } = legacyStore()
  // A login record that cannot be written must not leave the new hash behind.
  db.exec("CREATE TRIGGER refuse BEFORE INSERT ON logins BEGIN SELECT RAISE(ABORT, 'disk full'); END")
  const server = createApp(db).listen(0, '127.0.0.1')
  await new Promise((resolve) => server.once('listening', resolve))
  try {
    const res = await post(server, { email: 'ada@example.com', password: 'hashcat' }).catch(() => ({ status: 500 }))
    assert.equal(res.status, 500)
  } finally {
    server.close()
  }
  assert.equal(db.prepare('SELECT password_hash FROM users WHERE id = 1').pluck().get(), MD5_CRYPT)
})

/** Run Auth0's login script as Auth0 does: a bare function, `configuration` and the error
 * classes as globals. */
function auth0Login(configuration) {
  class WrongUsernameOrPasswordError extends Error {
    constructor(user, message) {
      super(message)
      this.name = 'WrongUsernameOrPasswordError'
      this.user = user
    }
  }
  const sandbox = { require, configuration, WrongUsernameOrPasswordError, String, Error }
  vm.createContext(sandbox)
  vm.runInContext(fs.readFileSync(path.join(__dirname, '..', 'examples', 'auth0', 'login.js'), 'utf8'), sandbox)
  return (email, password) => new Promise((resolve) => sandbox.login(email, password, (err, profile) => resolve({ err, profile })))
}

test('Auth0: the custom database login script', async () => {
  const { db, file } = legacyStore()
  const login = auth0Login({ LEGACY_DB: file })
  const ok = await login('ada@example.com', 'hashcat')
  assert.equal(ok.err, null)
  // (The profile object comes from the sandbox's realm: compare its JSON.)
  assert.deepEqual(JSON.parse(JSON.stringify(ok.profile)), { user_id: '1', email: 'ada@example.com', name: 'Ada' })
  assert.match(db.prepare('SELECT password_hash FROM users WHERE id = 1').pluck().get(), /^\$argon2id\$/)
  const wrong = await login('ada@example.com', 'nope')
  assert.equal(wrong.err.name, 'WrongUsernameOrPasswordError')
  assert.equal(wrong.err.user, 'ada@example.com') // logged as a wrong password (fp)
  const unknown = await login('nobody@example.com', 'hashcat')
  assert.equal(unknown.err.name, 'WrongUsernameOrPasswordError')
  assert.equal(unknown.err.user, undefined) // logged as an unknown user (fu)
  const broken = await login('bob@example.com', 'x')
  assert.match(broken.err.message, /malformed/)
})

/** Call an Authing function with Authing's request and response objects. */
function authing(fn, queries) {
  return new Promise((resolve) => {
    const res = { status: 0, headers: {} }
    fn({ queries }, {
      setStatusCode: (s) => { res.status = s },
      setHeader: (k, v) => { res.headers[k] = v },
      send: (body) => resolve({ ...res, body: JSON.parse(body) }),
    }, {})
  })
}

test('Authing: the custom password function validates legacy hashes and writes argon2id', async () => {
  const fns = require('../examples/authing/password')
  assert.deepEqual(await authing(fns.validate, { password: 'hashcat', encryptedPassword: MD5_CRYPT }),
    { status: 200, headers: { 'content-type': 'application/json' }, body: { isValid: true } })
  assert.equal((await authing(fns.validate, { password: 'nope', encryptedPassword: MD5_CRYPT })).body.isValid, false)
  assert.deepEqual((await authing(fns.validate, { password: 'x', encryptedPassword: '$1$' })).body, { isValid: false, error: 'malformed' })
  const enc = await authing(fns.encrypt, { password: 'new password' })
  assert.equal(enc.status, 200)
  assert.match(enc.body.password, /^\$argon2id\$/)
  assert.equal((await authing(fns.validate, { password: 'new password', encryptedPassword: enc.body.password })).body.isValid, true)
  assert.equal((await authing(fns.encrypt, {})).status, 500)
})

test('Cognito: the migrate-user trigger answers the documented event', async () => {
  const { file } = legacyStore()
  process.env.LEGACY_DB = file
  const { handler } = require('../examples/cognito/handler')
  const event = () => JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures', 'cognito-migrate-user.json'), 'utf8'))

  const ok = await handler(event())
  assert.deepEqual(ok.response.userAttributes, { email: 'ada@example.com', email_verified: 'true', name: 'Ada' })
  assert.equal(ok.response.finalUserStatus, 'CONFIRMED')
  assert.equal(ok.response.messageAction, 'SUPPRESS')

  const wrong = event()
  wrong.request.password = 'nope'
  await assert.rejects(handler(wrong), { message: 'Bad password' })
  const unknown = event()
  unknown.userName = 'nobody@example.com'
  await assert.rejects(handler(unknown), { message: 'Bad password' })
  const broken = event()
  broken.userName = 'bob@example.com'
  await assert.rejects(handler(broken), { name: 'HashbridgeError', kind: 'malformed' })

  const forgot = event()
  forgot.triggerSource = 'UserMigration_ForgotPassword'
  delete forgot.request.password
  const reset = await handler(forgot)
  assert.equal(reset.response.userAttributes.email, 'ada@example.com')
  assert.equal(reset.response.messageAction, 'SUPPRESS')
})
