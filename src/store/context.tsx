import { createContext, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import type { StudioState } from './types';
import type { StudioStore } from './studioStore';

const StoreContext = createContext<StudioStore | null>(null);

export function StudioProvider({ store, children }: { store: StudioStore; children: ReactNode }) {
  return <StoreContext.Provider value={store}>{children}</StoreContext.Provider>;
}

function useStudioStore(): StudioStore {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useStudio must be used inside <StudioProvider>');
  return store;
}

/** Reads exactly what a component needs; it re-renders only when that changes. */
export function useStudio<T>(selector: (s: StudioState) => T): T {
  return useStore(useStudioStore(), selector);
}

/** For selectors that build an object or array: compared shallowly. */
export function useStudioShallow<T>(selector: (s: StudioState) => T): T {
  return useStore(useStudioStore(), useShallow(selector));
}
