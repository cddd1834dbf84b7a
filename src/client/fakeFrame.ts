/**
 * Test stand-ins for a page and an embed in an iframe, with postMessage's behaviour: messages are copied
 * (structuredClone), delivered later (a macrotask), dropped when the target origin does not match, and arrive with
 * `origin` and `source` set as the browser sets them. Node-only; used by the client's tests.
 */
import type { MessageHost } from './index';

type Listener = (event: MessageEvent) => void;

/** A window that receives messages. */
export class FakeWindow implements MessageHost {
  private listeners = new Set<Listener>();

  constructor(readonly origin: string) {}

  addEventListener(_type: 'message', listener: Listener): void {
    this.listeners.add(listener);
  }

  removeEventListener(_type: 'message', listener: Listener): void {
    this.listeners.delete(listener);
  }

  get listenerCount(): number {
    return this.listeners.size;
  }

  /** What `postMessage` does on the receiving side: one event, later, with the sender's origin and window. */
  deliver(data: unknown, from: { origin: string; window: object }): void {
    const copy = structuredClone(data);
    setTimeout(() => {
      // Only the fields the client reads; a real MessageEvent needs a DOM to construct.
      const event = { data: copy, origin: from.origin, source: from.window } as unknown as MessageEvent;
      for (const l of [...this.listeners]) l(event);
    }, 0);
  }
}

/** The embed's window as the parent sees it (iframe.contentWindow); `onMessage` plays the embed. */
export class FakeEmbedWindow {
  /** Messages the parent sent that reached the embed (target origin matched). */
  readonly received: unknown[] = [];
  onMessage: (data: unknown) => void = () => {};

  constructor(
    readonly origin: string,
    private readonly parent: FakeWindow,
  ) {}

  postMessage(message: unknown, targetOrigin: string): void {
    if (targetOrigin !== '*' && targetOrigin !== this.origin) return;
    const copy = structuredClone(message);
    setTimeout(() => {
      this.received.push(copy);
      this.onMessage(copy);
    }, 0);
  }

  /** The embed answers its parent. */
  reply(data: unknown): void {
    this.parent.deliver(data, { origin: this.origin, window: this });
  }
}

/** A page with one iframe whose document is the embed at `embedOrigin`. */
export function fakeFramePair(pageOrigin = 'https://page.example', embedOrigin = 'https://models.example') {
  const page = new FakeWindow(pageOrigin);
  const embed = new FakeEmbedWindow(embedOrigin, page);
  const frame = { src: `${embedOrigin}/embed.html#d1.x`, contentWindow: embed };
  return { page, embed, frame };
}
