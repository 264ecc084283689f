// The demo's pictures, drawn at seed time: SVG written here (gradients and shapes, no text, no
// external reference) rendered to PNG by sharp, then stored through storeImage like any upload
// (re-encoded to WebP variants). Nothing is downloaded and nothing is committed but this file.
import sharp from "sharp";

export type Picture = "square" | "squarePlan" | "park" | "stage" | "bikeLane" | "playground" | "playgroundPlan" | "market" | "parkPlan" | "stagePlan" | "bikePlan";

const W = 1200;
const H = 675;

function sky(top: string, bottom: string) {
  return `<defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${top}"/><stop offset="1" stop-color="${bottom}"/></linearGradient></defs>
  <rect width="${W}" height="${H}" fill="url(#sky)"/>`;
}

function tree(x: number, y: number, r: number, leaf = "#5b8c4a") {
  return `<rect x="${x - r * 0.12}" y="${y}" width="${r * 0.24}" height="${r * 1.3}" fill="#6b4f3a"/>
  <circle cx="${x}" cy="${y}" r="${r}" fill="${leaf}"/><circle cx="${x - r * 0.45}" cy="${y + r * 0.25}" r="${r * 0.7}" fill="${leaf}" opacity=".9"/>
  <circle cx="${x + r * 0.5}" cy="${y + r * 0.2}" r="${r * 0.65}" fill="#4f7d40" opacity=".9"/>`;
}

function facade(x: number, width: number, height: number, color: string, windows = "#f4efe4") {
  const y = 470 - height;
  let out = `<rect x="${x}" y="${y}" width="${width}" height="${height}" fill="${color}"/>
  <polygon points="${x - 8},${y} ${x + width / 2},${y - 40} ${x + width + 8},${y}" fill="#8a5a44"/>`;
  for (let wy = y + 24; wy < 440; wy += 56) {
    for (let wx = x + 18; wx < x + width - 30; wx += 46) out += `<rect x="${wx}" y="${wy}" width="22" height="32" rx="2" fill="${windows}" opacity=".9"/>`;
  }
  return out;
}

function person(x: number, y: number, color: string) {
  return `<circle cx="${x}" cy="${y - 46}" r="9" fill="#6d4c3d"/><rect x="${x - 9}" y="${y - 36}" width="18" height="36" rx="7" fill="${color}"/>`;
}

function grid(color: string) {
  let out = "";
  for (let x = 0; x <= W; x += 60) out += `<line x1="${x}" y1="0" x2="${x}" y2="${H}" stroke="${color}" stroke-width="1"/>`;
  for (let y = 0; y <= H; y += 60) out += `<line x1="0" y1="${y}" x2="${W}" y2="${y}" stroke="${color}" stroke-width="1"/>`;
  return out;
}

const SCENES: Record<Picture, () => string> = {
  // A town square at the end of a summer afternoon: facades, plane trees, the fountain, people.
  square: () => `${sky("#f6c98f", "#fbe9cf")}
    ${facade(40, 220, 260, "#e6c9a8")}${facade(280, 180, 300, "#d9b48f")}${facade(740, 200, 280, "#ecd5b5")}${facade(960, 210, 250, "#dcbc9a")}
    <rect y="470" width="${W}" height="205" fill="#d8cbb5"/>
    <ellipse cx="600" cy="540" rx="170" ry="38" fill="#bfae94"/><ellipse cx="600" cy="528" rx="150" ry="30" fill="#7fb3d5"/>
    <rect x="588" y="440" width="24" height="90" fill="#cfc4b2"/><circle cx="600" cy="436" r="20" fill="#9fd0ee" opacity=".8"/>
    ${tree(180, 380, 60)}${tree(1030, 390, 56)}${tree(470, 400, 44)}${tree(760, 405, 42)}
    ${person(330, 600, "#c0392b")}${person(360, 604, "#2e86c1")}${person(860, 610, "#16a085")}${person(900, 590, "#8e44ad")}`,
  // The same square seen from above, as the designers' sketch.
  squarePlan: () => `<rect width="${W}" height="${H}" fill="#f7f3ea"/>${grid("#e6dfd0")}
    <rect x="200" y="110" width="800" height="455" rx="18" fill="#eadfca" stroke="#b9a98a" stroke-width="4"/>
    <circle cx="600" cy="337" r="70" fill="#9fc9e6" stroke="#6f9fc2" stroke-width="4"/>
    ${[260, 380, 820, 940].map((x) => `<circle cx="${x}" cy="170" r="34" fill="#8fbf7a"/><circle cx="${x}" cy="505" r="34" fill="#8fbf7a"/>`).join("")}
    <rect x="300" y="300" width="140" height="18" rx="9" fill="#a0522d"/><rect x="760" y="356" width="140" height="18" rx="9" fill="#a0522d"/>
    <path d="M200 337 H530 M670 337 H1000" stroke="#d35400" stroke-width="6" stroke-dasharray="18 12"/>`,
  // The park: lawns, big lime trees, a path, the bandstand.
  park: () => `${sky("#bfe3f5", "#eaf6fb")}
    <path d="M0 420 Q300 360 600 410 T1200 390 V675 H0 Z" fill="#8cc56d"/><path d="M0 500 Q400 450 700 500 T1200 480 V675 H0 Z" fill="#76b35a"/>
    <path d="M520 675 Q580 560 640 470 Q700 430 760 420" stroke="#e8d9b5" stroke-width="46" fill="none"/>
    ${tree(160, 300, 90, "#4f8a3c")}${tree(380, 330, 70)}${tree(960, 290, 95, "#4f8a3c")}${tree(1110, 350, 60)}
    <rect x="700" y="330" width="120" height="70" fill="#f3efe6"/><polygon points="680,332 760,280 840,332" fill="#2f6f7e"/>
    ${person(560, 640, "#e67e22")}${person(600, 630, "#34495e")}`,
  parkPlan: () => `<rect width="${W}" height="${H}" fill="#eef5e6"/>${grid("#dbe8cf")}
    <rect x="120" y="90" width="960" height="495" rx="30" fill="#b9dca2" stroke="#7fae66" stroke-width="4"/>
    <path d="M120 585 C400 420 700 300 1080 90" stroke="#e8d9b5" stroke-width="28" fill="none"/>
    ${[[260, 200], [420, 160], [880, 420], [980, 500], [300, 470], [760, 170]].map(([x, y]) => `<circle cx="${x}" cy="${y}" r="48" fill="#6fa957"/>`).join("")}
    <circle cx="640" cy="360" r="52" fill="#f3efe6" stroke="#2f6f7e" stroke-width="6"/>`,
  // A stage with its curtain and footlights, the first rows of seats.
  stage: () => `<defs><radialGradient id="light" cx=".5" cy=".3" r=".7"><stop offset="0" stop-color="#ffe9a8"/><stop offset="1" stop-color="#3a1020"/></radialGradient></defs>
    <rect width="${W}" height="${H}" fill="url(#light)"/>
    <path d="M0 0 H1200 V90 Q900 150 600 110 Q300 150 0 90 Z" fill="#8b1a2b"/>
    <path d="M0 0 H170 Q140 300 190 520 H0 Z" fill="#a31d33"/><path d="M1200 0 H1030 Q1060 300 1010 520 H1200 Z" fill="#a31d33"/>
    <rect x="160" y="470" width="880" height="40" fill="#5a3a28"/>
    ${[300, 480, 660, 840].map((x) => `<circle cx="${x}" cy="470" r="7" fill="#fff3c4"/>`).join("")}
    ${person(520, 470, "#f1c40f")}${person(640, 470, "#1abc9c")}
    ${Array.from({ length: 9 }, (_, i) => `<rect x="${80 + i * 120}" y="560" width="100" height="70" rx="14" fill="#4a1420"/>`).join("")}`,
  stagePlan: () => `<rect width="${W}" height="${H}" fill="#2b1b2f"/>
    ${Array.from({ length: 7 }, (_, i) => `<rect x="${120 + i * 140}" y="${120 + (i % 2) * 60}" width="110" height="420" rx="10" fill="${["#c0392b", "#e67e22", "#f1c40f", "#16a085", "#2980b9", "#8e44ad", "#d35400"][i]}" opacity=".85"/>`).join("")}
    <rect x="80" y="580" width="1040" height="8" fill="#f5e6c8"/>`,
  // The avenue with its future two-way cycle lane, trees and a cyclist.
  bikeLane: () => `${sky("#cfe8f7", "#f2f8fc")}
    ${facade(20, 260, 250, "#e3d3c1")}${facade(900, 280, 270, "#d8c3ad")}
    <polygon points="0,675 1200,675 760,420 440,420" fill="#6f6f6f"/>
    <polygon points="0,675 330,675 560,420 440,420" fill="#2e8b57"/>
    <path d="M165 675 L500 420" stroke="#ffffff" stroke-width="6" stroke-dasharray="30 20"/>
    ${tree(360, 340, 46)}${tree(840, 340, 46)}
    <circle cx="240" cy="610" r="34" fill="none" stroke="#222" stroke-width="7"/><circle cx="340" cy="610" r="34" fill="none" stroke="#222" stroke-width="7"/>
    <path d="M240 610 L285 560 L340 610 M285 560 L300 540" stroke="#c0392b" stroke-width="7" fill="none"/>${person(292, 545, "#2c3e50")}`,
  bikePlan: () => `<rect width="${W}" height="${H}" fill="#f4f6f2"/>${grid("#e2e7de")}
    <rect x="0" y="280" width="${W}" height="120" fill="#bdbdbd"/><rect x="0" y="280" width="${W}" height="34" fill="#2e8b57"/>
    <path d="M0 297 H1200" stroke="#fff" stroke-width="3" stroke-dasharray="20 14"/>
    ${[150, 450, 750, 1050].map((x) => `<circle cx="${x}" cy="250" r="26" fill="#7fb069"/><circle cx="${x}" cy="430" r="26" fill="#7fb069"/>`).join("")}
    <rect x="560" y="400" width="80" height="60" fill="#f0b429"/>`,
  // The school yard: a tree-shaded court, planters, a play structure and a water fountain.
  playground: () => `${sky("#d6ecf8", "#f5fbff")}
    ${facade(60, 420, 230, "#f0d9b5", "#bfe0f2")}
    <rect y="470" width="${W}" height="205" fill="#d9c7a3"/><ellipse cx="820" cy="580" rx="260" ry="70" fill="#8cc56d"/>
    ${tree(760, 420, 70)}${tree(1000, 440, 56)}
    <rect x="560" y="500" width="150" height="16" fill="#e74c3c"/><rect x="570" y="516" width="12" height="80" fill="#e74c3c"/><rect x="690" y="516" width="12" height="80" fill="#e74c3c"/>
    <path d="M710 500 L800 600" stroke="#f1c40f" stroke-width="18"/>
    ${person(300, 630, "#3498db")}${person(360, 620, "#e67e22")}${person(420, 640, "#9b59b6")}`,
  playgroundPlan: () => `<rect width="${W}" height="${H}" fill="#f6f1e6"/>${grid("#e8e0cd")}
    <rect x="150" y="100" width="900" height="475" rx="16" fill="#e6d5b0" stroke="#b7a07a" stroke-width="4"/>
    <path d="M150 330 C400 260 700 420 1050 330 V575 H150 Z" fill="#a8d08d"/>
    ${[[300, 200], [520, 170], [800, 210], [960, 460], [420, 480]].map(([x, y]) => `<circle cx="${x}" cy="${y}" r="44" fill="#6fa957"/>`).join("")}
    <rect x="640" y="420" width="140" height="90" rx="12" fill="#f08a5d"/>`,
  // The covered market hall: iron and glass.
  market: () => `${sky("#e9eef3", "#fafbfc")}
    <rect x="160" y="260" width="880" height="230" fill="#c9d6de"/>
    <path d="M140 270 Q600 80 1060 270 Z" fill="#8fa7b5"/>
    ${Array.from({ length: 9 }, (_, i) => `<rect x="${190 + i * 100}" y="280" width="12" height="210" fill="#3d4f5c"/><rect x="${206 + i * 100}" y="300" width="78" height="150" fill="#e8f1f6" opacity=".8"/>`).join("")}
    <rect y="490" width="${W}" height="185" fill="#cfc7bb"/>
    ${person(420, 620, "#d35400")}${person(470, 610, "#27ae60")}${person(760, 625, "#2980b9")}`,
};

/** One picture as PNG bytes: sharp renders the SVG (librsvg), nothing else is read. */
export async function renderPicture(picture: Picture, width = W): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}">${SCENES[picture]()}</svg>`;
  return sharp(Buffer.from(svg)).resize({ width }).png({ compressionLevel: 3 }).toBuffer();
}
