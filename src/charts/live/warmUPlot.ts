import uPlot from 'uplot';

let warmed = false;

/**
 * Draws one throw-away uPlot chart on a detached element the first time the page is idle: the first real chart,
 * created just as training starts, otherwise pays for compiling uPlot's code (a 50–80 ms task on a 2-core machine,
 * the one long task left while training). Once per page; returns a cancel for an unmount before it ran.
 */
export function warmUPlotWhenIdle(): () => void {
  if (warmed || typeof requestIdleCallback !== 'function' || typeof document === 'undefined') return () => {};
  const id = requestIdleCallback(() => {
    if (warmed) return;
    warmed = true;
    const host = document.createElement('div');
    const xs = Array.from({ length: 64 }, (_, i) => i);
    const u = new uPlot(
      { width: 320, height: 160, series: [{}, { stroke: '#888', width: 1 }, { stroke: '#444', width: 1, points: { show: false } }], axes: [{}, {}], legend: { show: false } },
      [xs, xs.map((x) => Math.exp(-x / 20)), xs.map((x) => 1 - Math.exp(-x / 20))],
      host,
    );
    u.setData([xs, xs.map((x) => Math.exp(-x / 30)), xs.map((x) => 1 - Math.exp(-x / 30))]);
    // uPlot draws in a microtask after each change: destroy after that.
    queueMicrotask(() => queueMicrotask(() => u.destroy()));
  });
  return () => cancelIdleCallback(id);
}
