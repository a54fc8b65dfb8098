// Row → contract object mappers, shared by every service so a shape is defined once.
import type { MembershipTable, ResourceTable, TenantTable, UserTable } from '../store/schema.js';

export interface UserView {
  id: string;
  email: string;
  name: string;
  isPlatformAdmin: boolean;
  disabled: boolean;
  createdAt: string;
}

export const toUserView = (u: UserTable): UserView => ({
  id: u.id,
  email: u.email,
  name: u.name,
  isPlatformAdmin: u.is_platform_admin === 1,
  disabled: u.disabled === 1,
  createdAt: u.created_at,
});

// Parsing lives in domain/ (the verifier needs it too); exported here for the services that use it.
import { parseSettings } from '../domain/policy.js';
import { parseRoles } from '../domain/roles.js';
export { parseSettings, parseRoles };

export const toTenantView = (t: TenantTable) => ({
  id: t.id,
  name: t.name,
  createdAt: t.created_at,
  settings: parseSettings(t.settings),
});


export const toMemberView = (m: MembershipTable, u: Pick<UserTable, 'email' | 'name'>) => ({
  userId: m.user_id,
  email: u.email,
  name: u.name,
  roles: parseRoles(m.roles),
  licensed: m.licensed === 1,
});

export const toResourceView = (r: ResourceTable) => ({
  id: r.id,
  type: r.type,
  name: r.name,
  parentId: r.parent_id,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});
