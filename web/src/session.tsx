// Who is signed in, which tenant they look at, and what their roles there allow.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, ApiError, setUnauthenticatedHandler } from './api/client';
import { navigate } from './router';
import type { Me, Role } from './api/types';

export interface TenantAccess {
  tenantId: string;
  tenantName: string;
  roles: Role[];
  licensed: boolean;
  isAdmin: boolean; // tenant admin here, or a platform admin (who has those rights everywhere)
  isDeveloper: boolean;
}

interface SessionValue {
  status: 'loading' | 'signed-out' | 'signed-in' | 'error';
  me: Me | null;
  tenants: TenantAccess[];
  tenant: TenantAccess | null;
  selectTenant(tenantId: string): void;
  signIn(email: string, password: string): Promise<void>;
  signOut(): Promise<void>;
  refresh(): Promise<void>;
}

const SessionContext = createContext<SessionValue | null>(null);
const TENANT_KEY = 'keywarden.tenant';

function accessFrom(me: Me, extra: { id: string; name: string }[]): TenantAccess[] {
  const list: TenantAccess[] = me.memberships.map((m) => ({
    tenantId: m.tenantId,
    tenantName: m.tenantName,
    roles: m.roles,
    licensed: m.licensed,
    isAdmin: m.roles.includes('tenant_admin') || me.user.isPlatformAdmin,
    isDeveloper: m.roles.includes('developer'),
  }));
  for (const tenant of extra) {
    if (!list.some((a) => a.tenantId === tenant.id)) {
      list.push({ tenantId: tenant.id, tenantName: tenant.name, roles: [], licensed: false, isAdmin: true, isDeveloper: false });
    }
  }
  return list.sort((a, b) => a.tenantName.localeCompare(b.tenantName));
}

function storedTenant(): string | null {
  try {
    return localStorage.getItem(TENANT_KEY);
  } catch {
    return null;
  }
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [status, setStatus] = useState<SessionValue['status']>('loading');
  const [me, setMe] = useState<Me | null>(null);
  const [tenants, setTenants] = useState<TenantAccess[]>([]);
  const [tenantId, setTenantId] = useState<string | null>(storedTenant());

  const adopt = useCallback(async (next: Me) => {
    // A platform admin may act in every tenant, not only those they are a member of.
    let extra: { id: string; name: string }[] = [];
    if (next.user.isPlatformAdmin) {
      try {
        extra = (await api.listTenants()).items;
      } catch {
        extra = [];
      }
    }
    setMe(next);
    setTenants(accessFrom(next, extra));
    setStatus('signed-in');
  }, []);

  const refresh = useCallback(async () => {
    try {
      await adopt(await api.me());
    } catch (error) {
      setMe(null);
      setStatus(error instanceof ApiError && error.status === 401 ? 'signed-out' : 'error');
    }
  }, [adopt]);

  useEffect(() => {
    setUnauthenticatedHandler(() => {
      setMe(null);
      setStatus('signed-out');
    });
    void refresh();
    return () => setUnauthenticatedHandler(null);
  }, [refresh]);

  const value = useMemo<SessionValue>(() => {
    const tenant = tenants.find((a) => a.tenantId === tenantId) ?? tenants[0] ?? null;
    return {
      status,
      me,
      tenants,
      tenant,
      selectTenant(id) {
        setTenantId(id);
        try {
          localStorage.setItem(TENANT_KEY, id);
        } catch {
          // the choice lasts for this page only
        }
      },
      async signIn(email, password) {
        await adopt(await api.login(email, password));
      },
      async signOut() {
        try {
          await api.logout();
        } finally {
          setMe(null);
          setTenants([]);
          setStatus('signed-out');
          navigate('/', { replace: true }); // the next person starts at the front page
        }
      },
      refresh,
    };
  }, [status, me, tenants, tenantId, adopt, refresh]);

  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

/** The tenant in view; pages under the signed-in layout always have one. */
export function useTenant(): TenantAccess {
  const { tenant } = useSession();
  if (!tenant) throw new Error('no tenant selected');
  return tenant;
}
