// Walking at eye height without going through walls or under the ground, by casting rays against
// the model itself (any uploaded model works, not only ours): three horizontal rays (knees, chest,
// eyes) in the direction of the step, then one ray down to find the ground under the new place.
// A step up higher than a stair (a basin's rim, a platform) is refused, and so is a step off the model.
import { Raycaster, Vector3, type Object3D } from "three";
import { EYE_HEIGHT } from "./types";

/** How close one may stand to a wall, metres. */
const BODY_RADIUS = 0.35;
/** The highest step one climbs without noticing (a kerb, a stair). */
const MAX_STEP = 0.45;
// Above the highest step: anything lower is a step, judged by the ray down to the ground.
const PROBE_HEIGHTS = [MAX_STEP + 0.05, 1.0, 1.5];

export type Bounds = { minX: number; maxX: number; minZ: number; maxZ: number };

const ray = new Raycaster();
const origin = new Vector3();
const direction = new Vector3();
const down = new Vector3(0, -1, 0);

/** Height of the ground under (x, z), looking down from `fromY`; null when nothing is there. */
export function groundAt(world: Object3D, x: number, z: number, fromY: number): number | null {
  ray.set(origin.set(x, fromY, z), down);
  ray.far = fromY + 1000;
  const hit = ray.intersectObject(world, true)[0];
  return hit ? hit.point.y : null;
}

function blockedAhead(world: Object3D, eye: Vector3, step: Vector3): boolean {
  const distance = step.length();
  direction.copy(step).normalize();
  const ground = eye.y - EYE_HEIGHT;
  for (const h of PROBE_HEIGHTS) {
    ray.set(origin.set(eye.x, ground + h, eye.z), direction);
    ray.far = distance + BODY_RADIUS;
    if (ray.intersectObject(world, true).length > 0) return true;
  }
  return false;
}

function tryStep(world: Object3D, eye: Vector3, step: Vector3, bounds: Bounds | null): boolean {
  if (step.lengthSq() < 1e-10) return false;
  if (blockedAhead(world, eye, step)) return false;
  const x = eye.x + step.x;
  const z = eye.z + step.z;
  if (bounds && (x < bounds.minX || x > bounds.maxX || z < bounds.minZ || z > bounds.maxZ)) return false;
  const ground = eye.y - EYE_HEIGHT;
  const next = groundAt(world, x, z, ground + MAX_STEP + 0.05);
  if (next === null || next - ground > MAX_STEP) return false;
  eye.set(x, next + EYE_HEIGHT, z);
  return true;
}

/**
 * Moves the eye by `step` (horizontal), sliding along a wall when the full step is blocked.
 * Returns false when it could not move at all.
 */
export function walk(world: Object3D, eye: Vector3, step: Vector3, bounds: Bounds | null): boolean {
  if (tryStep(world, eye, step, bounds)) return true;
  const alongX = new Vector3(step.x, 0, 0);
  const alongZ = new Vector3(0, 0, step.z);
  const [first, second] = Math.abs(step.x) > Math.abs(step.z) ? [alongX, alongZ] : [alongZ, alongX];
  return tryStep(world, eye, first, bounds) || tryStep(world, eye, second, bounds);
}

/** Puts the eye on the ground under (x, z) (the highest surface below `fromY`); false if none. */
export function standAt(world: Object3D, eye: Vector3, x: number, z: number, fromY: number): boolean {
  const ground = groundAt(world, x, z, fromY);
  if (ground === null) return false;
  eye.set(x, ground + EYE_HEIGHT, z);
  return true;
}
