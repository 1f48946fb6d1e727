// Progressive enhancement of the community forms; every page works without it.
(function () {
  "use strict";

  // The outcome form: the appeal's kind and category matter only when it needs action.
  function toggleAppealFields(form) {
    var outcome = form.querySelector("select[name=outcome]");
    if (!outcome) return;
    var show = outcome.value === "needs_action";
    ["appeal_kind", "category"].forEach(function (name) {
      var field = form.querySelector("[name=" + name + "]");
      if (field && field.closest(".field")) {
        field.closest(".field").classList.toggle("is-hidden-field", !show);
      }
    });
  }

  // The slot form: a place for a reception in person, a link for a video one.
  function toggleSlotFields(form) {
    var checked = form.querySelector("input[name=kind]:checked");
    if (!checked) return;
    var video = checked.value === "video";
    var place = form.querySelector("[name=place]");
    var link = form.querySelector("[name=video_url]");
    if (place && place.closest(".field")) place.closest(".field").classList.toggle("is-hidden-field", video);
    if (link && link.closest(".field")) link.closest(".field").classList.toggle("is-hidden-field", !video);
  }

  document.querySelectorAll("form").forEach(function (form) {
    if (form.querySelector("select[name=outcome]")) {
      toggleAppealFields(form);
      form.addEventListener("change", function () { toggleAppealFields(form); });
    }
    if (form.querySelector("input[name=kind]")) {
      toggleSlotFields(form);
      form.addEventListener("change", function () { toggleSlotFields(form); });
    }
  });
})();
