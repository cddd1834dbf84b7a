/**
 * Lets queued messages (pause, stop, predict) run. On synchronous backends (cpu, wasm) awaiting a tensor's
 * data() resolves as a microtask and would starve the message queue; a MessageChannel hop is a real task
 * without setTimeout's 4 ms clamp.
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => {
    if (typeof MessageChannel === 'undefined') {
      setTimeout(resolve, 0);
      return;
    }
    const ch = new MessageChannel();
    ch.port1.onmessage = () => {
      ch.port1.close();
      resolve();
    };
    ch.port2.postMessage(null);
  });
}
