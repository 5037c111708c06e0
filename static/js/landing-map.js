// Landing page: the map of where a resource's data are (Leaflet). The page's
// <script type="application/json" id="landing-map-data"> holds the extent to fit
// ([west, south, east, north]), the EML bounding boxes, the data's rounded locations
// ([latitude, longitude]) and the optional tile layer. Country outlines (Natural Earth, from
// the vendored world-atlas) are the basemap, so the map works offline.
// Once fitted, the map element tells what it shows (for tests and curious readers):
// data-bounds="west,south,east,north", data-zoom and data-extent-zoom (the zoom that just
// holds the extent).
(function () {
  "use strict";

  // Django's JavaScript catalogue (base.html) translates; without it the text stays English.
  var gettext = window.gettext || function (text) { return text; };
  var FIT_MAX_ZOOM = 10; // a single location is shown in its region, not in a field
  var FINE_FROM_ZOOM = 4; // the 1:50m outlines from this zoom, else the 1:110m ones

  function boundsOf(box) {
    return L.latLngBounds([box[1], box[0]], [box[3], box[2]]);
  }

  function showView(element, map) {
    var b = map.getBounds();
    element.dataset.bounds = [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].join(",");
    element.dataset.zoom = String(map.getZoom());
  }

  // A ring of the outlines that crosses the antimeridian jumps from 180° to -180° and back
  // (Fiji, Chukotka): continued east of 180° it is drawn as one piece, not as a line across
  // the world. Antarctica's ring (one jump, around the pole) stays as it is.
  function mendRing(ring) {
    var jumps = 0;
    for (var k = 1; k < ring.length; k++) {
      if (Math.abs(ring[k][0] - ring[k - 1][0]) > 180) jumps++;
    }
    if (jumps !== 2) return;
    ring.forEach(function (point) { if (point[0] < 0) point[0] += 360; });
  }

  function mend(collection) {
    collection.features.forEach(function (feature) {
      var geometry = feature.geometry;
      if (!geometry) return;
      var polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
      polygons.forEach(function (polygon) { polygon.forEach(mendRing); });
    });
    return collection;
  }

  function addOutlines(element, map) {
    var url = map.getZoom() >= FINE_FROM_ZOOM ? element.dataset.outlinesFine : element.dataset.outlines;
    if (!url || !window.topojson) return;
    map.createPane("outlines").style.zIndex = 150; // under the tiles (200) if there are any
    fetch(url, { credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (topology) {
        L.geoJSON(mend(topojson.feature(topology, topology.objects.countries)), {
          pane: "outlines",
          interactive: false,
          style: { className: "map-country", weight: 0.6, fillOpacity: 1 },
        }).addTo(map);
        element.dataset.outlinesLoaded = "true";
      })
      .catch(function () { /* no outlines: the boxes and points still show */ });
  }

  function addTiles(map, tiles) {
    if (!tiles || !tiles.url) return;
    L.tileLayer(tiles.url, { attribution: tiles.attribution || "", maxZoom: 18 }).addTo(map);
  }

  function addBoxes(map, boxes) {
    boxes.forEach(function (box) {
      L.rectangle(boundsOf(box), { className: "map-box", weight: 1.5, interactive: false }).addTo(map);
    });
  }

  function addPoints(map, data) {
    var icon = L.divIcon({ className: "map-dot", iconSize: [9, 9] });
    var markers = data.points.map(function (p) {
      return L.marker(p, { icon: icon, keyboard: false, interactive: false });
    });
    var layer = data.cluster && L.markerClusterGroup
      ? L.markerClusterGroup({ showCoverageOnHover: false, chunkedLoading: true })
      : L.layerGroup();
    if (layer.addLayers) layer.addLayers(markers); else markers.forEach(function (m) { layer.addLayer(m); });
    layer.addTo(map);
  }

  function draw(element, data) {
    element.hidden = false;
    var map = L.map(element, {
      maxZoom: data.tiles ? 18 : 12,
      zoomControl: false,
      attributionControl: true,
    });
    L.control.zoom({
      zoomInTitle: element.dataset.zoomIn || gettext("Zoom in"),
      zoomOutTitle: element.dataset.zoomOut || gettext("Zoom out"),
    }).addTo(map);
    // Leaflet's own credit link, its title in the page's language (the catalogue's text).
    var credit = document.createElement("a");
    credit.href = "https://leafletjs.com";
    credit.title = gettext("A JavaScript library for interactive maps");
    credit.textContent = "Leaflet";
    map.attributionControl.setPrefix(credit.outerHTML);
    map.attributionControl.addAttribution("Natural Earth");
    var extent = boundsOf(data.extent);
    function fit() {
      map.fitBounds(extent, { padding: [12, 12], maxZoom: FIT_MAX_ZOOM, animate: false });
      element.dataset.extentZoom = String(Math.min(map.getBoundsZoom(extent), FIT_MAX_ZOOM));
    }
    fit();
    showView(element, map);
    map.on("moveend zoomend", function () { showView(element, map); });
    // A new window size fits the data again, unless the visitor has moved the map since.
    var moved = false;
    map.on("dragstart zoomstart", function (event) { if (!fitting) moved = true; });
    var fitting = false;
    map.on("resize", function () {
      if (moved) return;
      fitting = true;
      fit();
      fitting = false;
    });
    addOutlines(element, map);
    addTiles(map, data.tiles);
    addBoxes(map, data.boxes);
    addPoints(map, data);
    element.dataset.ready = "true";
  }

  document.addEventListener("DOMContentLoaded", function () {
    var element = document.getElementById("landing-map");
    var source = document.getElementById("landing-map-data");
    if (!element || !source || !window.L) return;
    draw(element, JSON.parse(source.textContent));
  });
})();
