// Case management: the countdowns and the choice fields. Plain JavaScript, no build.
(function () {
  "use strict";

  // Count from the server's clock, not the device's: the page says what time the server had when it rendered.
  var skew = Date.parse(document.body.getAttribute("data-now")) - Date.now();
  var labels = { "open": "On time", "due-soon": "Due soon", "overdue": "Overdue" };

  function pad(n) { return n < 10 ? "0" + n : String(n); }

  // The same words as the server's Show.Countdown: "2d 03:04:05 left", "overdue by 00:10:00".
  function describe(ms) {
    var seconds = Math.floor(Math.abs(ms) / 1000);
    var days = Math.floor(seconds / 86400);
    seconds -= days * 86400;
    var clock = pad(Math.floor(seconds / 3600)) + ":" + pad(Math.floor(seconds % 3600 / 60)) + ":" + pad(seconds % 60);
    var text = days > 0 ? days + "d " + clock : clock;
    return ms < 0 ? "overdue by " + text : text + " left";
  }

  function tick() {
    var now = Date.now() + skew;
    document.querySelectorAll("[data-countdown]").forEach(function (flag) {
      var due = Date.parse(flag.getAttribute("data-due"));
      var soon = Date.parse(flag.getAttribute("data-soon"));
      var state = now >= due ? "overdue" : now >= soon ? "due-soon" : "open";
      flag.className = "flag flag-" + state;
      flag.querySelector(".flag-label").textContent = labels[state];
      flag.querySelector("time").textContent = describe(due - now);
    });
  }

  tick();
  window.setInterval(tick, 1000);

  // A choice shows only the fields of the option chosen (without script, all are shown, each labelled).
  document.querySelectorAll("select[data-choice]").forEach(function (select) {
    var field = select.closest(".field");
    function show() {
      field.querySelectorAll(":scope > .option-fields").forEach(function (group) {
        group.hidden = group.getAttribute("data-option") !== select.value;
      });
    }
    select.addEventListener("change", show);
    show();
  });
})();
