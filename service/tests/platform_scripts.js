// Runs the platform scripts of service/examples in the shape their platforms give them
// (Auth0: `configuration`, `WrongUsernameOrPasswordError`, a callback; Authing: `env`, a
// context, thrown errors; Cognito: a Lambda handler called with the migrate-user event of the
// AWS developer guide, bindings/node/test/fixtures/cognito-migrate-user.json), against a
// running service whose per-client limit is 3 failures. Usage:
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

async function authing(url, query, password, context = {}) {
  const ctx = sandbox({ env: { HASHBRIDGE_URL: url, HASHBRIDGE_SECRET: secret } });
  vm.runInContext(fs.readFileSync(path.join(examples, 'authing-login.js'), 'utf8'), ctx);
  try {
    return { profile: await ctx.login(query, password, context) };
  } catch (err) {
    return { err };
  }
}

// The Lambda module, loaded once as Lambda loads it; its settings are read at each call.
const cognitoHandler = require(path.join(examples, 'cognito-migrate-user.js')).handler;
const cognitoEvent = JSON.parse(fs.readFileSync(
  path.join(__dirname, '..', '..', 'bindings', 'node', 'test', 'fixtures', 'cognito-migrate-user.json'), 'utf8'));

/** Cognito's event of the fixture for `userName` (and `password`, at sign-in). */
function cognitoEventFor(triggerSource, userName, password) {
  const event = JSON.parse(JSON.stringify(cognitoEvent));
  event.triggerSource = triggerSource;
  event.userName = userName;
  if (password === undefined) {
    delete event.request.password; // "It is not set in the forgot-password flow."
  } else {
    event.request.password = password;
  }
  return event;
}

async function cognito(url, event, secretUsed = secret) {
  process.env.HASHBRIDGE_URL = url;
  process.env.HASHBRIDGE_SECRET = secretUsed;
  try {
    return { profile: await cognitoHandler(event) };
  } catch (err) {
    return { err };
  }
}

async function verifyStatus(body) {
  const r = await fetch(base + '/v1/verify', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: 'Bearer ' + secret },
    body: JSON.stringify(body),
  });
  return r.status;
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

    // Cognito, at sign-in: the documented response fields.
    r = await cognito(base, cognitoEventFor('UserMigration_Authentication', user, password));
    report('cognito sign-in ' + user, r);
    assert.ifError(r.err);
    const response = r.profile.response;
    assert.strictEqual(response.finalUserStatus, 'CONFIRMED');
    assert.strictEqual(response.messageAction, 'SUPPRESS');
    assert.strictEqual(r.profile.userName, user);
    assert.strictEqual(r.profile.triggerSource, 'UserMigration_Authentication');
    assert.ok(response.userAttributes && typeof response.userAttributes === 'object');
    for (const v of Object.values(response.userAttributes)) assert.strictEqual(typeof v, 'string');
    if (user.includes('@')) assert.strictEqual(response.userAttributes.email, user);

    r = await cognito(base, cognitoEventFor('UserMigration_Authentication', user, 'wrong-' + password));
    report('cognito wrong ' + user, r);
    assert.strictEqual(r.err && r.err.message, 'Bad password');
  }
  // The loop made 9 failed logins from this one machine, over the per-client limit: none
  // reported an end-user address, so none counted against a client.
  let r;

  // Cognito's forgot-password flow: an account whose export marked its address verified gets
  // its attributes (Cognito mails it the reset code); one without is refused, as is an
  // unknown user.
  r = await cognito(base, cognitoEventFor('UserMigration_ForgotPassword', 'isaac.brock@example.com'));
  report('cognito forgot password', r);
  assert.ifError(r.err);
  assert.deepStrictEqual(r.profile.response.userAttributes, {
    email: 'isaac.brock@example.com', email_verified: 'true', name: 'Isaac Brock',
  });
  assert.strictEqual(r.profile.response.messageAction, 'SUPPRESS');
  r = await cognito(base, cognitoEventFor('UserMigration_ForgotPassword', 'platform.user@example.com'));
  report('cognito forgot password, no verified address', r);
  assert.ok(r.err && /verified/.test(r.err.message), String(r.err));
  r = await cognito(base, cognitoEventFor('UserMigration_ForgotPassword', 'nobody@example.com'));
  report('cognito forgot password, unknown', r);
  assert.strictEqual(r.err && r.err.message, 'Bad password');
  r = await cognito(base, cognitoEventFor('UserMigration_Authentication', 'nobody@example.com', 'x'));
  report('cognito unknown', r);
  assert.strictEqual(r.err && r.err.message, 'Bad password');
  const other = cognitoEventFor('UserMigration_Authentication', 'legacy_login', 'hunter2');
  other.triggerSource = 'PreSignUp_SignUp';
  r = await cognito(base, other);
  assert.ok(r.err && /Bad triggerSource/.test(r.err.message), String(r.err));

  // Authing reports the end user's address (context.request.ip): three failures from one
  // address block it, and only it.
  const from = (ip) => ({ request: { ip } });
  for (let i = 0; i < 3; i++) {
    r = await authing(base, { email: 'guesser' + i + '@example.com' }, 'x', from('203.0.113.9'));
    assert.strictEqual(r.err && r.err.message, 'Password is not valid!');
  }
  r = await authing(base, { username: 'legacy_login' }, 'hunter2', from('203.0.113.9'));
  report('authing throttled address', r);
  assert.strictEqual(r.err && r.err.message, 'Password is not valid!');
  assert.strictEqual(await verifyStatus({ username: 'legacy_login', password: 'hunter2', client_ip: '203.0.113.9' }), 429);
  r = await authing(base, { username: 'legacy_login' }, 'hunter2', from('198.51.100.2'));
  report('authing other address', r);
  assert.ifError(r.err);
  r = await authing(base, { username: 'legacy_login' }, 'hunter2');
  assert.ifError(r.err);
  r = await auth0(base, 'nobody@example.com', 'x');
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
  r = await cognito(down, cognitoEventFor('UserMigration_Authentication', 'legacy_login', 'hunter2'));
  report('cognito service down', r);
  assert.ok(r.err && /unreachable/.test(r.err.message), String(r.err));
  r = await cognito(base, cognitoEventFor('UserMigration_Authentication', 'legacy_login', 'hunter2'), secret + 'x');
  report('cognito wrong secret', r);
  assert.ok(r.err && /401 unauthorized/.test(r.err.message), String(r.err));
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
