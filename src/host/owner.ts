/**
 * What the extension container owns, released in reverse order of acquisition (pure, no `vscode`).
 * Reverse order is the contract the container relies on: listeners go before the objects they
 * call, the proxy service stops before the monitor it writes to is closed. One failing release
 * is reported and does not stop the others; releasing twice is a no-op.
 */
export interface Releasable {
  dispose(): unknown;
}

export class Owner {
  private readonly items: Releasable[] = [];
  private released: Promise<void> | undefined;

  /** Takes ownership of `item` and returns it. After release, a new item is released at once. */
  own<T extends Releasable>(item: T): T {
    if (this.released) {
      void Promise.resolve().then(() => item.dispose()).catch(() => undefined);
      return item;
    }
    this.items.push(item);
    return item;
  }

  /** Takes ownership of an unsubscribe function. */
  ownCallback(release: () => unknown): void {
    this.own({ dispose: release });
  }

  /** Releases everything, last acquired first; each release is awaited before the next. */
  dispose(onError: (err: unknown) => void = () => undefined): Promise<void> {
    this.released ??= (async () => {
      for (const item of this.items.splice(0).reverse()) {
        try {
          await item.dispose();
        } catch (err) {
          onError(err);
        }
      }
    })();
    return this.released;
  }
}
