import type { Access } from './Access';
import { ALLOW } from './Condition';

/** Access for admin tokens and `admin` role members: no rule applies (docs/permissions.md#a-rule). */
export const BYPASS_ACCESS: Access = {
  bypass: true,
  visible: async () => ALLOW,
  readable: async () => ALLOW,
  allows: async () => true,
  allowsNow: () => true,
  grants: async () => [],
  mayNameRole: () => true,
  within: () => BYPASS_ACCESS,
};
