// The visit form: for a visit on site, once the rep ticks the consent box,
// ask the browser where the rep is and put it in the hidden fields.  The
// browser asks the rep too; a refusal, a failure or the box unticked leaves
// the fields empty and the visit is saved without them.
(function () {
  "use strict";

  function setUp(form) {
    var box = document.getElementById("location");
    var status = document.getElementById("location-status");
    var fields = {
      latitude: form.querySelector("input[name=latitude]"),
      longitude: form.querySelector("input[name=longitude]"),
      accuracy: form.querySelector("input[name=accuracy]"),
      source: form.querySelector("input[name=location_source]")
    };
    var consent = form.querySelector("input[name=location_consent]");
    var asked = false;

    function channel() {
      var checked = form.querySelector("input[name=channel]:checked");
      return checked ? checked.value : "";
    }

    function clear() {
      fields.latitude.value = "";
      fields.longitude.value = "";
      fields.accuracy.value = "";
      fields.source.value = "";
    }

    function ask() {
      if (asked) {
        return;
      }
      asked = true;
      if (!("geolocation" in navigator)) {
        status.textContent = box.dataset.unsupported;
        return;
      }
      status.textContent = box.dataset.asking;
      navigator.geolocation.getCurrentPosition(
        function (position) {
          var c = position.coords;
          fields.latitude.value = c.latitude.toFixed(6);
          fields.longitude.value = c.longitude.toFixed(6);
          fields.accuracy.value = c.accuracy.toFixed(1);
          // A fix within 100 m is a satellite one; wider ones come from
          // the network (cell towers, Wi-Fi).
          fields.source.value = c.accuracy <= 100 ? "gps" : "network";
          status.textContent =
            box.dataset.found + " (±" + Math.round(c.accuracy) + " m)";
        },
        function () {
          clear();
          status.textContent = box.dataset.refused;
        },
        { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 }
      );
    }

    function follow() {
      if (channel() === "onsite") {
        box.hidden = false;
        if (consent.checked) {
          ask();
        } else {
          asked = false;
          clear();
          status.textContent = "";
        }
      } else {
        // Only a visit on site keeps a location.
        box.hidden = true;
      }
    }

    form.querySelectorAll("input[name=channel]").forEach(function (input) {
      input.addEventListener("change", follow);
    });
    consent.addEventListener("change", follow);
    follow();
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("visit-form");
    if (form) {
      setUp(form);
    }
  });
})();
