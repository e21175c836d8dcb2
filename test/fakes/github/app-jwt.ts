import { createVerify, type KeyObject } from 'node:crypto';

/** Why an App JWT was refused, or the verified claims. */
export type JwtCheck = { ok: true; iss: string } | { ok: false; reason: string };

/**
 * Verifies a GitHub App JWT as GitHub does: RS256 signature over the App's public key, `iss` = App id,
 * `iat` not in the future (60 s skew allowed) and `exp` at most 10 minutes after `iat`.
 * https://docs.github.com/en/apps/creating-github-apps/authenticating-with-a-github-app/generating-a-json-web-token-jwt-for-a-github-app
 */
export function verifyAppJwt(jwt: string, publicKey: KeyObject, appId: string, nowMs = Date.now()): JwtCheck {
  const parts = jwt.split('.');
  if (parts.length !== 3) return { ok: false, reason: 'not a JWT' };
  const [headerPart, claimsPart, signaturePart] = parts as [string, string, string];
  const header = decodeJson(headerPart);
  if (header?.alg !== 'RS256') return { ok: false, reason: 'alg must be RS256' };
  const verifier = createVerify('RSA-SHA256');
  verifier.update(`${headerPart}.${claimsPart}`);
  if (!verifier.verify(publicKey, Buffer.from(signaturePart, 'base64url'))) {
    return { ok: false, reason: 'signature does not match the App public key' };
  }
  const claims = decodeJson(claimsPart);
  const now = Math.floor(nowMs / 1000);
  if (String(claims?.iss) !== appId) return { ok: false, reason: `iss ${String(claims?.iss)} is not the App id` };
  if (typeof claims?.iat !== 'number' || typeof claims.exp !== 'number')
    return { ok: false, reason: 'iat/exp missing' };
  if (claims.iat > now + 60)
    return { ok: false, reason: "'Issued at' claim (iat) must be an Integer representing a time in the past" };
  if (claims.exp <= now) return { ok: false, reason: "'Expiration time' claim ('exp') is too far in the past" };
  if (claims.exp - claims.iat > 600)
    return { ok: false, reason: "'Expiration time' claim ('exp') is too far in the future" };
  return { ok: true, iss: String(claims.iss) };
}

function decodeJson(part: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    return undefined; // malformed segments are reported by the caller's checks as missing claims
  }
}
