/* Metadata editor: lists edited in the page, the bounding-box map, the temporal kinds and
 * the unsaved-changes guard.
 *
 * Every list button is a real submit button (op=add:path, remove:path, up:path...) that the
 * server handles when this script is absent; here the same operations happen in the page.
 * Inputs are named by JSON paths (contacts[2].sur_name), so after adding, removing or moving
 * an item the list is renumbered by rewriting each item's path prefix.
 */
(function () {
  "use strict";

  var form = document.querySelector("form[data-md-form]");
  if (!form) { return; }
  var ATTRS = ["name", "id", "for", "aria-describedby", "aria-labelledby", "data-prefix",
               "data-path"];
  var FIELDS = "input:not([type=hidden]):not([type=search]), select, textarea";
  var SIDES = ["west", "east", "north", "south"];
  var SVG = "http://www.w3.org/2000/svg";

  // --- unsaved-changes guard ----------------------------------------------------------------

  // Fields the editor renumbers must not count as restored edits: only typing, choosing and
  // the list buttons make the form dirty here.
  var setDirty = window.unsavedGuard(form, { restored: false });
  // Enter in a shared-contact search box asks for suggestions; it must not save the form.
  form.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && event.target.matches("input[type=search]")) {
      event.preventDefault();
    }
  });

  // --- renumbering --------------------------------------------------------------------------

  function escapeRe(text) { return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }

  function rewrite(root, from, to) {
    var pattern = new RegExp("(^|[-:\\s])" + escapeRe(from) + "(?=$|[.\\[:\\s_-])", "g");
    function visit(el) {
      ATTRS.concat(el.hasAttribute("data-op") ? ["value"] : []).forEach(function (name) {
        var value = el.getAttribute(name);
        if (value === null) { return; }
        var next = value.replace(pattern, "$1" + to);
        if (next !== value) { el.setAttribute(name, next); }
      });
      if (el.tagName === "TEMPLATE") { walk(el.content); }
    }
    function walk(node) { Array.prototype.forEach.call(node.querySelectorAll("*"), visit); }
    if (root.nodeType === 1) { visit(root); }
    walk(root);
  }

  function own(item, selector) {
    return Array.prototype.filter.call(item.querySelectorAll(selector), function (el) {
      return el.closest("[data-item]") === item;
    });
  }

  function itemsOf(list) {
    return Array.prototype.slice.call(list.querySelector(":scope > [data-items]").children);
  }

  function renumber(list) {
    var items = itemsOf(list);
    items.forEach(function (item, index) {
      var to = list.dataset.path + "[" + index + "]";
      if (item.dataset.prefix !== to) { rewrite(item, item.dataset.prefix, to); }
      own(item, "[data-number]").forEach(function (el) { el.textContent = index + 1; });
      own(item, "button[data-aria]").forEach(function (button) {
        button.setAttribute("aria-label", button.dataset.aria.replace("{n}", index + 1));
      });
      own(item, "button[data-op=up]").forEach(function (b) { b.disabled = index === 0; });
      own(item, "button[data-op=down]").forEach(function (b) {
        b.disabled = index === items.length - 1;
      });
    });
    list.querySelector(":scope > [data-none]").hidden = items.length > 0;
  }

  function firstField(item) {
    return Array.prototype.find.call(item.querySelectorAll(FIELDS), function (el) {
      return !el.closest("[hidden]") && !el.disabled;
    });
  }

  // --- list buttons -------------------------------------------------------------------------

  function add(list) {
    var template = list.querySelector(":scope > template[data-template]");
    var fragment = template.content.cloneNode(true);
    var item = fragment.querySelector("[data-item]");
    list.querySelector(":scope > [data-items]").appendChild(fragment);
    renumber(list);
    setUp(item);
    if (window.htmx) { window.htmx.process(item); }
    var field = firstField(item);
    (field || item).focus();
  }

  function remove(item, list) {
    var next = item.nextElementSibling || item.previousElementSibling;
    item.remove();
    renumber(list);
    var target = next ? own(next, "button[data-op=remove]")[0] : null;
    (target || list.querySelector(":scope > button[data-op=add]")).focus();
  }

  function move(item, list, up) {
    var box = item.parentNode;
    if (up && item.previousElementSibling) {
      box.insertBefore(item, item.previousElementSibling);
    } else if (!up && item.nextElementSibling) {
      box.insertBefore(item.nextElementSibling, item);
    }
    renumber(list);
    var same = own(item, "button[data-op=" + (up ? "up" : "down") + "]")[0];
    var other = own(item, "button[data-op=" + (up ? "down" : "up") + "]")[0];
    (same && !same.disabled ? same : other).focus();
  }

  function fillGlobal(button) {
    var path = button.value.slice("global:".length);
    var values = {west: "-180", east: "180", north: "90", south: "-90"};
    SIDES.forEach(function (side) {
      var input = form.elements.namedItem(path + "." + side);
      if (input) { input.value = values[side]; }
    });
    drawFrom(button.closest("fieldset"));
    setDirty(true);
  }

  form.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-op]");
    if (!button || !form.contains(button)) { return; }
    var op = button.dataset.op;
    var item = button.closest("[data-item]");
    var list = op === "add" ? button.closest("[data-repeat]") :
      (item && item.parentNode.closest("[data-repeat]"));
    if (op === "global") { event.preventDefault(); fillGlobal(button); return; }
    if (!list || ["add", "remove", "up", "down"].indexOf(op) < 0) { return; }
    event.preventDefault();
    if (op === "add") { add(list); } else if (op === "remove") { remove(item, list); }
    else { move(item, list, op === "up"); }
    setDirty(true);
  });

  // --- temporal kinds -----------------------------------------------------------------------

  function showKind(box) {
    var select = Array.prototype.find.call(box.querySelectorAll("select"), function (s) {
      return /\.kind$/.test(s.name);
    });
    if (!select) { return; }
    box.querySelectorAll("[data-show-for]").forEach(function (field) {
      field.hidden = field.dataset.showFor.split(" ").indexOf(select.value) < 0;
    });
  }

  form.addEventListener("change", function (event) {
    var box = event.target.closest("[data-temporal]");
    if (box && /\.kind$/.test(event.target.name)) { showKind(box); }
  });

  // --- bounding-box map ---------------------------------------------------------------------

  function sideInputs(fieldset) {
    var found = {};
    fieldset.querySelectorAll("input").forEach(function (input) {
      SIDES.forEach(function (side) {
        if (input.name && input.name.slice(-side.length - 1) === "." + side) { found[side] = input; }
      });
    });
    return found;
  }

  function degrees(input, limit) {
    if (!input || input.value.trim() === "") { return null; }
    var value = Number(input.value);
    return isFinite(value) && Math.abs(value) <= limit ? value : null;
  }

  function rects(box) {
    if ([box.west, box.east, box.north, box.south].indexOf(null) >= 0 || box.north < box.south) {
      return [];
    }
    var spans = box.west <= box.east ? [[box.west, box.east]] :
      [[box.west, 180], [-180, box.east]];
    return spans.map(function (span) {
      return {x: span[0], y: -box.north, width: span[1] - span[0], height: box.north - box.south};
    });
  }

  function drawFrom(fieldset) {
    var map = fieldset && fieldset.querySelector("[data-map]");
    if (!map) { return; }
    var inputs = sideInputs(fieldset);
    var box = {west: degrees(inputs.west, 180), east: degrees(inputs.east, 180),
               north: degrees(inputs.north, 90), south: degrees(inputs.south, 90)};
    var group = map.querySelector("[data-map-box]");
    while (group.firstChild) { group.removeChild(group.firstChild); }
    rects(box).forEach(function (r) {
      var rect = document.createElementNS(SVG, "rect");
      rect.setAttribute("class", "md-box");
      rect.setAttribute("data-testid", "map-box");
      ["x", "y", "width", "height"].forEach(function (k) { rect.setAttribute(k, r[k]); });
      group.appendChild(rect);
    });
  }

  function svgPoint(svg, event) {
    var point = svg.createSVGPoint();
    point.x = event.clientX;
    point.y = event.clientY;
    var p = point.matrixTransform(svg.getScreenCTM().inverse());
    return {lon: Math.max(-180, Math.min(180, p.x)), lat: Math.max(-90, Math.min(90, -p.y))};
  }

  function setUpMap(map) {
    var svg = map.querySelector("[data-map-svg]");
    var fieldset = map.closest("fieldset");
    var hint = map.querySelector("[data-map-hint]");
    var start = null;
    if (hint) { hint.hidden = false; }
    function update(event) {
      var end = svgPoint(svg, event);
      var inputs = sideInputs(fieldset);
      var values = {west: Math.min(start.lon, end.lon), east: Math.max(start.lon, end.lon),
                    north: Math.max(start.lat, end.lat), south: Math.min(start.lat, end.lat)};
      SIDES.forEach(function (side) {
        if (inputs[side]) { inputs[side].value = values[side].toFixed(2); }
      });
      drawFrom(fieldset);
      setDirty(true);
    }
    svg.addEventListener("pointerdown", function (event) {
      start = svgPoint(svg, event);
      svg.setPointerCapture(event.pointerId);
      event.preventDefault();
    });
    svg.addEventListener("pointermove", function (event) { if (start) { update(event); } });
    svg.addEventListener("pointerup", function (event) {
      if (start) { update(event); }
      start = null;
    });
  }

  form.addEventListener("input", function (event) {
    var name = event.target.name || "";
    if (/\.bbox\.(west|east|north|south)$/.test(name)) { drawFrom(event.target.closest("fieldset")); }
  });

  // --- set-up -------------------------------------------------------------------------------

  function setUp(root) {
    root.querySelectorAll("[data-temporal]").forEach(showKind);
    if (root.matches && root.matches("[data-temporal]")) { showKind(root); }
    root.querySelectorAll("[data-map]").forEach(setUpMap);
  }

  setUp(form);

  // A finished coverage inference shows its result after a reload.
  document.body.addEventListener("htmx:load", function (event) {
    var el = event.detail && event.detail.elt;
    if (!el || !el.matches || !el.matches(".job[data-status]")) { return; }
    if (["succeeded", "failed", "cancelled"].indexOf(el.dataset.status) >= 0 &&
        el.closest("[data-refresh-when-done]")) {
      window.location.reload();
    }
  });
})();
