export type Role = 'tenant_admin' | 'developer';
export const ROLES: readonly Role[] = ['tenant_admin', 'developer'];

export interface MembershipFacts {
  roles: readonly Role[];
  licensed: boolean;
}

export const isTenantAdmin = (m: MembershipFacts | null | undefined) => !!m && m.roles.includes('tenant_admin');
export const isDeveloper = (m: MembershipFacts | null | undefined) => !!m && m.roles.includes('developer');

/** A membership's stored roles. */
export const parseRoles = (json: string): Role[] => JSON.parse(json);

/** Whether a member's keys work (DESIGN: else DISABLED): a licensed developer whose user is not disabled. */
export const ownerMayUseKeys = (m: MembershipFacts | null | undefined, userDisabled: boolean) =>
  !userDisabled && !!m && m.licensed && isDeveloper(m);
