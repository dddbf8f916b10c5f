/**
 * Auth0 custom database connection, "Login" script, for automatic (lazy) migration through
 * the hashbridge migration service.
 *
 * Auth0 calls login(userNameOrEmail, password, callback) when a user of the connection who is
 * not yet in Auth0 signs in; with "Import Users to Auth0" on, a user the script accepts is
 * created in Auth0 with that password, and the service counts the account as migrated.
 * Contract (Auth0 docs, "Login script templates" and "Troubleshoot custom databases"):
 * callback(null, profile) on success, with a permanent user_id; callback(new
 * WrongUsernameOrPasswordError(userNameOrEmail, message)) for wrong credentials; callback(new
 * Error(message)) when the store cannot be reached.
 *
 * Connection settings (Auth0 "configuration" object): HASHBRIDGE_URL (https://host:port, no
 * trailing slash) and HASHBRIDGE_SECRET (the service's shared secret).
 *
 * End-user address: Auth0 hands the Login script none. Its documented signature is
 * login(userNameOrEmail, password, callback) (https://auth0.com/docs/authenticate/database-connections/custom-db/templates/login);
 * the connection option enable_script_context injects a context whose fields Auth0 does not
 * document. So no client_ip is sent, and the service throttles per account only: the requests
 * all come from Auth0's servers, whose address is no client's. Auth0's own brute-force
 * protection applies in front of the script.
 *
 * The script is one self-contained function, as the platform's script editor takes it: the
 * HTTP call is written out here rather than shared with the other platform's script.
 */
function login(userNameOrEmail, password, callback) {
  const url = new URL('/v1/verify', configuration.HASHBRIDGE_URL);
  const transport = url.protocol === 'https:' ? require('https') : require('http');
  const body = JSON.stringify({ username: userNameOrEmail, password: password });
  const req = transport.request(
    url,
    {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'Content-Length': Buffer.byteLength(body),
        Authorization: 'Bearer ' + configuration.HASHBRIDGE_SECRET,
      },
      timeout: 10000,
    },
    (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        let answer;
        try {
          answer = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        } catch (e) {
          return callback(new Error('hashbridge: unreadable answer (HTTP ' + res.statusCode + ')'));
        }
        if (res.statusCode === 429) {
          // Throttled after repeated failures: a wrong-credentials answer, so that the
          // attempt is logged as one and the user sees the usual message.
          return callback(new WrongUsernameOrPasswordError(userNameOrEmail, 'too many failed logins'));
        }
        if (res.statusCode !== 200) {
          const kind = answer && answer.error ? answer.error.kind : 'error';
          return callback(new Error('hashbridge: HTTP ' + res.statusCode + ' ' + kind));
        }
        if (!answer.valid) {
          return callback(new WrongUsernameOrPasswordError(userNameOrEmail, 'wrong username or password'));
        }
        // Auth0's normalized profile: a permanent user_id (the source system's id when the
        // export had one), and the fields the export carried.
        const p = answer.profile || {};
        const profile = { user_id: p.id || p.username, username: p.username };
        const fields = { email: 'email', email_verified: 'email_verified', name: 'name',
          given_name: 'given_name', family_name: 'family_name', phone: 'phone_number',
          phone_verified: 'phone_verified' };
        for (const from of Object.keys(fields)) {
          if (p[from] !== undefined && p[from] !== null) {
            profile[fields[from]] = p[from];
          }
        }
        return callback(null, profile);
      });
    }
  );
  req.on('timeout', () => req.destroy(new Error('timeout')));
  req.on('error', (e) => callback(new Error('hashbridge unreachable: ' + e.message)));
  req.end(body);
}
