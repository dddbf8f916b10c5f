'use strict'
// An Express login route with lazy migration against SQLite (better-sqlite3).
//
// The verify runs on the libuv pool (`await migrator.verify`), so a 50 ms argon2id does not
// stall the server's other requests. When the stored hash is legacy, the outcome carries an
// argon2id hash: it replaces the old one in the same transaction that records the login, and
// only if the row still holds the hash that was verified (a concurrent password change wins).
//
//   node examples/express-login.js            # listens on $PORT (default 3000) with a demo user
//   curl -d '{"email":"ada@example.com","password":"hashcat"}' -H 'content-type: application/json' localhost:3000/login

const express = require('express')
const Database = require('better-sqlite3')
const { Migrator, HashbridgeError } = require('hashbridge')

/** Open (and create) the user store: users with their legacy hashes, and a login log. */
function openDatabase(file = ':memory:') {
  const db = new Database(file)
  db.exec(`
    CREATE TABLE IF NOT EXISTS users (
      id INTEGER PRIMARY KEY,
      email TEXT NOT NULL UNIQUE,
      password_hash TEXT NOT NULL,
      -- context some legacy formats keep beside the hash (a salt column, a scheme name)
      password_salt TEXT,
      password_scheme TEXT
    );
    CREATE TABLE IF NOT EXISTS logins (
      user_id INTEGER NOT NULL REFERENCES users(id),
      at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ')),
      upgraded INTEGER NOT NULL
    );`)
  return db
}

/** The login app over `db`. `log` receives credentials that could not be judged. */
function createApp(db, { migrator = new Migrator(), log = console.error } = {}) {
  const findUser = db.prepare('SELECT id, password_hash, password_salt, password_scheme FROM users WHERE email = ?')
  const upgrade = db.prepare('UPDATE users SET password_hash = ?, password_salt = NULL, password_scheme = NULL WHERE id = ? AND password_hash = ?')
  const recordLogin = db.prepare('INSERT INTO logins (user_id, upgraded) VALUES (?, ?)')
  // One transaction: the new hash and the login record are stored together or not at all.
  const completeLogin = db.transaction((user, newHash) => {
    const upgraded = newHash !== null && upgrade.run(newHash, user.id, user.password_hash).changes === 1
    recordLogin.run(user.id, upgraded ? 1 : 0)
    return upgraded
  })

  const app = express()
  app.use(express.json({ limit: '16kb' }))
  app.post('/login', async (req, res, next) => {
    const { email, password } = req.body ?? {}
    if (typeof email !== 'string' || typeof password !== 'string') {
      return res.status(400).json({ error: 'email and password are required' })
    }
    const user = findUser.get(email)
    const credential = user && {
      hash: user.password_hash,
      salt: user.password_salt,
      scheme: user.password_scheme,
    }
    try {
      // An unknown email costs a target-strength verify too (credential null): the response
      // time does not tell which emails have accounts.
      const outcome = await migrator.verifyUser(password, credential ?? null)
      if (!user || !outcome.valid) return res.status(401).json({ error: 'wrong email or password' })
      const upgraded = completeLogin(user, outcome.upgrade)
      return res.json({ ok: true, upgraded })
    } catch (e) {
      if (e instanceof HashbridgeError) {
        // The stored credential cannot be judged (a malformed row, a cost over the limits):
        // a failed login for the user, a data problem for the operator. Never log the password.
        log(`login for user ${user?.id}: ${e.kind}: ${e.message}`)
        return res.status(401).json({ error: 'wrong email or password' })
      }
      return next(e)
    }
  })
  return app
}

module.exports = { openDatabase, createApp }

if (require.main === module) {
  const db = openDatabase(process.env.DB ?? ':memory:')
  // A demo user with an md5-crypt hash from an old Linux directory (password "hashcat").
  db.prepare('INSERT OR IGNORE INTO users (email, password_hash) VALUES (?, ?)')
    .run('ada@example.com', '$1$38652870$DUjsu4TTlTsOe/xxZ05uf/')
  const port = Number(process.env.PORT ?? 3000)
  createApp(db).listen(port, () => console.log(`listening on ${port}`))
}
