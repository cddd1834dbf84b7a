/** Main-thread long tasks (> 50 ms) from page start, recorded into the returned array as they happen. */
export function observeLongTasks(): { start: number; duration: number }[] {
  const tasks: { start: number; duration: number }[] = [];
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) tasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    /* no longtask entries in this browser: the counts stay 0 */
  }
  return tasks;
}
