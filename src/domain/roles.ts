export type Role = 'tenant_admin' | 'developer';
export const ROLES: readonly Role[] = ['tenant_admin', 'developer'];

export interface MembershipFacts {
  roles: readonly Role[];
  licensed: boolean;
}

export const isTenantAdmin = (m: MembershipFacts | null | undefined) => !!m && m.roles.includes('tenant_admin');
export const isDeveloper = (m: MembershipFacts | null | undefined) => !!m && m.roles.includes('developer');

/** A member's keys work: a developer with a licence whose user is not disabled (else they answer DISABLED). */
export const keysWork = (m: (MembershipFacts & { userDisabled: boolean }) | null | undefined) =>
  !!m && !m.userDisabled && m.licensed && isDeveloper(m);

/** A membership's stored roles. */
export const parseRoles = (json: string): Role[] => JSON.parse(json);
