/* A calendar for the portal's date boxes (core.dates.ThaiDateInput): months in Thai, years in the
   Buddhist era, the day written back as dd/mm/yyyy (B.E.). Typing stays possible; the server reads
   and checks the text either way, so this file only saves keystrokes. No dependencies. */
(function () {
  "use strict";
  if (window.thaiDatePicker) return;
  window.thaiDatePicker = true;

  var BE = 543;
  var thai = (document.documentElement.lang || "th").indexOf("th") === 0;
  var MONTHS = thai
    ? ["มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน", "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม"]
    : ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
  var DAYS = thai ? ["อา", "จ", "อ", "พ", "พฤ", "ศ", "ส"] : ["Su", "Mo", "Tu", "We", "Th", "Fr", "Sa"];
  var LABELS = thai
    ? { prev: "เดือนก่อน", next: "เดือนถัดไป", year: "ปี พ.ศ.", month: "เดือน", close: "ปิด" }
    : { prev: "Previous month", next: "Next month", year: "Year (B.E.)", month: "Month", close: "Close" };

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  function readBox(text) {
    var digits = text.replace(/[๐-๙]/g, function (d) { return String(d.charCodeAt(0) - 0x0e50); });
    var m = digits.match(/^\s*(\d{1,2})\s*[\/.\-]\s*(\d{1,2})\s*[\/.\-]\s*(\d{4})\s*$/);
    if (!m) return null;
    var year = parseInt(m[3], 10);
    if (year >= 2400) year -= BE;
    var day = new Date(year, parseInt(m[2], 10) - 1, parseInt(m[1], 10));
    return isNaN(day.getTime()) ? null : day;
  }

  function button(text, label) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "btn btn-sm btn-light";
    b.textContent = text;
    if (label) b.setAttribute("aria-label", label);
    return b;
  }

  function open(box, opener) {
    close();
    var chosen = readBox(box.value);
    var shown = chosen || new Date();
    var panel = document.createElement("div");
    panel.className = "thai-date-panel card shadow p-2";
    panel.setAttribute("role", "dialog");
    panel.setAttribute("aria-label", box.getAttribute("aria-label") || LABELS.month);

    var head = document.createElement("div");
    head.className = "d-flex gap-1 align-items-center mb-2";
    var prev = button("‹", LABELS.prev), next = button("›", LABELS.next);
    var month = document.createElement("select");
    month.className = "form-select form-select-sm";
    month.setAttribute("aria-label", LABELS.month);
    MONTHS.forEach(function (name, i) { month.add(new Option(name, i)); });
    var year = document.createElement("input");
    year.type = "number";
    year.className = "form-control form-control-sm";
    year.style.width = "6.5em";
    year.setAttribute("aria-label", LABELS.year);
    head.append(prev, month, year, next);
    var grid = document.createElement("div");
    grid.className = "thai-date-grid";
    panel.append(head, grid);

    function draw() {
      month.value = shown.getMonth();
      year.value = shown.getFullYear() + BE;
      grid.replaceChildren();
      DAYS.forEach(function (d) {
        var h = document.createElement("span");
        h.className = "thai-date-weekday";
        h.textContent = d;
        grid.append(h);
      });
      var first = new Date(shown.getFullYear(), shown.getMonth(), 1);
      for (var i = 0; i < first.getDay(); i++) grid.append(document.createElement("span"));
      var last = new Date(shown.getFullYear(), shown.getMonth() + 1, 0).getDate();
      for (var d = 1; d <= last; d++) {
        var b = button(String(d), d + " " + MONTHS[shown.getMonth()] + " " + (shown.getFullYear() + BE));
        b.dataset.day = d;
        if (chosen && chosen.getFullYear() === shown.getFullYear() && chosen.getMonth() === shown.getMonth() && chosen.getDate() === d) {
          b.className = "btn btn-sm btn-primary";
          b.setAttribute("aria-current", "date");
        }
        grid.append(b);
      }
    }
    function move(months) { shown = new Date(shown.getFullYear(), shown.getMonth() + months, 1); draw(); }
    prev.addEventListener("click", function () { move(-1); });
    next.addEventListener("click", function () { move(1); });
    month.addEventListener("change", function () { shown = new Date(shown.getFullYear(), +month.value, 1); draw(); });
    // The days follow the year as it is typed. Clicking a day then fires "change" on the year box between
    // the press and the release; drawing the days anew there would swallow the click, so only a new year redraws.
    function yearTyped() {
      var be = parseInt(year.value, 10);
      if (be >= 2400 && be <= 2700 && be - BE !== shown.getFullYear()) {
        shown = new Date(be - BE, shown.getMonth(), 1);
        draw();
      }
    }
    year.addEventListener("input", yearTyped);
    year.addEventListener("change", yearTyped);
    grid.addEventListener("click", function (event) {
      var day = event.target.dataset && event.target.dataset.day;
      if (!day) return;
      box.value = pad(+day) + "/" + pad(shown.getMonth() + 1) + "/" + (shown.getFullYear() + BE);
      box.dispatchEvent(new Event("change", { bubbles: true }));
      close();
      box.focus();
    });
    panel.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { close(); opener.focus(); }
    });
    draw();
    opener.parentNode.append(panel);
    month.focus();
  }

  function close() {
    document.querySelectorAll(".thai-date-panel").forEach(function (p) { p.remove(); });
  }

  document.addEventListener("click", function (event) {
    var opener = event.target.closest("[data-thai-date-open]");
    if (opener) {
      var box = opener.parentNode.querySelector("input");
      var already = opener.parentNode.querySelector(".thai-date-panel");
      if (already) close(); else open(box, opener);
      return;
    }
    if (!event.target.closest(".thai-date-panel")) close();
  });

  function enable() {
    document.querySelectorAll("[data-thai-date-open]").forEach(function (b) { b.hidden = false; });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", enable); else enable();
})();
