import { lazyRequire } from '../../lib/lazy-require.ts';

// @node-rs/argon2 defaults to argon2id with OWASP-recommended memory and time costs. A native addon:
// loaded with the first sign-in rather than at start.
const argon2 = lazyRequire<typeof import('@node-rs/argon2')>('@node-rs/argon2');

export const hashPassword = (password: string) => argon2().hash(password);

export async function verifyPassword(passwordHash: string | null, password: string) {
  // Verify against a fixed hash when the user has none, so timing does not reveal which emails exist.
  const target = passwordHash ?? (await dummyHash());
  const ok = await argon2().verify(target, password).catch(() => false);
  return ok && passwordHash !== null;
}

let dummy: Promise<string> | undefined;
const dummyHash = () => {
  dummy ??= argon2().hash('no-such-user-password');
  return dummy;
};
