#!/usr/bin/env bash
# Re-runnable generator for password-export fixtures made by REAL producer tools.
# Debian 12 (bookworm), run as root. Never touches the host's /etc/passwd or /etc/shadow:
# shadow-utils are pointed at a throwaway root with --prefix / --root.
#
# Usage: bash tests/data/exports/make.sh [shadow|htpasswd|ldif|django|verify ...]   (default: all)
# Output is not byte-reproducible (random salts, dates), but every run gives files of the
# same shape; the *.passwords.json sidecars always hold the plaintexts fed to the tools.
set -euo pipefail

F=$(cd "$(dirname "$0")" && pwd)
SYSPY=/usr/bin/python3          # Debian's python3 (3.11.2), used for small helpers
VENV=$F/venv
export LC_ALL=C.UTF-8 LANG=C.UTF-8

# ---- shared passwords (mixed kinds) -------------------------------------------------
PW_SPACES='correct horse battery staple'
PW_ASCII='hunter2'
PW_UTF8='pässwörd'                                   # non-ASCII UTF-8 (10 bytes)
PW_LONG='ThisIsAVeryLongPassphraseUsedToCheckBcrypt72ByteTruncation-0123456789-abcdefghijklmnop'  # 88 bytes
PW_SYM='P@ssw0rd!'
PW_DES='Tr0ub4dor&3'                                 # 11 chars; DES crypt only uses the first 8

# write_sidecar FILE user1 pw1 [user2 pw2 ...]  -> FILE.passwords.json (UTF-8, not \u-escaped)
write_sidecar() {
  local out="$1.passwords.json"; shift
  "$SYSPY" - "$out" "$@" <<'PY'
import json, sys
out, rest = sys.argv[1], sys.argv[2:]
d = dict(zip(rest[0::2], rest[1::2]))
with open(out, "w", encoding="utf-8") as f:
    json.dump(d, f, ensure_ascii=False, indent=2); f.write("\n")
PY
}

install_packages() {
  local need=()
  for p in passwd whois apache2-utils slapd ldap-utils python3-venv; do
    dpkg -s "$p" >/dev/null 2>&1 || need+=("$p")
  done
  if ((${#need[@]})); then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}"
  fi
}

# ---- 1. shadow-utils into a throwaway root --------------------------------------------
make_shadow() {
  local S=$F/shadow R=$F/shadow/.root
  rm -rf "$S"; mkdir -p "$R/etc/default"
  local before; before=$(sha256sum /etc/passwd /etc/shadow)
  # Debian's base-passwd master files (system accounts, password field '*'), trimmed
  grep -E '^(root|daemon|bin|nobody):' /usr/share/base-passwd/passwd.master > "$R/etc/passwd"
  grep -E '^(root|daemon|bin|users|nogroup):' /usr/share/base-passwd/group.master > "$R/etc/group"
  cp /etc/login.defs "$R/etc/login.defs"
  cp /etc/default/useradd "$R/etc/default/useradd"
  install -m 640 /dev/null "$R/etc/shadow"
  install -m 640 /dev/null "$R/etc/gshadow"
  pwconv -R "$R"                      # moves '*' into shadow, puts 'x' in passwd
  grpconv -R "$R"

  # system accounts: useradd -r leaves '!'; '!!' (RHEL style) and '!*' set verbatim via usermod -p
  useradd -P "$R" -r -M -d /nonexistent -s /usr/sbin/nologin -c 'system, never had a password' svcbang
  useradd -P "$R" -r -M -d /nonexistent -s /usr/sbin/nologin -c 'system, RHEL style !!' svcdbl
  usermod -P "$R" -p '!!' svcdbl
  useradd -P "$R" -r -M -d /nonexistent -s /usr/sbin/nologin -c 'system, !*' svcstar
  usermod -P "$R" -p '!*' svcstar

  for u in alice bob carol dave erin frank grace heidi; do
    useradd -P "$R" -M -s /bin/bash -c "Fixture user $u" "$u"
  done
  printf 'alice:%s\n' "$PW_SPACES" | chpasswd -R "$R" -c SHA512
  printf 'bob:%s\n'   "$PW_ASCII"  | chpasswd -R "$R" -c SHA256 -s 10000   # rounds=10000$
  printf 'carol:%s\n' "$PW_UTF8"   | chpasswd -R "$R" -c MD5
  printf 'dave:%s\n'  "$PW_DES"    | chpasswd -R "$R" -c DES                # truncated to 8
  printf 'erin:%s\n'  "$PW_SYM"    | chpasswd -R "$R" -c YESCRYPT
  printf 'frank:%s\n' 'locked but known' | chpasswd -R "$R" -c SHA512
  usermod -P "$R" -L frank                                                  # '!$6$...'
  printf 'grace:%s\n' 'will be deleted' | chpasswd -R "$R" -c SHA512
  passwd -R "$R" -d grace                                                   # empty field
  # this chpasswd has no BCRYPT method: bcrypt via libxcrypt's mkpasswd (whois pkg), set with usermod -p
  local bc; bc=$(printf '%s' "$PW_LONG" | mkpasswd -m bcrypt -R 5 -s)
  usermod -P "$R" -p "$bc" heidi

  cp "$R/etc/shadow" "$S/shadow"; cp "$R/etc/passwd" "$S/passwd"
  chmod 644 "$S/shadow" "$S/passwd"
  rm -rf "$R"
  [[ "$before" == "$(sha256sum /etc/passwd /etc/shadow)" ]] || { echo "HOST /etc CHANGED!" >&2; exit 1; }
  write_sidecar "$S/shadow" alice "$PW_SPACES" bob "$PW_ASCII" carol "$PW_UTF8" dave "$PW_DES" \
    erin "$PW_SYM" frank 'locked but known' heidi "$PW_LONG"
}

# ---- 2. htpasswd / htdigest (apache2-utils) -------------------------------------------
make_htpasswd() {
  local H=$F/htpasswd
  rm -rf "$H"; mkdir -p "$H"
  htpasswd -c -b -B -C 5 "$H/htpasswd" alice "$PW_LONG"      # bcrypt $2y$05$, 88-byte pw
  htpasswd    -b -B -C 5 "$H/htpasswd" bob   "$PW_SPACES"    # bcrypt $2y$05$
  htpasswd    -b -m      "$H/htpasswd" carol "$PW_UTF8"      # $apr1$
  htpasswd    -b -m      "$H/htpasswd" dan   "$PW_ASCII"     # $apr1$
  htpasswd    -b -s      "$H/htpasswd" erin  "$PW_SYM"       # {SHA}
  htpasswd    -b -s      "$H/htpasswd" fay   "$PW_UTF8"      # {SHA}
  htpasswd    -b -d      "$H/htpasswd" gus   "$PW_DES"       # crypt(3) DES, first 8 chars only
  htpasswd    -b -p      "$H/htpasswd" hal   'plain text pw' # plaintext
  htpasswd    -b -2      "$H/htpasswd" ivy   "$PW_SPACES"    # $5$ (sha256-crypt)
  htpasswd    -b -5      "$H/htpasswd" joe   "$PW_UTF8"      # $6$ (sha512-crypt)
  write_sidecar "$H/htpasswd" alice "$PW_LONG" bob "$PW_SPACES" carol "$PW_UTF8" dan "$PW_ASCII" \
    erin "$PW_SYM" fay "$PW_UTF8" gus "$PW_DES" hal 'plain text pw' ivy "$PW_SPACES" joe "$PW_UTF8"

  # htdigest only reads from the terminal: drive it through a pty (exact UTF-8 bytes)
  rm -f "$H/htdigest"
  local first=1 u pw
  while IFS=$'\t' read -r u pw; do
    "$SYSPY" - "$H/htdigest" example.com "$u" "$pw" "$first" <<'PY'
import os, pty, sys, time
path, realm, user, pw, first = sys.argv[1:]
argv = ["htdigest"] + (["-c"] if first == "1" else []) + [path, realm, user]
pid, fd = pty.fork()
if pid == 0:
    os.execvp("htdigest", argv)
buf = b""
def expect(token):
    global buf
    while token not in buf:
        chunk = os.read(fd, 1024)
        if not chunk: raise SystemExit("htdigest ended early: %r" % buf)
        buf += chunk
    buf = buf.split(token, 1)[1]
expect(b"password:"); os.write(fd, pw.encode() + b"\n")
expect(b"password:"); os.write(fd, pw.encode() + b"\n")
try:
    while os.read(fd, 1024): pass
except OSError:
    pass
_, st = os.waitpid(pid, 0)
sys.exit(os.waitstatus_to_exitcode(st))
PY
    first=0
  done <<EOF
alice	$PW_SPACES
bob	$PW_ASCII
carol	$PW_UTF8
dave	$PW_LONG
erin	$PW_SYM
EOF
  write_sidecar "$H/htdigest" alice "$PW_SPACES" bob "$PW_ASCII" carol "$PW_UTF8" dave "$PW_LONG" erin "$PW_SYM"
}

# ---- 3. OpenLDAP: slappasswd -> slapadd (offline mdb) -> slapcat ----------------------
make_ldif() {
  local L=$F/ldap O=$F/ldif
  rm -rf "$L" "$O"; mkdir -p "$L/db" "$O"
  local MP=(-o module-path=/usr/lib/ldap)
  local h_ssha h_smd5 h_md5 h_sha h_c6 h_c1 h_two1 h_two2 h_long h_ssha512 h_argon2 h_pbkdf2
  h_ssha=$(slappasswd -h '{SSHA}' -s "$PW_SPACES")
  h_smd5=$(slappasswd -h '{SMD5}' -s "$PW_ASCII")
  h_md5=$(slappasswd  -h '{MD5}'  -s "$PW_UTF8")
  h_sha=$(slappasswd  -h '{SHA}'  -s "$PW_SYM")
  h_c6=$(slappasswd   -h '{CRYPT}' -c '$6$%.16s' -s "$PW_LONG")
  h_c1=$(slappasswd   -h '{CRYPT}' -c '$1$%.8s'  -s 'letmein')
  h_two1=$(slappasswd -h '{SSHA}' -s 'two values one pw')
  h_two2=$(slappasswd -h '{CRYPT}' -c '$6$%.16s' -s 'two values one pw')
  h_long=$(slappasswd -h '{SSHA}' -s "$PW_UTF8")
  # extra schemes from Debian's contrib modules
  h_ssha512=$(slappasswd "${MP[@]}" -o module-load=pw-sha2.so  -h '{SSHA512}' -s "$PW_ASCII")
  h_argon2=$(slappasswd  "${MP[@]}" -o module-load=argon2.so   -h '{ARGON2}'  -s "$PW_SPACES")
  h_pbkdf2=$(slappasswd  "${MP[@]}" -o module-load=pw-pbkdf2.so -h '{PBKDF2-SHA256}' -s "$PW_SYM")

  cat > "$L/slapd.conf" <<EOF
include /etc/ldap/schema/core.schema
include /etc/ldap/schema/cosine.schema
include /etc/ldap/schema/inetorgperson.schema
modulepath /usr/lib/ldap
moduleload back_mdb.so
pidfile  $L/slapd.pid
database mdb
suffix   "dc=example,dc=com"
rootdn   "cn=admin,dc=example,dc=com"
directory $L/db
maxsize  10485760
EOF

  local P='ou=people,dc=example,dc=com' LONGOU='ou=research-and-development-department-for-long-names'
  user() { # uid cn sn [userPassword...]
    local uid=$1 cn=$2 sn=$3 dn=${DN:-uid=$1,$P}; shift 3
    printf 'dn: %s\nobjectClass: inetOrgPerson\nuid: %s\ncn: %s\nsn: %s\n' "$dn" "$uid" "$cn" "$sn"
    for p in "$@"; do printf 'userPassword: %s\n' "$p"; done
    printf '\n'
  }
  {
    printf 'dn: dc=example,dc=com\nobjectClass: dcObject\nobjectClass: organization\ndc: example\no: Example Inc.\n\n'
    printf 'dn: %s\nobjectClass: organizationalUnit\nou: people\n\n' "$P"
    printf 'dn: %s,%s\nobjectClass: organizationalUnit\nou: research-and-development-department-for-long-names\n\n' "$LONGOU" "$P"
    user ssha      'Sam Salted'      Salted  "$h_ssha"
    user smd5      'Sally Smd5'      Smd5    "$h_smd5"
    user md5       'Jürgen Müller'   Müller  "$h_md5"      # non-ASCII cn -> base64 in slapcat
    user sha       'Shane Sha'       Sha     "$h_sha"
    user crypt6    'Crystal Crypt'   Crypt   "$h_c6"
    user crypt1    'Cromwell Md5'    Crypt   "$h_c1"
    user plain     'Penny Plain'     Plain   'plain text secret'
    user twovalues 'Tom Two'         Two     "$h_two1" "$h_two2"
    DN="uid=maximilian.alexander.von.langenname-mustermann,$LONGOU,$P" \
      user maximilian.alexander.von.langenname-mustermann 'Maximilian Alexander von Langenname-Mustermann' \
        'von Langenname-Mustermann' "$h_long"
    user ssha512   'Sid Sha512'      Sha512  "$h_ssha512"
    user argon2    'Ari Argon'       Argon   "$h_argon2"
    user pbkdf2    'Pam Pbkdf2'      Pbkdf2  "$h_pbkdf2"
    user nopass    'Nora Nopassword' Nopassword
  } > "$O/slapadd-input.ldif"

  slaptest -f "$L/slapd.conf" -u >/dev/null
  slapadd  -f "$L/slapd.conf" -l "$O/slapadd-input.ldif"
  slapcat  -f "$L/slapd.conf" -l "$O/slapcat.ldif"
  rm -rf "$L"                                # throwaway db + config; no daemon was started
  local side=(ssha "$PW_SPACES" smd5 "$PW_ASCII" md5 "$PW_UTF8" sha "$PW_SYM" crypt6 "$PW_LONG"
    crypt1 letmein plain 'plain text secret' twovalues 'two values one pw'
    maximilian.alexander.von.langenname-mustermann "$PW_UTF8"
    ssha512 "$PW_ASCII" argon2 "$PW_SPACES" pbkdf2 "$PW_SYM")
  write_sidecar "$O/slapcat.ldif" "${side[@]}"
  write_sidecar "$O/slapadd-input.ldif" "${side[@]}"
}

# ---- 4. Django dumpdata -------------------------------------------------------------
make_django() {
  local D=$F/django
  [[ -x $VENV/bin/python ]] || "$SYSPY" -m venv "$VENV"
  "$VENV/bin/pip" install -q django argon2-cffi bcrypt
  rm -rf "$D"; mkdir -p "$D/fixturesite"
  : > "$D/fixturesite/__init__.py"
  cat > "$D/fixturesite/settings.py" <<'EOF'
from pathlib import Path
BASE_DIR = Path(__file__).resolve().parent.parent
SECRET_KEY = "fixture-only-not-secret"
DEBUG = False
ALLOWED_HOSTS = []
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": BASE_DIR / "db.sqlite3"}}
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.BCryptSHA256PasswordHasher",
    "django.contrib.auth.hashers.BCryptPasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
    "django.contrib.auth.hashers.MD5PasswordHasher",
]
USE_TZ = True
TIME_ZONE = "UTC"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
EOF
  cat > "$D/manage.py" <<'EOF'
#!/usr/bin/env python
import os, sys
if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fixturesite.settings")
    from django.core.management import execute_from_command_line
    execute_from_command_line(sys.argv)
EOF
  cd "$D"
  "$VENV/bin/python" manage.py migrate -v 0
  PW_SPACES="$PW_SPACES" PW_ASCII="$PW_ASCII" PW_UTF8="$PW_UTF8" PW_LONG="$PW_LONG" PW_SYM="$PW_SYM" \
  "$VENV/bin/python" manage.py shell -c '
import os, json
from django.contrib.auth.models import User, Group, Permission
from django.contrib.auth.hashers import make_password
E = os.environ
spec = [  # username, hasher algorithm name, password
    ("pbkdf2_user",       "pbkdf2_sha256",  E["PW_SPACES"]),
    ("pbkdf2sha1_user",   "pbkdf2_sha1",    E["PW_ASCII"]),
    ("argon2_user",       "argon2",         E["PW_UTF8"]),
    ("bcryptsha256_user", "bcrypt_sha256",  E["PW_LONG"]),
    ("bcrypt_user",       "bcrypt",         E["PW_SYM"]),
    ("scrypt_user",       "scrypt",         "scrypt with spaces"),
    ("md5_user",          "md5",            "letmein"),
]
pw = {}
for name, algo, p in spec:
    u = User(username=name, email=name + "@example.com", first_name=name.split("_")[0].title())
    u.password = make_password(p, hasher=algo)
    u.save(); pw[name] = p
u = User(username="unusable_user", email="unusable@example.com"); u.set_unusable_password(); u.save()
admin = User.objects.create_superuser("admin", "admin@example.com", "Admin pässwort 1")   # default hasher
pw["admin"] = "Admin pässwort 1"
g = Group.objects.create(name="editors")
g.permissions.add(*Permission.objects.filter(codename__in=["add_user", "change_user"]))
User.objects.get(username="argon2_user").groups.add(g)
User.objects.get(username="md5_user").user_permissions.add(Permission.objects.get(codename="view_group"))
json.dump(pw, open("/tmp/django_pw.json", "w"), ensure_ascii=False)
'
  "$VENV/bin/python" manage.py dumpdata auth.user --indent 2 > users.json
  "$VENV/bin/python" manage.py dumpdata auth.user --format jsonl > users.jsonl
  "$VENV/bin/python" manage.py dumpdata --indent 2 > full.json
  local args=(); while IFS=$'\t' read -r k v; do args+=("$k" "$v"); done < <(
    "$SYSPY" -c 'import json; [print(k+"\t"+v) for k,v in json.load(open("/tmp/django_pw.json")).items()]')
  rm -f /tmp/django_pw.json
  for f in users.json users.jsonl full.json; do write_sidecar "$D/$f" "${args[@]}"; done
  rm -rf "$D/fixturesite/__pycache__"
  cd "$F"
}

# ---- verification: every sidecar password must verify against its hash ----------------
verify() { "$VENV/bin/python" "$F/verify.py"; }

main() {
  mkdir -p "$F"; cd "$F"
  local steps=("$@"); ((${#steps[@]})) || steps=(shadow htpasswd ldif django verify)
  install_packages
  for s in "${steps[@]}"; do
    case $s in
      shadow) make_shadow ;; htpasswd) make_htpasswd ;; ldif) make_ldif ;;
      django) make_django ;; verify) verify ;; *) echo "unknown step $s" >&2; exit 2 ;;
    esac
  done
}
main "$@"
