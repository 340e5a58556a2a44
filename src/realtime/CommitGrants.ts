import type { AppModel } from '../appModel/AppModel';
import type { Access } from '../permissions/Access';
import type { Policy } from '../permissions/compilePolicy';
import { createAccess } from '../permissions/createAccess';
import { loadMemberships, type Membership } from '../permissions/Membership';
import type { PastStore } from '../store/storeBefore';
import type { Store } from '../store/Store';
import type { Viewer } from '../Viewer';

/** A viewer's grants at one moment; `key` is equal for equal grants (same viewer, same memberships). */
export interface ViewerGrants {
  key: string;
  readonly access: Access;
}

/** One viewer's grants around one commit. */
export interface GrantsAround {
  before: ViewerGrants;
  after: ViewerGrants;
  /** Over the store as it is: what the commit's events resolve their fields with when sent. */
  readonly present: Access;
}

/**
 * The memberships of the users this process's subscribers are, as the store holds them now:
 * read once per user, and again after a commit that writes roles or memberships.
 */
export class MembershipsNow {
  private readonly known = new Map<string, Promise<Membership[]>>();

  constructor(
    private readonly app: AppModel,
    private readonly store: Store,
  ) {}

  of(userId: string): Promise<Membership[]> {
    let memberships = this.known.get(userId);
    if (!memberships) {
      memberships = loadMemberships(this.app, this.store, userId);
      this.known.set(userId, memberships);
      memberships.catch(() => this.known.delete(userId));
    }
    return memberships;
  }

  forget(): void {
    this.known.clear();
  }
}

/**
 * The grants of each viewer before and after one commit (docs/subscriptions.md#the-rule): each
 * `Access` reads its own moment (RELATION hops see the links of that moment), and its ROLE rules
 * follow the memberships of that moment, which differ only when the commit (or one read after
 * it) wrote roles or memberships.
 */
export class CommitGrants {
  private readonly byViewer = new Map<string, Promise<GrantsAround>>();

  constructor(
    private readonly deps: { app: AppModel; policy: Policy; store: Store },
    private readonly membershipsNow: MembershipsNow,
    private readonly before: PastStore,
    private readonly after: PastStore,
    /** Whether the commit or one read after it wrote roles or memberships. */
    private readonly rolesWritten: boolean,
  ) {}

  of(viewer: Viewer): Promise<GrantsAround> {
    const who = viewerKey(viewer);
    let grants = this.byViewer.get(who);
    if (!grants) this.byViewer.set(who, (grants = this.compile(viewer, who)));
    return grants;
  }

  private async compile(viewer: Viewer, who: string): Promise<GrantsAround> {
    const { app, policy, store } = this.deps;
    const now = viewer.kind === 'user' ? await this.membershipsNow.of(viewer.id) : [];
    const at = async (moment: PastStore): Promise<Membership[]> =>
      viewer.kind === 'user' && this.rolesWritten ? loadMemberships(app, moment, viewer.id) : now;
    // Most commits need no Access at all (the views are compiled already): made when first asked for.
    const grantsAt = async (moment: PastStore | Store): Promise<ViewerGrants> => {
      const memberships = moment === store ? now : await at(moment as PastStore);
      let access: Access | undefined;
      return {
        key: `${who}|${membershipsKey(memberships)}`,
        get access() {
          return (access ??= createAccess({ app, policy, store: moment, viewer, memberships }));
        },
      };
    };
    const [before, after, present] = await Promise.all([grantsAt(this.before), grantsAt(this.after), grantsAt(store)]);
    return {
      before,
      after,
      get present() {
        return present.access;
      },
    };
  }
}

export function viewerKey(viewer: Viewer): string {
  if (viewer.kind === 'user') return `user:${viewer.id}`;
  if (viewer.kind === 'adminToken') return `admin:${viewer.name}`;
  return 'anonymous';
}

function membershipsKey(memberships: readonly Membership[]): string {
  return memberships
    .map((m) => `${m.roleName}:${m.accessLevel}`)
    .sort()
    .join(',');
}
