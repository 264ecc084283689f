// What the page gives the 3D viewer (plain data from the route's loader) and the handle through
// which the page's HTML buttons drive it. Shared by the server-rendered shell and the lazy canvas:
// no three.js here.

export type Vec3 = [number, number, number];

export type ViewerViewpoint = { name: string; position: Vec3; target: Vec3 };

/** guided tour (viewpoints one after another), orbit overview, walking at eye height. */
export type ViewerMode = "tour" | "orbit" | "walk";

export type ViewerStatus = "loading" | "ready" | "failed";

/** Filled by the canvas once it runs; the page's buttons call it. */
export type ViewerController = {
  goToViewpoint(index: number): void;
  setMode(mode: ViewerMode): void;
  /** One walking step (metres, + forward) or a turn (radians, + left), checked against walls. */
  step(metres: number): void;
  turn(radians: number): void;
};

export type ViewerCanvasProps = {
  modelUrl: string;
  viewpoints: ViewerViewpoint[];
  /** Index of the viewpoint to start from. */
  initialViewpoint: number;
  label: string;
  describedBy?: string;
  reducedMotion: boolean;
  controller: { current: ViewerController | null };
  onStatus(status: Exclude<ViewerStatus, "loading">, detail?: string): void;
  /** The mode the canvas is in (it changes itself, e.g. dragging in a tour keeps the tour). */
  onModeChange?(mode: ViewerMode): void;
  /** Something to say to screen-reader users (arrived at a viewpoint, blocked by a wall). */
  onAnnounce?(event: ViewerAnnouncement): void;
};

export type ViewerAnnouncement = { kind: "viewpoint"; index: number } | { kind: "blocked" } | { kind: "walking" } | { kind: "overview" };

/** Eye height when walking, metres above the ground. */
export const EYE_HEIGHT = 1.6;
