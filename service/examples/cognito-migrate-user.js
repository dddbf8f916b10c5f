/**
 * Amazon Cognito "Migrate user" Lambda trigger backed by the hashbridge migration service.
 *
 * Cognito invokes the function when a user who is not in the user pool signs in with a
 * password (triggerSource UserMigration_Authentication) or starts the forgot-password flow
 * (UserMigration_ForgotPassword). The function returns the event with the user's attributes
 * filled in, and Cognito creates the user: at sign-in with the password just typed, which it
 * stores under its own hash. Contract (Amazon Cognito Developer Guide, "Migrate user Lambda
 * trigger", https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-migrate-user.html):
 * response.userAttributes is required; finalUserStatus "CONFIRMED" lets the user sign in with
 * the old password at once; messageAction "SUPPRESS" keeps Cognito from sending a welcome
 * message; an error thrown (the guide's example returns "Bad password") refuses the migration,
 * and Cognito fails the sign-in without creating anybody.
 *
 * - Sign-in: POST /v1/verify. A right password marks the account migrated in the service.
 *   A wrong password, an unknown user, a locked account and a throttled login all throw
 *   "Bad password", so the answer does not tell them apart.
 * - Forgot password: POST /v1/lookup (no password is sent). Cognito mails or texts the reset
 *   code to a verified address only, so the user is refused unless the export marked the
 *   e-mail address or the phone number verified; such users migrate by signing in. The
 *   account stays "legacy" in the service until a password is verified for it.
 *
 * End-user address: the trigger's event carries none (the common parameters version,
 * triggerSource, region, userPoolId, userName, callerContext, and request.password,
 * validationData, clientMetadata), so no client_ip is sent and the service applies its
 * per-account throttle only; Cognito's own protections apply in front of it.
 *
 * Settings (the function's environment variables): HASHBRIDGE_URL (https://host:port) and
 * HASHBRIDGE_SECRET. The app client must allow USER_PASSWORD_AUTH or ADMIN_USER_PASSWORD_AUTH:
 * with SRP Cognito never sees the password and cannot pass it on.
 */
'use strict';

const TIMEOUT_MS = 4000;

/** POST `body` to the service's `path`; resolves to { status, answer }. */
function call(path, body) {
  const url = new URL(path, process.env.HASHBRIDGE_URL);
  const transport = url.protocol === 'https:' ? require('https') : require('http');
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = transport.request(
      url,
      {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'Content-Length': Buffer.byteLength(payload),
          Authorization: 'Bearer ' + process.env.HASHBRIDGE_SECRET,
        },
        timeout: TIMEOUT_MS,
      },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          try {
            resolve({ status: res.statusCode, answer: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
          } catch (e) {
            reject(new Error('hashbridge: unreadable answer (HTTP ' + res.statusCode + ')'));
          }
        });
      }
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (e) => reject(new Error('hashbridge unreachable: ' + e.message)));
    req.end(payload);
  });
}

/** An answer that is neither a verdict nor a throttled login: the service could not judge. */
function failure(status, answer) {
  const kind = answer && answer.error ? answer.error.kind : 'error';
  return new Error('hashbridge: HTTP ' + status + ' ' + kind);
}

/**
 * Cognito user attributes from the service's profile: string values only, the standard
 * attribute names, a phone number only in the E.164 form Cognito requires.
 */
function attributes(p) {
  const out = {};
  if (p.email) {
    out.email = String(p.email);
    out.email_verified = p.email_verified === true ? 'true' : 'false';
  }
  if (typeof p.phone === 'string' && /^\+[1-9][0-9]{1,14}$/.test(p.phone)) {
    out.phone_number = p.phone;
    out.phone_number_verified = p.phone_verified === true ? 'true' : 'false';
  }
  for (const name of ['name', 'given_name', 'family_name']) {
    if (typeof p[name] === 'string' && p[name] !== '') {
      out[name] = p[name];
    }
  }
  return out;
}

exports.handler = async (event) => {
  if (event.triggerSource === 'UserMigration_Authentication') {
    const { status, answer } = await call('/v1/verify', {
      username: event.userName,
      password: event.request.password,
    });
    if (status === 429 || (status === 200 && !answer.valid)) {
      throw new Error('Bad password');
    }
    if (status !== 200) {
      throw failure(status, answer);
    }
    event.response.userAttributes = attributes(answer.profile || {});
    event.response.finalUserStatus = 'CONFIRMED';
    event.response.messageAction = 'SUPPRESS';
    return event;
  }
  if (event.triggerSource === 'UserMigration_ForgotPassword') {
    const { status, answer } = await call('/v1/lookup', { username: event.userName });
    if (status !== 200) {
      throw failure(status, answer);
    }
    if (!answer.found) {
      throw new Error('Bad password');
    }
    const attrs = attributes(answer.profile || {});
    if (attrs.email_verified !== 'true' && attrs.phone_number_verified !== 'true') {
      // Cognito could not deliver the reset code; the user can still sign in with the old
      // password and migrate then.
      throw new Error('No verified e-mail address or phone number for the reset code');
    }
    event.response.userAttributes = attrs;
    event.response.messageAction = 'SUPPRESS';
    return event;
  }
  throw new Error('Bad triggerSource ' + event.triggerSource);
};
