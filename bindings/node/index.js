'use strict'

// The package: the native module (native.js, written by `napi build`) and the HashbridgeError
// class it raises, registered once per JavaScript environment (the main thread, each worker).
const native = require('./native.js')
const { HashbridgeError } = require('./errors.js')

native.registerErrorClass(HashbridgeError)

module.exports.HashbridgeError = HashbridgeError
module.exports.Migrator = native.Migrator
module.exports.verify = native.verify
module.exports.verifySync = native.verifySync
module.exports.verifyUser = native.verifyUser
module.exports.verifyUserSync = native.verifyUserSync
module.exports.identify = native.identify
module.exports.inspect = native.inspect
module.exports.needsUpgrade = native.needsUpgrade
module.exports.hash = native.hash
module.exports.hashSync = native.hashSync
module.exports.schemes = native.schemes
module.exports.defaultLimits = native.defaultLimits
module.exports.__napiBindingTarget = native.__napiBindingTarget
