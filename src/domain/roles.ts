export type Role = 'tenant_admin' | 'developer';
export const ROLES: readonly Role[] = ['tenant_admin', 'developer'];

export interface MembershipFacts {
  roles: readonly Role[];
  licensed: boolean;
}

export const isTenantAdmin = (m: MembershipFacts | null | undefined) => !!m && m.roles.includes('tenant_admin');
export const isDeveloper = (m: MembershipFacts | null | undefined) => !!m && m.roles.includes('developer');
