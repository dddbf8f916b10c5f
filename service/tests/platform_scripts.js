// Runs the platform login scripts of service/examples in the sandbox shape their platforms
// give them (Auth0: `configuration`, `WrongUsernameOrPasswordError`, a callback; Authing:
// `env`, thrown errors), against a running service. Usage:
//   node platform_scripts.js BASE_URL SECRET
// Prints one JSON line per case and exits non-zero on the first case that does not hold.
'use strict';
const fs = require('fs');
const path = require('path');
const vm = require('vm');
const assert = require('assert');

const [base, secret] = process.argv.slice(2);
const examples = path.join(__dirname, '..', 'examples');
const users = JSON.parse(fs.readFileSync(path.join(__dirname, 'data', 'platform-users.passwords.json'), 'utf8'));

class WrongUsernameOrPasswordError extends Error {
  constructor(user, message) {
    super(message);
    this.name = 'WrongUsernameOrPasswordError';
    this.user = user;
  }
}

function sandbox(extra) {
  return vm.createContext({ require, Buffer, URL, console, setTimeout, Promise, ...extra });
}

function auth0(url, user, password) {
  const ctx = sandbox({
    configuration: { HASHBRIDGE_URL: url, HASHBRIDGE_SECRET: secret },
    WrongUsernameOrPasswordError,
  });
  vm.runInContext(fs.readFileSync(path.join(examples, 'auth0-login.js'), 'utf8'), ctx);
  return new Promise((resolve) => {
    ctx.login(user, password, (err, profile) => resolve({ err, profile }));
  });
}

async function authing(url, query, password) {
  const ctx = sandbox({ env: { HASHBRIDGE_URL: url, HASHBRIDGE_SECRET: secret } });
  vm.runInContext(fs.readFileSync(path.join(examples, 'authing-login.js'), 'utf8'), ctx);
  try {
    return { profile: await ctx.login(query, password, {}) };
  } catch (err) {
    return { err };
  }
}

function report(name, result) {
  console.log(JSON.stringify({ case: name, error: result.err ? result.err.name + ': ' + result.err.message : null, profile: result.profile || null }));
}

(async () => {
  const down = 'http://127.0.0.1:9'; // discard port: nothing listens
  for (const [user, password] of Object.entries(users)) {
    let r = await auth0(base, user, password);
    report('auth0 valid ' + user, r);
    assert.ifError(r.err);
    assert.strictEqual(r.profile.user_id, user);
    if (user.includes('@')) assert.strictEqual(r.profile.email, user);

    r = await auth0(base, user, 'wrong-' + password);
    report('auth0 wrong ' + user, r);
    assert.ok(r.err instanceof WrongUsernameOrPasswordError, String(r.err));

    const query = user.includes('@') ? { email: user } : { username: user };
    r = await authing(base, query, password);
    report('authing valid ' + user, r);
    assert.ifError(r.err);
    assert.strictEqual(r.profile.id, user);

    r = await authing(base, query, 'wrong-' + password);
    report('authing wrong ' + user, r);
    assert.strictEqual(r.err && r.err.message, 'Password is not valid!');
  }
  let r = await auth0(base, 'nobody@example.com', 'x');
  report('auth0 unknown', r);
  assert.ok(r.err instanceof WrongUsernameOrPasswordError);
  r = await authing(base, { email: 'nobody@example.com' }, 'x');
  report('authing unknown', r);
  assert.strictEqual(r.err.message, 'Password is not valid!');
  r = await authing(base, {}, 'x');
  assert.strictEqual(r.err.message, 'User not exists!');

  r = await auth0(down, 'legacy_login', 'x');
  report('auth0 service down', r);
  assert.ok(r.err && !(r.err instanceof WrongUsernameOrPasswordError) && /unreachable/.test(r.err.message));
  r = await authing(down, { username: 'legacy_login' }, 'x');
  report('authing service down', r);
  assert.ok(/unreachable/.test(r.err.message));
  const badSecret = secret + 'x';
  const ctx = sandbox({ configuration: { HASHBRIDGE_URL: base, HASHBRIDGE_SECRET: badSecret }, WrongUsernameOrPasswordError });
  vm.runInContext(fs.readFileSync(path.join(examples, 'auth0-login.js'), 'utf8'), ctx);
  r = await new Promise((resolve) => ctx.login('legacy_login', 'hunter2', (err, profile) => resolve({ err, profile })));
  report('auth0 wrong secret', r);
  assert.ok(r.err && /401 unauthorized/.test(r.err.message), String(r.err));
  console.log(JSON.stringify({ done: true }));
})().catch((e) => {
  console.error(e && e.stack ? e.stack : e);
  process.exit(1);
});
