// Case management: the countdowns and the choice fields. Plain JavaScript, no build.
(function () {
  "use strict";

  // Count from the server's clock, not the device's: the page says what time the server had when it rendered.
  var skew = Date.parse(document.body.getAttribute("data-now")) - Date.now();
  // An overdue flag needs no label: its words say "2 hours 11 minutes overdue".
  var labels = { "open": "On time", "due-soon": "Due soon", "overdue": "" };

  function count(n, unit) { return n === 0 ? "" : n + " " + unit + (n === 1 ? "" : "s"); }
  function join(a, b) { return b === "" ? a : a + " " + b; }

  // The same words as the server's Show.Countdown: the two largest units, truncated.
  function describe(ms) {
    var seconds = Math.floor(Math.abs(ms) / 1000);
    var days = Math.floor(seconds / 86400);
    var hours = Math.floor(seconds % 86400 / 3600);
    var minutes = Math.floor(seconds % 3600 / 60);
    var text = days > 0 ? join(count(days, "day"), count(hours, "hour"))
      : hours > 0 ? join(count(hours, "hour"), count(minutes, "minute"))
      : minutes > 0 ? join(count(minutes, "minute"), count(seconds % 60, "second"))
      : seconds === 0 ? "0 seconds" : count(seconds, "second");
    return text + (ms < 0 ? " overdue" : " left");
  }

  function tick() {
    var now = Date.now() + skew;
    document.querySelectorAll("[data-countdown]").forEach(function (flag) {
      var due = Date.parse(flag.getAttribute("data-due"));
      var soon = Date.parse(flag.getAttribute("data-soon"));
      var state = now >= due ? "overdue" : now >= soon ? "due-soon" : "open";
      flag.className = "flag flag-" + state;
      var label = flag.querySelector(".flag-label");
      label.textContent = labels[state];
      label.hidden = labels[state] === "";
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
