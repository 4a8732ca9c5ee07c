import * as client from 'openid-client';
import { z } from 'zod';
import type { OidcConfig } from './config.ts';

/** How long a browser has between leaving for the provider and coming back. */
export const TRANSACTION_TTL_MS = 10 * 60_000;

const Transaction = z.object({ state: z.string().min(16), nonce: z.string().min(16), verifier: z.string().min(43), at: z.number() });
type Transaction = z.infer<typeof Transaction>;

/** Why a sign-in through the provider did not complete; the route answers 401 with this and audits it. */
export class OidcRefusal extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OidcRefusal';
  }
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * The relying party: the authorization code flow with PKCE (S256), state and nonce, through openid-client. The
 * provider's metadata is discovered on first use (and again after a failure), not at start, so a provider that is
 * down does not stop the server. Plain http is allowed only for a provider on loopback (tests, development).
 *
 * The state, nonce and PKCE verifier travel in the browser's own short-lived cookie between `begin` and `finish`
 * (see src/server/routes/oidc.ts): nothing is kept in the server, so any server of a PostgreSQL deployment can finish
 * a sign-in another began.
 */
export class RelyingParty {
  #metadata: Promise<client.Configuration> | undefined;

  constructor(
    readonly config: OidcConfig,
    private readonly clock: () => Date,
  ) {}

  /** The provider's URL to send the browser to, and the transaction to keep in its cookie. */
  async begin(): Promise<{ url: URL; transaction: string }> {
    const metadata = await this.metadata();
    const t: Transaction = { state: client.randomState(), nonce: client.randomNonce(), verifier: client.randomPKCECodeVerifier(), at: this.clock().getTime() };
    const url = client.buildAuthorizationUrl(metadata, {
      redirect_uri: this.config.redirectUrl.toString(),
      scope: 'openid profile email',
      code_challenge: await client.calculatePKCECodeChallenge(t.verifier),
      code_challenge_method: 'S256',
      state: t.state,
      nonce: t.nonce,
    });
    return { url, transaction: Buffer.from(JSON.stringify(t)).toString('base64url') };
  }

  /**
   * The user's claims once the provider's answer checks out: the state matches the cookie's, the code is exchanged
   * with the PKCE verifier, the ID token is verified (issuer, audience, signature, expiry, nonce). The userinfo
   * endpoint's claims are added when the provider has one (many put groups there, not in the ID token).
   */
  async finish(callback: URL, transaction: string | undefined): Promise<{ subject: string; claims: Record<string, unknown> }> {
    const t = readTransaction(transaction, this.clock());
    const metadata = await this.metadata();
    const tokens = await client
      .authorizationCodeGrant(metadata, callback, { pkceCodeVerifier: t.verifier, expectedState: t.state, expectedNonce: t.nonce, idTokenExpected: true })
      .catch((error: unknown) => {
        throw new OidcRefusal(`the provider's answer did not check out: ${error instanceof Error ? error.message : String(error)}`);
      });
    const idClaims = tokens.claims();
    if (!idClaims) throw new OidcRefusal('the provider sent no ID token');
    const subject = idClaims.sub;
    const userinfo = metadata.serverMetadata().userinfo_endpoint ? await client.fetchUserInfo(metadata, tokens.access_token, subject).catch(() => ({})) : {};
    return { subject, claims: { ...userinfo, ...idClaims } };
  }

  private metadata(): Promise<client.Configuration> {
    this.#metadata ??= client
      .discovery(this.config.issuer, this.config.clientId, this.config.clientSecret, undefined, LOOPBACK.has(this.config.issuer.hostname) ? { execute: [client.allowInsecureRequests] } : undefined)
      .catch((error: unknown) => {
        this.#metadata = undefined;
        throw new OidcRefusal(`the OpenID provider ${this.config.issuer.href} could not be reached or described itself wrongly: ${error instanceof Error ? error.message : String(error)}`);
      });
    return this.#metadata;
  }
}

function readTransaction(cookie: string | undefined, now: Date): Transaction {
  let parsed: ReturnType<typeof Transaction.safeParse> | undefined;
  try {
    parsed = cookie ? Transaction.safeParse(JSON.parse(Buffer.from(cookie, 'base64url').toString('utf8'))) : undefined;
  } catch {
    parsed = undefined;
  }
  if (!parsed?.success) throw new OidcRefusal('no sign-in was started in this browser (or its cookie was lost): start again');
  if (now.getTime() - parsed.data.at > TRANSACTION_TTL_MS) throw new OidcRefusal('the sign-in took longer than 10 minutes: start again');
  return parsed.data;
}
