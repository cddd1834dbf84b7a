import { envelope, type EmbedApi } from './embedApi';
import type { AllowList } from './allowList';
import type { ModelDescription } from '../client/protocol';

/**
 * Wires the API to the window: every `message` event goes to `api.handle`, and its replies go back to the sender
 * (`event.source`) with the sender's origin as targetOrigin. An opaque origin ("null": a sandboxed or file:// page)
 * can only be answered with '*', and the reply still goes only to that one window.
 */
export function installBridge(win: Window, api: EmbedApi): () => void {
  const onMessage = (event: MessageEvent) => {
    const source = event.source as WindowProxy | null;
    if (!source || typeof source.postMessage !== 'function') return;
    const target = event.origin && event.origin !== 'null' ? event.origin : '*';
    api.handle(event.data, event.origin, (msg) => {
      try {
        source.postMessage(msg, target);
      } catch {
        /* the sender navigated away or closed: nobody to answer */
      }
    });
  };
  win.addEventListener('message', onMessage);
  return () => win.removeEventListener('message', onMessage);
}

/**
 * `ready` to the embedding page once the model can answer. With an allow list it is posted once per allowed origin as
 * targetOrigin, so the browser delivers it only when the parent is one of them; without one, to any parent ('*').
 */
export function announceReady(win: Window, allow: AllowList, model: ModelDescription): void {
  if (win.parent === win) return;
  const msg = envelope({ type: 'ready', model });
  const targets = allow.origins.length ? allow.origins : allow.rejected.length ? [] : ['*'];
  for (const t of targets) {
    try {
      win.parent.postMessage(msg, t);
    } catch {
      /* a detached parent */
    }
  }
}
