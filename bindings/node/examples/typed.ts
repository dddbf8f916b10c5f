// The package's declarations at work: `npm run typecheck` (tsc --noEmit) checks this file
// against index.d.ts, which `napi build` generates from the Rust sources. The lines under an
// expect-error directive must stay errors: they show what the types refuse.

import {
  HashbridgeError,
  Migrator,
  hash,
  inspect,
  verify,
  verifyUser,
  type CredentialObject,
  type ErrorKind,
  type MigratorOptions,
  type Outcome,
} from 'hashbridge'

const options: MigratorOptions = {
  target: 'argon2id',
  mCost: 19456,
  tCost: 2,
  limits: { maxMemoryBytes: 1n << 30n, maxWork: 64_000_000 },
  alsoAccept: [{ target: 'bcrypt', bcryptCost: 12 }],
  maxCostFactor: null,
  memoryWaitMs: 5000,
}
const migrator = new Migrator(options)

const salted: CredentialObject = {
  hash: '5bb7456f43e3610363f68ad6de82b8b96f3fc9ad24e9d1f1f8d8bd89638db7c0',
  salt: '12480864321',
  saltEncoding: 'utf8',
  scheme: 'salted_sha256',
  params: { salt_position: 'suffix' },
}

/** What a login route does with an outcome: the new hash to store, or none. */
function toStore(outcome: Outcome): string | null {
  return outcome.valid ? outcome.upgrade : null
}

/** Route an error by its kind; the switch is exhaustive over ErrorKind. */
function route(kind: ErrorKind): 'data' | 'attack' | 'retry' | 'bug' {
  switch (kind) {
    case 'malformed':
    case 'unsupported':
    case 'ambiguous':
    case 'missing_context':
    case 'config':
      return 'data'
    case 'limit':
      return 'attack'
    case 'unavailable':
      return 'retry'
    case 'internal':
      return 'bug'
  }
}

export async function main(): Promise<void> {
  const controller = new AbortController()
  const out: Outcome = await verify('hashcat', '$1$38652870$DUjsu4TTlTsOe/xxZ05uf/', { signal: controller.signal })
  const stored: string | null = toStore(out)
  const viaSalt: boolean = migrator.verifySync(Buffer.from('hashcat'), salted).valid
  const unknown: Outcome = await verifyUser('hashcat', null)
  const fresh: string = await hash(new Uint8Array([104, 105]))
  const params: Record<string, string> = inspect('$1$38652870$DUjsu4TTlTsOe/xxZ05uf/').params
  try {
    await migrator.verify('x', '$1$')
  } catch (e) {
    if (e instanceof HashbridgeError) {
      const where: string = route(e.kind)
      const field: string | undefined = e.field
      void [where, field]
    }
  }
  void [stored, viaSalt, unknown, fresh, params]

  // @ts-expect-error a password is a string or bytes
  await verify(123, '$1$')
  // @ts-expect-error a credential object needs its hash
  await verify('pw', { salt: 'x' })
  // @ts-expect-error params is an object
  await verify('pw', { hash: 'x', params: 'no' })
  // @ts-expect-error no such target
  new Migrator({ target: 'md5' })
  // @ts-expect-error no such limit
  new Migrator({ limits: { maxEverything: 1 } })
  // @ts-expect-error upgrade may be null
  const always: string = out.upgrade
  void always
}
