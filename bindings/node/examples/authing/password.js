'use strict'
// An Authing custom password function ("自定义密码加密方法" / "Configure custom password
// function"): Authing calls `encrypt` with the plain password to store a new hash and
// `validate` with the plain password and the stored one, both as query parameters, and reads
// `{ password }` and `{ isValid }` back as JSON.
// https://docs.authing.cn/v2/guides/migrations/custom-password-script/
// https://docs.authing.cn/v2/en/guides/migrations/custom-password-script/
//
// With hashbridge, `validate` accepts every legacy hash the users were imported with and the
// argon2id hashes `encrypt` writes for new passwords; an imported user keeps the legacy hash
// until they set a new password (this interface gives no way to store an upgrade).

const { verify, hash, HashbridgeError } = require('hashbridge')

function json(response, status, body) {
  response.setStatusCode(status)
  response.setHeader('content-type', 'application/json')
  response.send(JSON.stringify(body))
}

module.exports.encrypt = function (request, response, context) {
  const { password } = request.queries
  if (!password) return json(response, 500, { message: 'Please provide password via url query' })
  hash(password).then(
    (stored) => json(response, 200, { password: stored }),
    (e) => json(response, 500, { message: e instanceof HashbridgeError ? e.kind : 'hash failed' }),
  )
}

module.exports.validate = function (request, response, context) {
  const { password, encryptedPassword } = request.queries
  if (!password) return json(response, 500, { message: 'Please provide password via url query' })
  if (!encryptedPassword) return json(response, 200, { isValid: false })
  verify(password, encryptedPassword).then(
    (outcome) => json(response, 200, { isValid: outcome.valid }),
    // A stored hash that cannot be judged is not a valid password; its kind is for the logs.
    (e) => json(response, 200, { isValid: false, ...(e instanceof HashbridgeError && { error: e.kind }) }),
  )
}
