// Small enhancements; every page works without them.
(function () {
  "use strict";

  // The chooser takes either a named period or a range of dates: picking
  // one clears the other, so the form never asks for both.
  function linkPeriodAndRange(form) {
    var period = form.querySelector("select[name=period]");
    var start = form.querySelector("input[name=start]");
    var end = form.querySelector("input[name=end]");
    if (!period || !start || !end) {
      return;
    }
    period.addEventListener("change", function () {
      if (period.value) {
        start.value = "";
        end.value = "";
      }
    });
    [start, end].forEach(function (input) {
      input.addEventListener("change", function () {
        if (input.value) {
          period.value = "";
        }
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var chooser = document.getElementById("chooser");
    if (chooser) {
      linkPeriodAndRange(chooser);
    }
  });
})();
