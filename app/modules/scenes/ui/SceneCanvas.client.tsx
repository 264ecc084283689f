// The browser-only entry of the 3D viewer (scenes/viewer): a `.client` module, so that the server
// build gets an empty module instead of three.js, and SceneViewer imports it lazily.
export { default } from "../../../../scenes/viewer/SceneCanvas";
