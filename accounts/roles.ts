// The office roles. office: the standing office's staff (read and act); committee: the standing
// committee (read only); admin: manages users and reads the audit log, and may do what office does.
export const ROLES = ['office', 'committee', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, { vi: string; en: string }> = {
  office: { vi: 'Cơ quan thường trực', en: 'Standing office' },
  committee: { vi: 'Thường trực Ban', en: 'Standing committee' },
  admin: { vi: 'Quản trị', en: 'Administrator' },
};
