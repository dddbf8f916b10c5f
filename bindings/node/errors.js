'use strict'

/**
 * The error of a credential that could not be judged, or of a migrator the library refuses.
 * `kind` says why (see index.d.ts); the other properties name what is at fault and are set
 * only where the kind has them. A wrong password is not an error: `verify` resolves with
 * `valid: false`.
 */
class HashbridgeError extends Error {
  constructor(message, kind) {
    super(message)
    this.name = 'HashbridgeError'
    this.kind = kind
  }
}

module.exports = { HashbridgeError }
