import { useEffect, useRef, useState } from 'react';

/**
 * `value`, but while `active` it changes at most once every `ms` (the latest value is shown when the interval ends);
 * when `active` goes false the latest value is shown at once. Small models finish an epoch every few dozen
 * milliseconds; re-rendering the evaluation panel for each would keep the main thread busy for nothing a person can
 * read.
 */
export function useThrottledValue<T>(value: T, ms: number, active: boolean): T {
  const [shown, setShown] = useState(value);
  const lastShownAt = useRef(0);
  useEffect(() => {
    if (!active) {
      lastShownAt.current = performance.now();
      setShown(value);
      return;
    }
    const wait = lastShownAt.current + ms - performance.now();
    const show = () => {
      lastShownAt.current = performance.now();
      setShown(value);
    };
    if (wait <= 0) {
      show();
      return;
    }
    const id = setTimeout(show, wait);
    return () => clearTimeout(id);
  }, [value, ms, active]);
  return active ? shown : value;
}
