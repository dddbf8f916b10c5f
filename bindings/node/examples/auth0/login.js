// An Auth0 custom database connection's Login script, as Auth0 runs it: a bare
// `login(email, password, callback)` with `configuration` (the connection's settings) and the
// error classes as globals.
// https://auth0.com/docs/authenticate/database-connections/custom-db/templates/login
// https://auth0.com/docs/authenticate/database-connections/custom-db/error-handling
//
// It verifies the legacy hash with hashbridge. With automatic migration ("Import Users to
// Auth0") on, Auth0 stores the password under its own hash after this first success; the
// legacy store still gets the argon2id upgrade, so that it stays safe for as long as it is kept.
// The script needs a runtime that loads native modules (Auth0's own sandbox offers only its
// listed npm modules): run it where you host the legacy store, or call the migration service.

function login(email, password, callback) {
  const Database = require('better-sqlite3')
  const { verifyUser, HashbridgeError } = require('hashbridge')

  const db = new Database(configuration.LEGACY_DB, { fileMustExist: true })
  const user = db.prepare('SELECT id, email, name, password_hash FROM users WHERE email = ?').get(email)

  verifyUser(password, user ? user.password_hash : null).then(
    (outcome) => {
      if (!user || !outcome.valid) {
        db.close()
        // A truthy first argument logs the attempt as a wrong password for an existing user
        // (fp); none logs it as an unknown user (fu).
        return callback(new WrongUsernameOrPasswordError(user ? email : undefined, 'wrong email or password'))
      }
      if (outcome.upgrade) {
        db.prepare('UPDATE users SET password_hash = ? WHERE id = ? AND password_hash = ?')
          .run(outcome.upgrade, user.id, user.password_hash)
      }
      db.close()
      return callback(null, {
        user_id: String(user.id), // permanent, so that a migrated user is never duplicated
        email: user.email,
        name: user.name,
      })
    },
    (e) => {
      db.close()
      // A stored hash that cannot be judged: report it, without the password.
      if (e instanceof HashbridgeError) return callback(new Error(`stored hash of ${email}: ${e.kind}`))
      return callback(e)
    },
  )
}
