// The 3D view of one variant (React Three Fiber; browser only, loaded lazily through
// app/modules/scenes/ui/SceneCanvas.client.tsx). The page's HTML
// buttons drive it through `controller`: guided tour through the authored viewpoints, orbit
// overview, walking at eye height (WASD and arrows on the focused view, drag to look without pointer
// lock, tap on the ground to walk there), never through walls or under the ground. Switching variant
// swaps the model and keeps the camera. Rendering happens on demand: only while something moves.
import { Canvas, useFrame, useThree } from "@react-three/fiber";
import { PerformanceMonitor } from "@react-three/drei/core/PerformanceMonitor";
import { useEffect, useRef, useState } from "react";
import { Raycaster, Vector2, Vector3, type Object3D, type PerspectiveCamera } from "three";
import { OrbitControls } from "three/examples/jsm/controls/OrbitControls.js";
import { loadModel, type LoadedModel } from "./model";
import { dressStage } from "./stage";
import { type ViewerCanvasProps, type ViewerMode, type ViewerViewpoint } from "./types";
import { standAt, walk } from "./walk";

const WALK_SPEED = 2.2; // m/s
const RUN_FACTOR = 2;
const TURN_SPEED = 1.6; // rad/s
const FLIGHT_SECONDS = 1.4;
const LOOK_SENSITIVITY = 0.005; // rad per CSS pixel

type Flight = { fromPos: Vector3; fromTarget: Vector3; toPos: Vector3; toTarget: Vector3; started: number; seconds: number; then: () => void };

type Nav = {
  mode: ViewerMode;
  flight: Flight | null;
  yaw: number;
  pitch: number;
  keys: Set<string>;
  walkTo: Vector3 | null;
  blockedAnnounced: boolean;
  moving: boolean;
  /** Shift held: running. */
  running: boolean;
};

const KEYS: Record<string, "forward" | "back" | "left" | "right" | "turnLeft" | "turnRight"> = {
  w: "forward",
  z: "forward", // AZERTY
  ArrowUp: "forward",
  s: "back",
  ArrowDown: "back",
  a: "left",
  q: "left", // AZERTY
  d: "right",
  ArrowLeft: "turnLeft",
  ArrowRight: "turnRight",
};

export default function SceneCanvas(props: ViewerCanvasProps) {
  const maxDpr = typeof window === "undefined" ? 1 : Math.min(window.devicePixelRatio || 1, 1.75);
  const [dpr, setDpr] = useState(maxDpr);
  const [measuring, setMeasuring] = useState(false);
  const start = props.viewpoints[props.initialViewpoint] ?? props.viewpoints[0];
  return (
    <Canvas
      frameloop="demand"
      dpr={dpr}
      camera={{ fov: 55, near: 0.1, far: 600, position: start?.position ?? [0, 30, 60] }}
      gl={{ antialias: true, powerPreference: "high-performance" }}
      onCreated={({ gl }) => {
        const canvas = gl.domElement;
        canvas.setAttribute("role", "img");
        canvas.setAttribute("aria-label", props.label);
        if (props.describedBy) canvas.setAttribute("aria-describedby", props.describedBy);
      }}
    >
      {/* Adaptive quality: measured only while something moves (frames on demand would read as a slow machine). */}
      {measuring ? (
        <PerformanceMonitor
          onDecline={() => setDpr((d) => Math.max(1, d - 0.25))}
          onIncline={() => setDpr((d) => Math.min(maxDpr, d + 0.25))}
        />
      ) : null}
      <Rig {...props} onMotion={setMeasuring} />
    </Canvas>
  );
}

/** How far below the horizon the orbit may go around a viewpoint: a little, or as far as the
 *  authored view looks up (a façade seen from the square), so that the orbit never moves it. */
function tourPolarLimit(viewpoint: ViewerViewpoint): number {
  const [px, py, pz] = viewpoint.position;
  const [tx, ty, tz] = viewpoint.target;
  const polar = Math.acos((py - ty) / Math.hypot(px - tx, py - ty, pz - tz));
  return Math.min(Math.PI * 0.75, Math.max(Math.PI * 0.56, polar + 0.02));
}

function Rig(props: ViewerCanvasProps & { onMotion(moving: boolean): void }) {
  const { camera: anyCamera, gl, scene, invalidate } = useThree();
  const camera = anyCamera as PerspectiveCamera;
  const [model, setModel] = useState<LoadedModel | null>(null);
  const shown = useRef<Object3D | null>(null);
  const controls = useRef<OrbitControls | null>(null);
  const readyReported = useRef(false);
  const nav = useRef<Nav>({ mode: "tour", flight: null, yaw: 0, pitch: 0, keys: new Set(), walkTo: null, blockedAnnounced: false, moving: false, running: false }).current;
  // The latest props, read by long-lived listeners without re-subscribing them.
  const latest = useRef(props);
  latest.current = props;

  const wrapper = () => gl.domElement.closest<HTMLElement>("[data-scene-viewport]");

  useEffect(() => dressStage(scene), [scene]);

  // The model of the variant shown; the previous one stays until the next is ready (the camera stays too).
  useEffect(() => {
    let cancelled = false;
    loadModel(props.modelUrl).then(
      (loaded) => {
        if (!cancelled) setModel(loaded);
      },
      (error: unknown) => {
        if (!cancelled) latest.current.onStatus("failed", error instanceof Error ? error.message : String(error));
      },
    );
    return () => {
      cancelled = true;
    };
  }, [props.modelUrl]);

  useEffect(() => {
    if (!model) return;
    if (shown.current) scene.remove(shown.current);
    scene.add(model.root);
    shown.current = model.root;
    const element = wrapper();
    if (element) element.dataset.variantShown = props.modelUrl;
    invalidate();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the URL is read with the model it belongs to
  }, [model, scene, invalidate]);

  // Orbit controls (overview and looking around a viewpoint); off while walking.
  useEffect(() => {
    const orbit = new OrbitControls(camera, gl.domElement);
    orbit.enableDamping = false;
    orbit.minDistance = 1.5;
    orbit.maxDistance = 160;
    const start = latest.current.viewpoints[latest.current.initialViewpoint] ?? latest.current.viewpoints[0];
    if (start) {
      camera.position.set(...start.position);
      orbit.target.set(...start.target);
      orbit.maxPolarAngle = tourPolarLimit(start);
    }
    orbit.update();
    const onChange = () => {
      // Never under the ground, whatever the gesture.
      if (camera.position.y < 0.5) camera.position.y = 0.5;
      invalidate();
    };
    orbit.addEventListener("change", onChange);
    controls.current = orbit;
    return () => {
      orbit.removeEventListener("change", onChange);
      orbit.dispose();
      controls.current = null;
    };
  }, [camera, gl, invalidate]);

  const motion = (moving: boolean) => {
    if (nav.moving === moving) return;
    nav.moving = moving;
    queueMicrotask(() => latest.current.onMotion(moving));
  };

  const fly = (toPos: Vector3, toTarget: Vector3, then: () => void) => {
    const orbit = controls.current;
    const fromTarget = orbit ? orbit.target.clone() : camera.position.clone().add(camera.getWorldDirection(new Vector3()));
    nav.walkTo = null;
    nav.flight = {
      fromPos: camera.position.clone(),
      fromTarget,
      toPos,
      toTarget,
      started: performance.now(),
      seconds: latest.current.reducedMotion ? 0 : FLIGHT_SECONDS,
      then,
    };
    motion(true);
    invalidate();
  };

  const enterWalk = () => {
    if (!model) return;
    const orbit = controls.current;
    const eye = camera.position.clone();
    const direction = camera.getWorldDirection(new Vector3());
    const { bounds } = model;
    const inside = (v: Vector3) => v.x > bounds.minX && v.x < bounds.maxX && v.z > bounds.minZ && v.z < bounds.maxZ;
    // From above (the overview), one lands where one was looking; from eye height, where one stands.
    const highUp = eye.y > 4;
    const spot = highUp && orbit ? orbit.target.clone() : eye.clone();
    if (!inside(spot)) spot.set((bounds.minX + bounds.maxX) / 2, 0, (bounds.minZ + bounds.maxZ) / 2);
    const landed = standAt(model.root, eye, spot.x, spot.z, highUp ? 200 : eye.y);
    if (!landed) return;
    nav.mode = "walk";
    nav.yaw = Math.atan2(-direction.x, -direction.z);
    nav.pitch = 0;
    if (orbit) orbit.enabled = false;
    if (latest.current.reducedMotion || !highUp) {
      camera.position.copy(eye);
      applyLook();
      invalidate();
    } else {
      const ahead = eye.clone().add(new Vector3(-Math.sin(nav.yaw), 0, -Math.cos(nav.yaw)));
      fly(eye, ahead, () => applyLook());
    }
    latest.current.onModeChange?.("walk");
    latest.current.onAnnounce?.({ kind: "walking" });
  };

  const applyLook = () => {
    camera.rotation.set(nav.pitch, nav.yaw, 0, "YXZ");
  };

  const setMode = (mode: ViewerMode) => {
    const orbit = controls.current;
    if (mode === "walk") {
      if (nav.mode !== "walk") enterWalk();
      return;
    }
    nav.keys.clear();
    nav.mode = mode;
    if (orbit) {
      orbit.enabled = true;
      // The overview: from above, never under the ground.
      orbit.maxPolarAngle = Math.PI * 0.48;
    }
    latest.current.onModeChange?.(mode);
    if (mode === "orbit" && model) {
      const { bounds } = model;
      const cx = (bounds.minX + bounds.maxX) / 2;
      const cz = (bounds.minZ + bounds.maxZ) / 2;
      const size = Math.max(bounds.maxX - bounds.minX, bounds.maxZ - bounds.minZ);
      fly(new Vector3(cx - size * 0.45, size * 0.75, cz + size * 0.9), new Vector3(cx, 0, cz), () => latest.current.onAnnounce?.({ kind: "overview" }));
    }
  };

  const goToViewpoint = (index: number) => {
    const viewpoint: ViewerViewpoint | undefined = latest.current.viewpoints[index];
    if (!viewpoint) return;
    nav.keys.clear();
    nav.mode = "tour";
    if (controls.current) {
      controls.current.enabled = true;
      controls.current.maxPolarAngle = tourPolarLimit(viewpoint);
    }
    latest.current.onModeChange?.("tour");
    fly(new Vector3(...viewpoint.position), new Vector3(...viewpoint.target), () => latest.current.onAnnounce?.({ kind: "viewpoint", index }));
  };

  const stepBy = (metres: number, sideways = 0) => {
    if (!model) return false;
    const forward = new Vector3(-Math.sin(nav.yaw), 0, -Math.cos(nav.yaw));
    const right = new Vector3(Math.cos(nav.yaw), 0, -Math.sin(nav.yaw));
    const total = forward.multiplyScalar(metres).add(right.multiplyScalar(sideways));
    // In steps of at most 25 cm, so that no wall is skipped.
    const parts = Math.max(1, Math.ceil(total.length() / 0.25));
    const part = total.divideScalar(parts);
    let moved = false;
    for (let i = 0; i < parts; i++) {
      if (!walk(model.root, camera.position, part, model.bounds)) break;
      moved = true;
    }
    return moved;
  };

  // The page's buttons.
  useEffect(() => {
    props.controller.current = {
      goToViewpoint,
      setMode,
      step(metres) {
        if (nav.mode !== "walk") enterWalk();
        if (nav.mode !== "walk") return;
        if (!stepBy(metres)) latest.current.onAnnounce?.({ kind: "blocked" });
        applyLook();
        invalidate();
      },
      turn(radians) {
        if (nav.mode !== "walk") enterWalk();
        nav.yaw += radians;
        applyLook();
        invalidate();
      },
    };
    return () => {
      props.controller.current = null;
    };
  });

  // Keyboard (on the focused view) and pointer: walking and looking.
  useEffect(() => {
    const element = wrapper();
    const canvas = gl.domElement;
    if (!element) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.altKey || event.ctrlKey || event.metaKey) return;
      nav.running = event.shiftKey;
      const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
      if (!(key in KEYS)) return;
      event.preventDefault();
      if (nav.mode !== "walk") enterWalk();
      if (nav.mode !== "walk") return;
      if (!nav.keys.has(key)) nav.blockedAnnounced = false;
      nav.keys.add(key);
      nav.walkTo = null;
      motion(true);
      invalidate();
    };
    const onKeyUp = (event: KeyboardEvent) => {
      nav.running = event.shiftKey;
      const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
      nav.keys.delete(key);
    };
    const onBlur = () => nav.keys.clear();

    let press: { id: number; x: number; y: number; lastX: number; lastY: number; at: number; travelled: number } | null = null;
    const onPointerDown = (event: PointerEvent) => {
      if (nav.mode !== "walk") return;
      press = { id: event.pointerId, x: event.clientX, y: event.clientY, lastX: event.clientX, lastY: event.clientY, at: performance.now(), travelled: 0 };
      canvas.setPointerCapture?.(event.pointerId);
    };
    const onPointerMove = (event: PointerEvent) => {
      if (nav.mode !== "walk" || !press || press.id !== event.pointerId) return;
      const dx = event.clientX - press.lastX;
      const dy = event.clientY - press.lastY;
      press.lastX = event.clientX;
      press.lastY = event.clientY;
      press.travelled += Math.abs(dx) + Math.abs(dy);
      if (press.travelled < 6) return;
      nav.yaw += dx * LOOK_SENSITIVITY;
      nav.pitch = Math.max(-1.2, Math.min(1.2, nav.pitch + dy * LOOK_SENSITIVITY));
      applyLook();
      invalidate();
    };
    const onPointerUp = (event: PointerEvent) => {
      if (!press || press.id !== event.pointerId) return;
      const tap = press.travelled < 6 && performance.now() - press.at < 600;
      press = null;
      if (nav.mode !== "walk" || !tap || !shown.current) return;
      // A tap on the ground: walk there (a tap on a wall or in the sky does nothing).
      const rect = canvas.getBoundingClientRect();
      const pointer = new Vector2(((event.clientX - rect.left) / rect.width) * 2 - 1, -((event.clientY - rect.top) / rect.height) * 2 + 1);
      const caster = new Raycaster();
      caster.setFromCamera(pointer, camera);
      const hit = caster.intersectObject(shown.current, true)[0];
      if (!hit?.face) return;
      const normal = hit.face.normal.clone().transformDirection(hit.object.matrixWorld);
      if (normal.y < 0.6) return;
      nav.walkTo = new Vector3(hit.point.x, 0, hit.point.z);
      nav.yaw = Math.atan2(-(hit.point.x - camera.position.x), -(hit.point.z - camera.position.z));
      nav.blockedAnnounced = false;
      motion(true);
      invalidate();
    };
    element.addEventListener("keydown", onKeyDown);
    element.addEventListener("keyup", onKeyUp);
    element.addEventListener("focusout", onBlur);
    canvas.addEventListener("pointerdown", onPointerDown);
    canvas.addEventListener("pointermove", onPointerMove);
    canvas.addEventListener("pointerup", onPointerUp);
    canvas.addEventListener("pointercancel", onPointerUp);
    return () => {
      element.removeEventListener("keydown", onKeyDown);
      element.removeEventListener("keyup", onKeyUp);
      element.removeEventListener("focusout", onBlur);
      canvas.removeEventListener("pointerdown", onPointerDown);
      canvas.removeEventListener("pointermove", onPointerMove);
      canvas.removeEventListener("pointerup", onPointerUp);
      canvas.removeEventListener("pointercancel", onPointerUp);
    };
  });

  useFrame((_state, rawDelta) => {
    const delta = Math.min(rawDelta, 0.1);
    let moving = false;
    const flight = nav.flight;
    if (flight) {
      const t = flight.seconds === 0 ? 1 : Math.min(1, (performance.now() - flight.started) / (flight.seconds * 1000));
      const eased = t < 0.5 ? 2 * t * t : 1 - (-2 * t + 2) ** 2 / 2;
      camera.position.lerpVectors(flight.fromPos, flight.toPos, eased);
      const target = new Vector3().lerpVectors(flight.fromTarget, flight.toTarget, eased);
      camera.lookAt(target);
      controls.current?.target.copy(target);
      if (t >= 1) {
        nav.flight = null;
        if (nav.mode === "walk") applyLook();
        else controls.current?.update();
        flight.then();
      } else moving = true;
    } else if (nav.mode === "walk" && model) {
      let forward = 0;
      let sideways = 0;
      let turn = 0;
      for (const key of nav.keys) {
        const action = KEYS[key];
        if (action === "forward") forward += 1;
        if (action === "back") forward -= 1;
        if (action === "left") sideways -= 1;
        if (action === "right") sideways += 1;
        if (action === "turnLeft") turn += 1;
        if (action === "turnRight") turn -= 1;
      }
      if (forward || sideways || turn) {
        moving = true;
        nav.yaw += turn * TURN_SPEED * delta;
        if (forward || sideways) {
          const speed = WALK_SPEED * delta * (nav.running ? RUN_FACTOR : 1);
          if (!stepBy(forward * speed, sideways * speed) && !nav.blockedAnnounced) {
            nav.blockedAnnounced = true;
            latest.current.onAnnounce?.({ kind: "blocked" });
          }
        }
      } else if (nav.walkTo) {
        const to = nav.walkTo;
        const remaining = Math.hypot(to.x - camera.position.x, to.z - camera.position.z);
        if (remaining < 0.3) nav.walkTo = null;
        else {
          moving = true;
          nav.yaw = Math.atan2(-(to.x - camera.position.x), -(to.z - camera.position.z));
          if (!stepBy(Math.min(remaining, WALK_SPEED * delta))) {
            nav.walkTo = null;
            moving = false;
            latest.current.onAnnounce?.({ kind: "blocked" });
          }
        }
      }
      applyLook();
    }
    motion(moving);
    if (moving) invalidate();
    const element = wrapper();
    if (element) {
      const p = camera.position;
      element.dataset.camera = `${p.x.toFixed(2)},${p.y.toFixed(2)},${p.z.toFixed(2)}`;
      element.dataset.mode = nav.mode;
    }
    if (model && !readyReported.current) {
      readyReported.current = true;
      // This frame is drawn right after this callback: the next animation frame has it on screen.
      requestAnimationFrame(() => {
        if (element) element.dataset.firstFrameMs = String(Math.round(performance.now()));
        latest.current.onStatus("ready");
      });
    }
  });

  return null;
}

