/**
 * Which tabs are alive: each tab holds a Web Lock named after its id for as long as it lives, so a tab that
 * opens later can tell a run whose tab was reloaded or closed (interrupted) from one training in another tab.
 */
const PREFIX = 'tensorscope-tab:';

export function startTabIdentity(): { ownerId: string; liveOwners: () => Promise<Set<string> | null> } {
  const ownerId = typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID() : `tab-${Date.now()}-${Math.random()}`;
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  // Held until the tab goes away; the never-settling promise is the point.
  void locks?.request(PREFIX + ownerId, () => new Promise<void>(() => {})).catch(() => {});
  return {
    ownerId,
    async liveOwners() {
      if (!locks) return null;
      try {
        const { held = [] } = await locks.query();
        return new Set(held.map((l) => l.name ?? '').filter((n) => n.startsWith(PREFIX)).map((n) => n.slice(PREFIX.length)));
      } catch {
        return null;
      }
    },
  };
}
