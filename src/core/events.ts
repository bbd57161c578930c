// A minimal event emitter with VS Code's shape (`event(listener) -> disposable`), so the pure layers
// can publish changes without importing `vscode`, and features can adapt them one-to-one.

export interface Disposable {
  dispose(): void;
}

export type Event<T> = (listener: (value: T) => void) => Disposable;

export class Emitter<T> implements Disposable {
  private listeners = new Set<(value: T) => void>();

  readonly event: Event<T> = (listener) => {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  };

  fire(value: T): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(value);
      } catch {
        // One broken listener must not stop the others from hearing about the change.
      }
    }
  }

  dispose(): void {
    this.listeners.clear();
  }
}
