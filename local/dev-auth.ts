/**
 * The local stack's development token issuer and the JWT check API Gateway's JWT authorizer does on
 * AWS: RS256 signature, issuer, audience (client id), expiry, then the route's scopes. Tokens carry
 * the claims Cognito puts in access tokens (`client_id`, `scope` with `palaute/` prefixes), so the
 * same claims reach the handlers locally and on AWS.
 */
import { SignJWT, generateKeyPair, jwtVerify, type JWTPayload, type CryptoKey } from 'jose';
import { ORG_GROUP_PREFIX, RESOURCE_SERVER, SCOPES, type Scope } from '#shared/manifest.ts';

/** Client id of the local issuer's tokens (on AWS: the Cognito app client id). */
export const LOCAL_CLIENT_ID = 'palaute-local';

/** Result of checking a request's bearer token against a route's scopes. */
export type AuthResult = { ok: true; claims: Record<string, string>; scopes: string[] } | { ok: false; status: 401 | 403 };

/** A development issuer with a key pair made at start-up (tokens do not survive a restart). */
export class DevAuth {
  private constructor(
    private readonly privateKey: CryptoKey,
    private readonly publicKey: CryptoKey,
    readonly issuer: string,
  ) {}

  /** Creates an issuer whose tokens name `issuer` (the local stack's `/dev` URL). */
  static async create(issuer: string): Promise<DevAuth> {
    const { privateKey, publicKey } = await generateKeyPair('RS256');
    return new DevAuth(privateKey, publicKey, issuer);
  }

  /**
   * Issues an access token with the given scopes and org nodes, valid for an hour by default;
   * `expiresInSeconds` ≤ 0 gives one that has already expired, for tests of the authorizer's 401.
   */
  async issue(scopes: readonly string[], orgNodes: readonly string[], subject = 'dev-user', expiresInSeconds = 3600): Promise<string> {
    const unknown = scopes.filter((s) => !(SCOPES as readonly string[]).includes(s));
    if (unknown.length) throw new Error(`unknown scopes: ${unknown.join(', ')}; known: ${SCOPES.join(', ')}`);
    return new SignJWT({
      client_id: LOCAL_CLIENT_ID,
      token_use: 'access',
      scope: scopes.map((s) => `${RESOURCE_SERVER}/${s}`).join(' '),
      // Org nodes travel as Cognito groups `org:<nodeId>`, the claim staff tokens carry on AWS.
      ...(orgNodes.length ? { 'cognito:groups': orgNodes.map((n) => `${ORG_GROUP_PREFIX}${n}`) } : {}),
    })
      .setProtectedHeader({ alg: 'RS256', kid: 'local' })
      .setIssuer(this.issuer)
      .setSubject(subject)
      .setIssuedAt()
      .setExpirationTime(Math.floor(Date.now() / 1000) + expiresInSeconds)
      .sign(this.privateKey);
  }

  /** What API Gateway's JWT authorizer does before the handler: 401 without a valid token, 403 without a scope. */
  async authorize(authorization: string | undefined, routeScopes: readonly Scope[]): Promise<AuthResult> {
    const m = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
    if (!m) return { ok: false, status: 401 };
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(m[1]!, this.publicKey, { issuer: this.issuer, algorithms: ['RS256'] }));
    } catch {
      return { ok: false, status: 401 };
    }
    if (payload.client_id !== LOCAL_CLIENT_ID) return { ok: false, status: 401 };
    const scopes = typeof payload.scope === 'string' ? payload.scope.split(' ').filter(Boolean) : [];
    // API Gateway lets a request through when the token has any one of the route's scopes.
    if (!routeScopes.some((s) => scopes.includes(`${RESOURCE_SERVER}/${s}`))) return { ok: false, status: 403 };
    const claims = Object.fromEntries(
      Object.entries(payload).map(([k, v]) => [k, typeof v === 'string' ? v : Array.isArray(v) ? `[${v.join(' ')}]` : String(v)]),
    );
    return { ok: true, claims, scopes };
  }
}
