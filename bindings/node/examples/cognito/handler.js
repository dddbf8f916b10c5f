'use strict'
// An Amazon Cognito "Migrate user" Lambda trigger: on a sign-in (or a forgotten password) of a
// user the pool does not have yet, Cognito calls it with the user name and, at sign-in, the
// password; the function answers with the user's attributes and Cognito creates the user,
// storing the password under its own hash.
// https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-migrate-user.html
// https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-working-with-lambda-triggers.html
//
// The legacy store here is an SQLite file (LEGACY_DB); the verify runs on the libuv pool.

const Database = require('better-sqlite3')
const { verifyUser } = require('hashbridge')

let db
function legacy() {
  db ??= new Database(process.env.LEGACY_DB, { readonly: true, fileMustExist: true })
  return db
}

exports.handler = async (event) => {
  const user = legacy().prepare('SELECT email, name, password_hash FROM users WHERE email = ?').get(event.userName)
  if (event.triggerSource === 'UserMigration_Authentication') {
    // An unknown user costs a verify too, and both answer alike: no account enumeration.
    const outcome = await verifyUser(event.request.password, user ? user.password_hash : null)
    if (!user || !outcome.valid) throw new Error('Bad password')
    event.response.userAttributes = attributes(user)
    event.response.finalUserStatus = 'CONFIRMED'
    event.response.messageAction = 'SUPPRESS'
    return event
  }
  if (event.triggerSource === 'UserMigration_ForgotPassword') {
    if (!user) throw new Error('Bad password')
    event.response.userAttributes = attributes(user)
    event.response.messageAction = 'SUPPRESS'
    return event
  }
  throw new Error(`unexpected trigger ${event.triggerSource}`)
}

function attributes(user) {
  // The legacy system verified these addresses; without email_verified Cognito could not send
  // the reset code of a forgotten password.
  return { email: user.email, email_verified: 'true', name: user.name }
}
