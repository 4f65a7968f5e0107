import { exportJWK, generateKeyPair, importJWK, type JWK } from "jose";

/** Signature algorithms this server signs with. */
export type SigningAlg = "ES256" | "RS256";

/** One signing key pair with its published JWK. */
export interface SigningKey {
  readonly kid: string;
  readonly alg: SigningAlg;
  readonly privateJwk: JWK;
  readonly publicJwk: JWK;
  readonly privateKey: CryptoKey;
  readonly publicKey: CryptoKey;
}

/** Serialised key ring (includes private keys). */
export interface KeyRingState {
  generation: number;
  current: { ES256: string; RS256: string };
  keys: { kid: string; alg: SigningAlg; private_jwk: JWK }[];
}

function kidFor(alg: SigningAlg, generation: number): string {
  return alg === "ES256" ? `zeroid-key-${generation}` : `v${generation}`;
}

async function generate(alg: SigningAlg, kid: string): Promise<SigningKey> {
  const pair = await generateKeyPair(alg, {
    extractable: true,
    ...(alg === "RS256" ? { modulusLength: 2048 } : {}),
  });
  const privateJwk = await exportJWK(pair.privateKey);
  return fromPrivateJwk(alg, kid, privateJwk);
}

async function fromPrivateJwk(alg: SigningAlg, kid: string, privateJwk: JWK): Promise<SigningKey> {
  const priv = { ...privateJwk };
  const pub: JWK =
    priv.kty === "EC"
      ? { kty: "EC", crv: priv.crv, x: priv.x, y: priv.y }
      : { kty: "RSA", n: priv.n, e: priv.e };
  const publicJwk: JWK = { ...pub, kid, alg, use: "sig" };
  const privateKey = (await importJWK({ ...priv, alg }, alg, { extractable: true })) as CryptoKey;
  const publicKey = (await importJWK({ ...pub, alg }, alg)) as CryptoKey;
  return { kid, alg, privateJwk: priv, publicJwk, privateKey, publicKey };
}

/**
 * The server's signing keys: one current EC P-256 (ES256) and one current RSA (RS256) key, plus any rotated-out
 * keys still published until retired.
 */
export class KeyRing {
  private constructor(
    private keys: SigningKey[],
    private current: { ES256: string; RS256: string },
    private generation: number,
  ) {}

  /** Generates the first generation (`zeroid-key-1`, `v1`) or restores a serialised ring. */
  static async create(state?: KeyRingState): Promise<KeyRing> {
    if (state && Array.isArray(state.keys) && state.keys.length > 0) {
      const keys = await Promise.all(state.keys.map((k) => fromPrivateJwk(k.alg, k.kid, k.private_jwk)));
      return new KeyRing(keys, { ...state.current }, state.generation);
    }
    const keys = await Promise.all([
      generate("ES256", kidFor("ES256", 1)),
      generate("RS256", kidFor("RS256", 1)),
    ]);
    return new KeyRing(keys, { ES256: kidFor("ES256", 1), RS256: kidFor("RS256", 1) }, 1);
  }

  /** The current key for an algorithm. */
  signingKey(alg: SigningAlg): SigningKey {
    const key = this.keys.find((k) => k.kid === this.current[alg]);
    if (!key) throw new Error(`no current ${alg} key`);
    return key;
  }

  /** A published key by kid. */
  find(kid: string): SigningKey | undefined {
    return this.keys.find((k) => k.kid === kid);
  }

  /** Public JWKS document. */
  jwks(): { keys: JWK[] } {
    return { keys: this.keys.map((k) => ({ ...k.publicJwk })) };
  }

  /** Kids currently published. */
  kids(): string[] {
    return this.keys.map((k) => k.kid);
  }

  /** Publishes a new EC and RSA key beside the old ones and makes them current. */
  async rotate(): Promise<void> {
    const generation = this.generation + 1;
    const fresh = await Promise.all([
      generate("ES256", kidFor("ES256", generation)),
      generate("RS256", kidFor("RS256", generation)),
    ]);
    this.keys.push(...fresh);
    this.current = { ES256: fresh[0].kid, RS256: fresh[1].kid };
    this.generation = generation;
  }

  /** Removes every non-current key from the ring (tokens they signed stop verifying). */
  retire(): void {
    const keep = new Set([this.current.ES256, this.current.RS256]);
    this.keys = this.keys.filter((k) => keep.has(k.kid));
  }

  /** Serialises the ring including private keys. */
  export(): KeyRingState {
    return {
      generation: this.generation,
      current: { ...this.current },
      keys: this.keys.map((k) => ({ kid: k.kid, alg: k.alg, private_jwk: k.privateJwk })),
    };
  }
}
