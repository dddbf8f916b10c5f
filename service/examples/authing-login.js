/**
 * Authing custom database, "Login" script (lazy migration mode), calling the hashbridge
 * migration service.
 *
 * Authing runs login(query, password, context) when a user not yet in its user pool signs in;
 * query holds email, username or phone, whichever the user signed in with. Contract (Authing
 * docs, custom database function template "Login"): return the user profile when the
 * password is right; throw new Error('User not exists!') or new Error('Password is not
 * valid!') otherwise, and throw new Error(message) when the store cannot be reached. The
 * service answers an unknown user and a wrong password alike, so both are reported as
 * 'Password is not valid!'.
 *
 * Environment variables of the connection (Authing's env object): HASHBRIDGE_URL and
 * HASHBRIDGE_SECRET.
 *
 * End-user address: Authing documents context.request.ip, "the IP of the client", among the
 * login function's context (custom database script template, Login,
 * https://docs.authing.cn/v2/en/guides/database-connection/configuration/). It is sent as
 * client_ip, so the service's per-client throttle counts the user's failures, not those of
 * Authing's servers, which call for everyone.
 *
 * The script is one self-contained function, as the platform's script editor takes it: the
 * HTTP call is written out here rather than shared with the other platform's script.
 */
async function login(query, password, context) {
  const name = query.email || query.username || query.phone;
  if (!name) {
    throw new Error('User not exists!');
  }
  const url = new URL('/v1/verify', env.HASHBRIDGE_URL);
  const transport = url.protocol === 'https:' ? require('https') : require('http');
  const request = { username: name, password: password };
  const ip = context && context.request && context.request.ip;
  if (typeof ip === 'string' && /^[0-9A-Fa-f:.]+$/.test(ip)) {
    request.client_ip = ip;
  }
  const body = JSON.stringify(request);
  const { status, answer } = await new Promise((resolve, reject) => {
    const req = transport.request(
      url,
      {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'Content-Length': Buffer.byteLength(body),
          Authorization: 'Bearer ' + env.HASHBRIDGE_SECRET,
        },
        timeout: 10000,
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
    req.end(body);
  });
  if (status === 429) {
    throw new Error('Password is not valid!');
  }
  if (status !== 200) {
    throw new Error('hashbridge: HTTP ' + status + ' ' + (answer.error ? answer.error.kind : 'error'));
  }
  if (!answer.valid) {
    throw new Error('Password is not valid!');
  }
  // Authing's user profile: the source system's id when the export had one, and the fields
  // the export carried.
  const p = answer.profile || {};
  const profile = { id: p.id || p.username, username: p.username };
  const fields = { email: 'email', email_verified: 'emailVerified', name: 'name',
    given_name: 'givenName', family_name: 'familyName', phone: 'phone',
    phone_verified: 'phoneVerified' };
  for (const from of Object.keys(fields)) {
    if (p[from] !== undefined && p[from] !== null) {
      profile[fields[from]] = p[from];
    }
  }
  return profile;
}
