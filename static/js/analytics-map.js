/* The heat map of the open statistics page: squares of problem reports from the open-data
   API, drawn over the configured tiles. The table under it holds the same numbers, so the
   page works without scripts. */
(function () {
  "use strict";

  var DEFAULT_CENTER = [41.3111, 69.2797]; // Tashkent

  function colour(share) {
    // From pale yellow to deep red as the square's share of the busiest square grows.
    var green = Math.round(220 - 190 * share);
    return "rgb(220," + green + ",40)";
  }

  function init() {
    var root = document.querySelector("[data-heat-map]");
    if (!root || !window.L || !root.getAttribute("data-tile-url")) { return; }
    root.hidden = false;
    var map = window.L.map(root, { scrollWheelZoom: false }).setView(DEFAULT_CENTER, 11);
    window.L.tileLayer(root.getAttribute("data-tile-url"), {
      maxZoom: 19, attribution: root.getAttribute("data-attribution") || ""
    }).addTo(map);
    var label = root.getAttribute("data-label") || "";
    fetch(root.getAttribute("data-cells-url"), { credentials: "omit" })
      .then(function (response) { return response.ok ? response.json() : { cells: [] }; })
      .then(function (data) {
        var cells = data.cells || [];
        var size = data.cell_degrees || 0.01;
        var top = cells.reduce(function (m, c) { return Math.max(m, c.reports); }, 1);
        var bounds = [];
        cells.forEach(function (cell) {
          var half = size / 2;
          var box = [[cell.latitude - half, cell.longitude - half],
                     [cell.latitude + half, cell.longitude + half]];
          var share = cell.reports / top;
          window.L.rectangle(box, {
            stroke: false, fillColor: colour(share), fillOpacity: 0.25 + 0.5 * share
          }).bindTooltip(cell.reports + " " + label).addTo(map);
          bounds.push(box[0], box[1]);
        });
        root.setAttribute("data-cells-drawn", String(cells.length));
        if (bounds.length) { map.fitBounds(bounds); }
      })
      .catch(function () { root.setAttribute("data-cells-drawn", "0"); });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
}());
