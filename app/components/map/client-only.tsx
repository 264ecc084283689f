// What the map components need to render browser-only code safely: a hydration flag (false on the
// server and during hydration, true after), an error boundary for a lazy chunk that fails to load, and
// live-region messages that are read again when repeated.
import { Component, useSyncExternalStore, type ReactNode } from "react";

const subscribe = () => () => {};

/** false on the server and while hydrating, true once React runs in the browser. */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
}

type BoundaryProps = { fallback: ReactNode; onError?: (error: unknown) => void; children: ReactNode };

/** Catches a map that throws while rendering or a chunk that cannot be downloaded. */
export class MapErrorBoundary extends Component<BoundaryProps, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError() {
    return { failed: true };
  }

  override componentDidCatch(error: unknown) {
    console.warn("The map could not be displayed", error);
    this.props.onError?.(error);
  }

  override render() {
    return this.state.failed ? this.props.fallback : this.props.children;
  }
}

/** The same message twice in a row would not be read again: the second one gets an invisible space. */
export function repeatable(previous: string, text: string): string {
  return previous === text ? `${text}\u00a0` : text;
}
