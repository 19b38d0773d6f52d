// The one way the VS Code layer owns resources: a class registers what it creates and disposes of
// all of it, last first, exactly once. Modelled on the `_register` pattern of VS Code's own code
// and its extension samples, so no class keeps a hand-rolled array of disposables.
import { log } from './log';

export interface IDisposable {
  dispose(): unknown;
}

/** Disposes every item, last registered first; one failing item does not keep the rest alive. */
export function disposeAll(items: IDisposable[]): void {
  while (items.length) {
    const item = items.pop();
    try {
      item?.dispose();
    } catch (err) {
      log.error('dispose failed', err);
    }
  }
}

export abstract class Disposable implements IDisposable {
  private disposed = false;
  private readonly owned: IDisposable[] = [];

  /** Takes ownership of `value`; disposed at once when this object is already gone. */
  protected _register<T extends IDisposable>(value: T): T {
    if (this.disposed) value.dispose();
    else this.owned.push(value);
    return value;
  }

  protected get isDisposed(): boolean {
    return this.disposed;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    disposeAll(this.owned);
  }
}
