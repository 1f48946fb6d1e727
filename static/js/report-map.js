/* The public problem map: markers from /map/reports.json over the configured tiles.
   The list under the map shows the same reports, so the page works without it. */
(function () {
  "use strict";

  var DEFAULT_CENTER = [41.3111, 69.2797]; // Tashkent

  function popup(report, openText) {
    // Built from text nodes: report text is never parsed as HTML.
    var box = document.createElement("div");
    var title = document.createElement("strong");
    title.textContent = report.number + " · " + report.category_label;
    var status = document.createElement("p");
    status.textContent = report.status_label + " · ♥ " + report.supporters;
    var text = document.createElement("p");
    text.textContent = report.text;
    var link = document.createElement("a");
    link.href = report.url;
    link.textContent = openText;
    box.appendChild(title);
    box.appendChild(status);
    box.appendChild(text);
    box.appendChild(link);
    return box;
  }

  // Explicit icon URLs: Leaflet cannot guess them from leaflet.css once file names are hashed.
  function markerIcon(root) {
    if (!root.getAttribute("data-marker-icon")) { return new window.L.Icon.Default(); }
    return window.L.icon({
      iconUrl: root.getAttribute("data-marker-icon"),
      iconRetinaUrl: root.getAttribute("data-marker-icon-2x"),
      shadowUrl: root.getAttribute("data-marker-shadow"),
      iconSize: [25, 41], iconAnchor: [12, 41], popupAnchor: [1, -34], shadowSize: [41, 41]
    });
  }

  function init() {
    var root = document.querySelector("[data-report-map]");
    if (!root || !window.L || !root.getAttribute("data-tile-url")) { return; }
    var map = window.L.map(root, { scrollWheelZoom: false }).setView(DEFAULT_CENTER, 11);
    window.L.tileLayer(root.getAttribute("data-tile-url"), {
      maxZoom: 19, attribution: root.getAttribute("data-attribution") || ""
    }).addTo(map);
    var openText = root.getAttribute("data-open-text") || "";
    var icon = markerIcon(root);
    fetch(root.getAttribute("data-reports-url"), { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : { reports: [] }; })
      .then(function (data) {
        var points = [];
        data.reports.forEach(function (report) {
          var point = [report.latitude, report.longitude];
          points.push(point);
          window.L.marker(point, { icon: icon, title: report.number, alt: report.category_label })
            .bindPopup(popup(report, openText)).addTo(map);
        });
        if (points.length) { map.fitBounds(points, { padding: [24, 24], maxZoom: 16 }); }
      });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
