/* Appeal pages: small enhancements over forms that already work without JavaScript.
   - the map picker writes the point into the latitude/longitude inputs;
   - "Use my location" fills them from the device;
   - "Copy the link" copies the private tracking link. */
(function () {
  "use strict";

  var DEFAULT_CENTER = [41.3111, 69.2797]; // Tashkent
  var DIGITS = 6;

  function inputs(root) {
    return {
      lat: document.getElementById(root.getAttribute("data-lat-input") || "id_latitude"),
      lon: document.getElementById(root.getAttribute("data-lon-input") || "id_longitude")
    };
  }

  function setPoint(fields, lat, lon) {
    fields.lat.value = lat.toFixed(DIGITS);
    fields.lon.value = lon.toFixed(DIGITS);
    // htmx listens for "change" to look for the same problem nearby; one event for both
    // fields, so a late second answer cannot replace what the person already clicked.
    fields.lon.dispatchEvent(new Event("change", { bubbles: true }));
  }

  function readPoint(fields) {
    var lat = parseFloat(fields.lat.value);
    var lon = parseFloat(fields.lon.value);
    return isFinite(lat) && isFinite(lon) ? [lat, lon] : null;
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

  function initPicker(root) {
    var tileUrl = root.getAttribute("data-tile-url");
    if (!tileUrl || !window.L) { return null; }
    var fields = inputs(root);
    if (!fields.lat || !fields.lon) { return null; }
    root.hidden = false;
    var start = readPoint(fields);
    var centre = (root.getAttribute("data-center") || "").split(",").map(parseFloat);
    if (centre.length !== 2 || !isFinite(centre[0]) || !isFinite(centre[1])) {
      centre = DEFAULT_CENTER;
    }
    var map = window.L.map(root.querySelector(".map"), { scrollWheelZoom: false })
      .setView(start || centre, start ? 17 : 14);
    window.L.tileLayer(tileUrl, {
      maxZoom: 19, attribution: root.getAttribute("data-attribution") || ""
    }).addTo(map);
    var marker = null;
    var icon = markerIcon(root);
    function place(latlng) {
      if (marker) {
        marker.setLatLng(latlng);
      } else {
        marker = window.L.marker(latlng, { icon: icon }).addTo(map);
      }
    }
    if (start) { place(start); }
    map.on("click", function (event) {
      place(event.latlng);
      setPoint(fields, event.latlng.lat, event.latlng.lng);
    });
    function fromInputs() {
      var point = readPoint(fields);
      if (point) { place(point); map.panTo(point); }
    }
    fields.lat.addEventListener("input", fromInputs);
    fields.lon.addEventListener("input", fromInputs);
    return { place: place, map: map };
  }

  function initLocate(button, picker) {
    var status = document.querySelector("[data-locate-status]");
    var form = button.closest("form");
    var root = form && form.querySelector("[data-map-picker]");
    var fields = root ? inputs(root) : { lat: document.getElementById("id_latitude"),
                                         lon: document.getElementById("id_longitude") };
    if (!navigator.geolocation || !fields.lat || !fields.lon) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      if (status) { status.textContent = button.getAttribute("data-wait-text") || ""; }
      navigator.geolocation.getCurrentPosition(function (position) {
        var lat = position.coords.latitude;
        var lon = position.coords.longitude;
        setPoint(fields, lat, lon);
        if (picker) { picker.place([lat, lon]); picker.map.setView([lat, lon], 17); }
        if (status) { status.textContent = button.getAttribute("data-done-text") || ""; }
      }, function () {
        if (status) { status.textContent = button.getAttribute("data-fail-text") || ""; }
      }, { enableHighAccuracy: true, timeout: 15000 });
    });
  }

  function initCopy(button) {
    var target = document.getElementById(button.getAttribute("data-copy-target"));
    if (!target || !navigator.clipboard) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(target.textContent.trim()).then(function () {
        button.textContent = button.getAttribute("data-copied-text") || button.textContent;
      });
    });
  }

  function keepEnterFromSubmitting(form) {
    // A long form: Enter in a one-line field must not send it (or run the mahalla search).
    form.addEventListener("keydown", function (event) {
      var target = event.target;
      if (event.key === "Enter" && target.tagName === "INPUT" &&
          ["submit", "button", "checkbox", "radio", "file"].indexOf(target.type) === -1) {
        event.preventDefault();
      }
    });
  }

  function init() {
    var picker = null;
    var form = document.getElementById("appeal-form");
    if (form) { keepEnterFromSubmitting(form); }
    var root = document.querySelector("[data-map-picker]");
    if (root) { picker = initPicker(root); }
    var locate = document.querySelector("[data-locate]");
    if (locate) { initLocate(locate, picker); }
    document.querySelectorAll("[data-copy-target]").forEach(initCopy);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
