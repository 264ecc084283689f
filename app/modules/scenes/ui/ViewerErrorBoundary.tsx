// Catches a 3D chunk that cannot be downloaded or a canvas that throws while rendering (no WebGL
// context, a model three cannot build): the page keeps its poster and its HTML path.
import { Component, type ReactNode } from "react";

type Props = { onError(error: unknown): void; children: ReactNode };

export class ViewerErrorBoundary extends Component<Props, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError() {
    return { failed: true };
  }

  override componentDidCatch(error: unknown) {
    this.props.onError(error);
  }

  override render() {
    return this.state.failed ? null : this.props.children;
  }
}
