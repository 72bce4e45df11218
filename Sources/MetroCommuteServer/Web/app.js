// MetroCommute's page: the network's districts and rail lines as the base map, districts shaded by commute
// class, hubs by transfer rating, and an isochrone wherever the map is clicked. Everything comes from this
// server's API; Chinese names as the data has them, English interface text.
"use strict";

const P = window.MetroPalette;
// scenario: "" is the base network (before), else the name of a scenario the server was started with (after).
const state = { summary: null, layers: {}, legend: {}, downloads: {}, scenario: "", classes: {} };
const $ = (id) => document.getElementById(id);

const map = L.map("map", { zoomControl: true, preferCanvas: false });
map.getContainer().style.background = P.background;
const panes = [["tiles", 200], ["districts", 400], ["circle", 410], ["isochrone", 420], ["lines", 430], ["stations", 440], ["hubs", 450]];
for (const [name, z] of panes) { map.createPane(name).style.zIndex = z; }
// Isochrone polygons and the circle outline let clicks and hovers through to the districts beneath.
map.getPane("isochrone").style.pointerEvents = "none";
map.getPane("circle").style.pointerEvents = "none";
const overlays = L.control.layers(null, {}, { collapsed: false }).addTo(map);
L.control.scale({ imperial: false }).addTo(map);
// What is under the pointer (districts, hubs), in a box: popups would swallow the click that draws an isochrone.
const info = L.control({ position: "bottomright" });
info.onAdd = () => { const box = L.DomUtil.create("div", "info"); box.id = "info"; box.style.display = "none"; return box; };
info.addTo(map);
function showInfo(html) { const box = $("info"); box.innerHTML = html || ""; box.style.display = html ? "block" : "none"; }
function hoverInfo(layer, html) { layer.on("mouseover", () => showInfo(html)); layer.on("mouseout", () => showInfo("")); }

function escapeHTML(text) {
  return String(text).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
}

function setStatus(id, text, error) {
  const el = $(id);
  el.textContent = text;
  el.className = error ? "status error" : "status";
}

async function getJSON(url, options) {
  const response = await fetch(url, options);
  const text = await response.text();
  let body;
  try { body = JSON.parse(text); } catch (e) { throw new Error(`${url}: ${response.status}, not JSON`); }
  if (!response.ok) throw new Error(body.error || `${url}: ${response.status}`);
  return body;
}

function query(params) {
  return Object.entries(params).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join("&");
}

// The request parameters on the side shown: the scenario's name added when one is chosen.
function sided(params) { return state.scenario ? { ...params, scenario: state.scenario } : params; }

// A download section's links: GeoJSON, GeoPackage and CSV of one API answer.
function formats(label, path, params) {
  const p = sided(params || {});
  const url = (format) => `${path}?${query(format ? { ...p, format } : p)}`;
  return [[`${label} GeoJSON`, url("")], [`${label} GeoPackage`, url("gpkg")], [`${label} CSV`, url("csv")]];
}

function replaceLayer(name, title, layer) {
  if (state.layers[name]) { overlays.removeLayer(state.layers[name]); map.removeLayer(state.layers[name]); }
  state.layers[name] = layer;
  layer.addTo(map);
  overlays.addOverlay(layer, title);
}

// Legend: one section per layer shown, entries named from the data.
function setLegend(section, title, entries) {
  state.legend[section] = { title, entries };
  const order = ["rings", "isochrone", "lines", "hubs"];
  const root = $("legend");
  root.innerHTML = "";
  for (const key of order) {
    const s = state.legend[key];
    if (!s || s.entries.length === 0) continue;
    const head = document.createElement("div");
    head.className = "note";
    head.textContent = s.title;
    root.appendChild(head);
    for (const e of s.entries) {
      const row = document.createElement("div");
      row.className = "legend-row";
      row.innerHTML = `<span class="swatch ${e.shape || ""}" style="background:${e.colour};${e.outline ? `border:2px solid ${e.outline};background:transparent` : ""}"></span><span>${escapeHTML(e.label)}</span>`;
      root.appendChild(row);
    }
  }
}

function setDownloads(section, links) {
  state.downloads[section] = links;
  const root = $("downloads");
  root.innerHTML = "";
  for (const key of ["rings", "compare", "isochrone", "network", "gaps"]) {
    for (const [label, url] of state.downloads[key] || []) {
      const a = document.createElement("a");
      a.href = url + (url.includes("?") && !url.endsWith("?") ? "&" : url.endsWith("?") ? "" : "?") + "download=1";
      a.textContent = label;
      a.setAttribute("download", "");
      root.appendChild(a);
    }
  }
}

function districtCentreLabel(layer, text) {
  layer.bindTooltip(escapeHTML(text), { permanent: true, direction: "center", className: "district-label", interactive: false });
}

// --- base map: districts, rail lines by tier, stations --------------------------------------------------

function drawDistricts(collection, shaded) {
  const classes = shaded ? [...new Set(collection.features.filter((f) => f.properties.kind === "district").map((f) => f.properties.class))] : [];
  // A class label's place among the four bands (≤budget/2, ≤3·budget/4, ≤budget, >budget), from its bound.
  const budget = shaded ? Number(collection.metadata?.options?.budget_min ?? $("budget").value) : 60;
  const band = (c) => c.startsWith(">") ? 3 : Math.max(0, [budget / 2, budget * 3 / 4, budget].findIndex((b) => Math.abs(b - parseFloat(c.slice(1))) < 0.06));
  classes.sort((a, b) => band(a) - band(b));
  const colour = (c) => P.ringClasses[band(c)];
  if (shaded) {
    state.classes = {};
    for (const f of collection.features) if (f.properties.kind === "district") state.classes[f.properties.district] = f.properties.class;
  }
  const districts = L.geoJSON(collection, {
    pane: "districts",
    filter: (f) => !f.properties.kind || f.properties.kind === "district",
    style: (f) => ({
      color: P.districtOutline, weight: 1,
      fillColor: shaded ? colour(f.properties.class) : P.districtUnrated, fillOpacity: shaded ? 0.65 : 0.5,
    }),
    onEachFeature: (f, layer) => {
      const p = f.properties;
      const name = p.district || p.name || "";
      districtCentreLabel(layer, name);
      let text = `<b>${escapeHTML(name)}</b>${p.city ? " · " + escapeHTML(p.city) : ""}<br>population ${Math.round(p.population || 0).toLocaleString("en")}`;
      if (shaded) {
        text += `<br>median ${p.travel_time_min == null ? "unreachable" : p.travel_time_min + " min"} (${escapeHTML(p.class)})`;
        text += `<br>${Math.round(100 * p.share_within_budget)}% within budget${p.in_circle ? " · in the circle" : ""}`;
      }
      hoverInfo(layer, text);
    },
  });
  replaceLayer("districts", shaded ? "Districts by commute class" : "Districts", districts);
  const circle = L.geoJSON(collection, {
    pane: "circle", interactive: false,
    filter: (f) => f.properties.kind === "commute_circle",
    style: () => ({ color: P.circleOutline, weight: 3, fill: false }),
  });
  if (shaded) replaceLayer("circle", "Commute circle", circle);
  if (shaded) {
    const entries = classes.map((c) => ({ label: `${c} min median`, colour: colour(c) }));
    if (collection.features.some((f) => f.properties.kind === "commute_circle")) {
      entries.push({ label: "commute circle", colour: "transparent", outline: P.circleOutline });
    }
    setLegend("rings", "Districts: median time to the core", entries);
  }
}

function drawLines(collection) {
  const weight = { trunk: 4, intercity: 3.5, suburban: 3, metro: 2.5, other: 1.5 };
  const lines = L.geoJSON(collection, {
    pane: "lines",
    style: (f) => ({ color: P.tiers[f.properties.tier] || P.tiers.other, weight: weight[f.properties.tier] || 1.5, opacity: 0.9 }),
    onEachFeature: (f, layer) => layer.bindTooltip(
      `${escapeHTML(f.properties.route)} (${escapeHTML(f.properties.tier)}) · ${f.properties.trains_per_hour} trains/h`, { sticky: true }),
  });
  replaceLayer("lines", "Rail lines", lines);
  const tiers = Object.keys(P.tiers).filter((t) => collection.features.some((f) => f.properties.tier === t));
  setLegend("lines", "Rail lines by tier", tiers.map((t) => ({ label: t, colour: P.tiers[t], shape: "line" })));
}

function drawStations(collection) {
  const labelled = [];
  const stations = L.geoJSON(collection, {
    pane: "stations",
    pointToLayer: (f, latlng) => L.circleMarker(latlng, {
      pane: "stations", radius: map.getZoom() >= 11 ? 3 : 1.5, color: P.tiers[f.properties.tier] || P.tiers.other, weight: 1, fillColor: "#fff", fillOpacity: 1,
    }),
    onEachFeature: (f, layer) => {
      layer.bindTooltip(escapeHTML(f.properties.name), { className: "station-label", direction: "right", offset: [4, 0] });
      labelled.push(layer);
    },
  });
  replaceLayer("stations", "Stations", stations);
  // Station names on the map from zoom 12; on hover before.
  const update = () => {
    const permanent = map.getZoom() >= 12;
    for (const layer of labelled) {
      const tip = layer.getTooltip();
      if (tip.options.permanent !== permanent) {
        const text = tip.getContent();
        layer.unbindTooltip();
        layer.bindTooltip(text, { permanent, className: "station-label", direction: "right", offset: [4, 0] });
      }
    }
  };
  if (state.stationLabels) map.off("zoomend", state.stationLabels);
  state.stationLabels = update;
  map.on("zoomend", update);
  update();
}

function drawHubs(collection) {
  const ratings = Object.keys(P.ratings);
  const hubs = L.geoJSON(collection, {
    pane: "hubs",
    filter: (f) => f.properties.kind === "hub",
    pointToLayer: (f, latlng) => L.circleMarker(latlng, {
      pane: "hubs", radius: 6, color: "#222", weight: 1, fillColor: P.ratings[f.properties.worst_rating] || "#999", fillOpacity: 0.95,
    }),
    onEachFeature: (f, layer) => hoverInfo(layer,
      `<b>${escapeHTML(f.properties.hub)}</b><br>tiers ${escapeHTML(f.properties.tiers)}<br>worst transfer: ${escapeHTML(f.properties.worst_rating.replace("_", "-"))}`),
  });
  replaceLayer("hubs", "Hubs by transfer rating", hubs);
  const present = ratings.filter((r) => collection.features.some((f) => f.properties.kind === "hub" && f.properties.worst_rating === r));
  setLegend("hubs", "Hubs: worst transfer", present.map((r) => ({ label: r.replace("_", "-"), colour: P.ratings[r], shape: "dot" })));
}

// --- analyses ------------------------------------------------------------------------------------------

async function loadRings() {
  const core = $("core").value.trim();
  if (!core) { setStatus("rings-status", "Give a core: a station, a district or lon,lat.", true); return; }
  const params = { core, budget: $("budget").value, depart: "07:00", window: 120 };
  const side = state.scenario;
  setStatus("rings-status", `Computing rings around ${core}…`);
  try {
    const collection = await getJSON(`/api/rings?${query(sided(params))}`);
    if (side !== state.scenario) return;  // switched meanwhile: the newer request draws
    drawDistricts(collection, true);
    const inCircle = collection.features.filter((f) => f.properties.in_circle);
    setStatus("rings-status", `${core}, 07:00–09:00${side ? ` (after: ${side})` : ""}: ${inCircle.length} districts in the ${params.budget}-minute circle.`);
    setDownloads("rings", formats("rings", "/api/rings", params));
    compareRings(params);
  } catch (error) {
    setStatus("rings-status", error.message, true);
  }
}

// The headline of the rings before and after the scenario shown (or the first one while the base is shown).
async function compareRings(params) {
  const scenarios = state.summary.scenarios;
  if (scenarios.length === 0) return;
  const name = state.scenario || scenarios[0].name;
  const p = { ...params, scenario: name };
  setStatus("compare-status", `Comparing the rings with ${name}…`);
  try {
    const diff = await getJSON(`/api/compare/rings?${query(p)}`);
    setStatus("compare-status", diff.headline);
    setDownloads("compare", [["compare GeoJSON", `/api/compare/rings?${query(p)}`], ["compare CSV", `/api/compare/rings?${query({ ...p, format: "csv" })}`],
      ["compare report", `/api/compare/rings?${query({ ...p, format: "md" })}`]]);
  } catch (error) {
    setStatus("compare-status", error.message, true);
  }
}

// The network drawn on the side shown: lines, stations and hubs of the base or of the scenario.
async function loadNetwork() {
  const [lines, stations] = await Promise.all(["lines", "stations"].map((layer) => getJSON(`/api/network/${layer}?${query(sided({}))}`)));
  drawLines(lines);
  drawStations(stations);
  setDownloads("network", ["stations", "lines", "hubs", "districts"].flatMap((layer) => formats(layer, `/api/network/${layer}`)));
  getJSON(`/api/gaps?${query(sided({}))}`).then((gaps) => {
    drawHubs(gaps);
    setDownloads("gaps", formats("gaps", "/api/gaps"));
  }).catch((error) => setStatus("rings-status", error.message, true));
}

function buildScenarioSwitch(scenarios) {
  const root = $("scenario-switch");
  if (scenarios.length === 0) {
    root.textContent = "Base network only (start serve with --scenario file.json for a before/after switch).";
    root.className = "note";
    return;
  }
  const choices = [["", "Before: base network"]].concat(scenarios.map((s) => [s.name, `After: ${s.name}`]));
  for (const [value, label] of choices) {
    const row = document.createElement("label");
    row.className = "choice";
    const input = document.createElement("input");
    input.type = "radio"; input.name = "scenario"; input.value = value; input.checked = value === state.scenario;
    input.addEventListener("change", () => switchScenario(value));
    row.appendChild(input);
    row.appendChild(document.createTextNode(" " + label));
    const s = scenarios.find((x) => x.name === value);
    if (s && s.description) row.title = s.description;
    root.appendChild(row);
  }
}

async function switchScenario(name) {
  state.scenario = name;
  document.body.dataset.scenario = name;
  await Promise.all([loadNetwork(), $("core").value.trim() && state.summary.districts > 0 ? loadRings() : Promise.resolve()]);
}

function addTiles(url) {
  L.tileLayer(url, { pane: "tiles", maxZoom: 18, attribution: "background tiles: serve --tiles" }).addTo(map);
  const warning = $("tiles-warning");
  warning.style.display = "block";
  warning.textContent = `Background tiles from ${url}. Chinese web maps (AutoNavi/Gaode, Tencent; Baidu's are BD-09) are in GCJ-02, `
    + "shifted by up to several hundred metres from WGS-84, which our lines, stations and districts are in: "
    + "the data will not sit exactly on such tiles.";
}

async function isochroneAt(latlng) {
  const cutoffs = $("cutoffs").value.trim();
  const params = {
    from: `${latlng.lng.toFixed(5)},${latlng.lat.toFixed(5)}`, depart: $("depart").value || "08:00", window: $("window").value,
    profile: $("profile").value, cutoffs, cell: $("cell").value,
  };
  if (state.scenario) params.scenario = state.scenario;
  setStatus("iso-status", `Computing the isochrone from ${params.from}…`);
  try {
    const started = performance.now();
    const collection = await getJSON("/api/isochrone", {
      method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ ...params, window: Number(params.window), cell: Number(params.cell) }),
    });
    const cut = [...new Set(collection.features.map((f) => f.properties.cutoff_min))].sort((a, b) => a - b);
    const colour = (c) => P.isochrone[Math.min(cut.indexOf(c), P.isochrone.length - 1)];
    // Longest cutoff first, so the shorter ones lie on top.
    collection.features.sort((a, b) => b.properties.cutoff_min - a.properties.cutoff_min);
    const layer = L.geoJSON(collection, {
      pane: "isochrone", interactive: false,
      filter: (f) => f.geometry !== null,
      style: (f) => ({ color: colour(f.properties.cutoff_min), weight: 1, fillColor: colour(f.properties.cutoff_min), fillOpacity: 0.5 }),
    });
    const origin = L.circleMarker(latlng, { pane: "hubs", radius: 5, color: "#000", fillColor: "#fff", fillOpacity: 1, interactive: false });
    replaceLayer("isochrone", "Isochrone", L.layerGroup([layer, origin]));
    setLegend("isochrone", `Isochrone from ${params.from}, ${params.depart} + ${params.window} min (${params.profile})`,
      cut.map((c) => ({ label: `≤ ${c} min`, colour: colour(c) })));
    const reached = collection.features.filter((f) => f.geometry !== null).length;
    setStatus("iso-status", `${reached} of ${cut.length} bands reached, ${Math.round(performance.now() - started)} ms.`);
    const { scenario, ...own } = params;
    setDownloads("isochrone", formats("isochrone", "/api/isochrone", own));
  } catch (error) {
    setStatus("iso-status", error.message, true);
  }
}

async function start() {
  try {
    const summary = await getJSON("/api/network");
    state.summary = summary;
    document.title = `MetroCommute · ${summary.area}`;
    $("title").textContent = `MetroCommute · ${summary.area}`;
    $("subtitle").textContent = `Timetables of ${summary.service_date} · ${summary.stops} stops · ${summary.districts} districts`;
    if (summary.bbox) map.fitBounds([[summary.bbox[1], summary.bbox[0]], [summary.bbox[3], summary.bbox[2]]]);
    else map.setView([39.9, 116.4], 9);
    $("core").value = summary.suggested_core || "";
    $("window").max = summary.limits.max_window_min;
    if (summary.tiles) addTiles(summary.tiles);
    buildScenarioSwitch(summary.scenarios);
    drawDistricts(await getJSON("/api/network/districts"), false);
    await loadNetwork();
    map.on("click", (e) => isochroneAt(e.latlng));
    $("rings-button").addEventListener("click", loadRings);
    if (summary.districts > 0 && summary.suggested_core) loadRings();
    document.body.dataset.ready = "true";
  } catch (error) {
    setStatus("iso-status", error.message, true);
  }
}

start();
