import type { User } from '../../store/repositories/users.js';

/** OIDC Core §5.4: the standard claims each scope releases, read from the user's profile. */
const SCOPE_CLAIMS: Record<string, Array<[claim: string, attribute: string]>> = {
  profile: [
    ['name', 'displayName'], ['family_name', 'lastName'], ['given_name', 'firstName'], ['middle_name', 'middleName'],
    ['nickname', 'nickName'], ['preferred_username', 'login'], ['profile', 'profileUrl'], ['picture', 'pictureUrl'],
    ['website', 'website'], ['gender', 'gender'], ['birthdate', 'birthdate'], ['zoneinfo', 'timezone'], ['locale', 'locale'],
  ],
  email: [['email', 'email']],
  phone: [['phone_number', 'mobilePhone']],
};

export function fullName(user: User): string | undefined {
  const { displayName, firstName, lastName } = user.profile as Record<string, string | undefined>;
  return displayName ?? ([firstName, lastName].filter(Boolean).join(' ') || undefined);
}

/** Claims about the user released by the granted scopes (userinfo and, thinned, the ID token). */
export function standardClaims(user: User, scopes: string[]): Record<string, unknown> {
  const claims: Record<string, unknown> = { sub: user.id };
  const profile = user.profile as Record<string, unknown>;
  for (const scope of scopes) {
    for (const [claim, attribute] of SCOPE_CLAIMS[scope] ?? []) {
      const value = claim === 'name' ? fullName(user) : profile[attribute];
      if (value !== undefined && value !== null && value !== '') claims[claim] = value;
    }
  }
  if (scopes.includes('profile')) claims.updated_at = Math.floor(user.updatedAt / 1000);
  if (scopes.includes('email') && claims.email !== undefined) claims.email_verified = profile.emailVerified !== false;
  if (scopes.includes('address') && profile.streetAddress !== undefined) {
    claims.address = {
      street_address: profile.streetAddress, locality: profile.city, region: profile.state,
      postal_code: profile.zipCode, country: profile.countryCode,
    };
  }
  return claims;
}
