import { useEffect, useState, type RefObject } from 'react';

/** Width of an element, kept current with a ResizeObserver (0 until mounted, e.g. on the server). */
export function useElementWidth(ref: RefObject<HTMLElement | null>): number {
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    if (typeof ResizeObserver === 'undefined') {
      setWidth(Math.floor(el.getBoundingClientRect().width));
      return;
    }
    // The observer reports the first size after the next layout; reading it now (getBoundingClientRect) would force
    // a synchronous layout of the whole page in the middle of a commit (12 ms when the epoch charts first appear).
    const ro = new ResizeObserver((entries) => setWidth(Math.floor(entries[0].contentRect.width)));
    ro.observe(el);
    return () => ro.disconnect();
  }, [ref]);
  return width;
}
