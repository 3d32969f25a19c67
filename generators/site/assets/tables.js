// Sort and filter the site's data tables, the state kept in the page's address so a sorted, filtered table can be
// shared. Works without a build step; without JavaScript the tables are plain tables, complete and readable.
// URL parameters are namespaced by the table's key (data-fl-table): ?models.sort=context&models.dir=desc&models.q=…
(function () {
  "use strict";

  var BLANKS = ["", "—", "never"];  // unknown: sorted last in either direction

  // A cell sorts by its data-sort attribute where it has one, else by its text: a number column by the first number
  // in it ("$1,234.50 / $2.00" is 1234.5), a date column by the first ISO date ("observed 2026-11-22, …").
  // Reading the text keeps the catalogue-scale tables free of an attribute per cell.
  function cellValue(row, index, type) {
    var cell = row.cells[index];
    if (!cell) { return null; }
    var raw = (cell.hasAttribute("data-sort") ? cell.getAttribute("data-sort") : cell.textContent).trim();
    if (BLANKS.indexOf(raw) !== -1) { return null; }
    if (type === "number") {
      var found = raw.match(/-?\d[\d,]*(\.\d+)?/);
      return found ? parseFloat(found[0].replace(/,/g, "")) : null;
    }
    if (type === "date") {
      var day = raw.match(/\d{4}-\d{2}-\d{2}/);
      return day ? day[0] : null;
    }
    return raw.toLowerCase();
  }

  function keyOf(table) { return table.getAttribute("data-fl-table") || table.id; }
  function columnKey(th) {
    return th.getAttribute("data-key") ||
      th.textContent.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
  }
  function params() { return new URLSearchParams(window.location.search); }
  function remember(name, value) {
    var p = params();
    if (value) { p.set(name, value); } else { p.delete(name); }
    var query = p.toString();
    history.replaceState(history.state, "", window.location.pathname + (query ? "?" + query : "") + window.location.hash);
  }

  function sortBy(table, index, ascending) {
    var headers = table.tHead.rows[0].cells;
    var th = headers[index];
    var type = th.getAttribute("data-type") || "text";
    Array.prototype.forEach.call(headers, function (h) { h.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = cellValue(a, index, type), y = cellValue(b, index, type);
      if (x === null || y === null) { return x === y ? 0 : x === null ? 1 : -1; }
      var order = x < y ? -1 : x > y ? 1 : 0;
      return ascending ? order : -order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
  }

  function makeSortable(table) {
    if (!table.tHead) { return; }
    var key = keyOf(table);
    var headers = table.tHead.rows[0].cells;
    Array.prototype.forEach.call(headers, function (th, index) {
      th.tabIndex = 0;
      th.setAttribute("role", "button");
      th.classList.add("fl-sortable");
      function sort() {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        sortBy(table, index, ascending);
        remember(key + ".sort", columnKey(th));
        remember(key + ".dir", ascending ? "" : "desc");
      }
      th.addEventListener("click", sort);
      th.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") { event.preventDefault(); sort(); }
      });
    });
    var wanted = params().get(key + ".sort");
    Array.prototype.forEach.call(headers, function (th, index) {
      if (wanted && columnKey(th) === wanted) { sortBy(table, index, params().get(key + ".dir") !== "desc"); }
    });
  }

  function makeFilterable(box) {
    var table = document.getElementById(box.getAttribute("data-for"));
    if (!table) { return; }
    var key = keyOf(table);
    var text = box.querySelector(".fl-text");
    var facets = box.querySelectorAll(".fl-facet");
    var count = box.querySelector(".fl-count");
    function name(facet) { return key + "." + facet.getAttribute("data-attr"); }
    function apply() {
      var needle = text ? text.value.trim().toLowerCase() : "";
      var shown = 0;
      Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
        var visible = !needle || row.textContent.toLowerCase().indexOf(needle) !== -1;
        Array.prototype.forEach.call(facets, function (facet) {
          var attr = row.getAttribute("data-" + facet.getAttribute("data-attr")) || "";
          if (facet.type === "checkbox") {
            if (facet.checked && attr !== facet.value) { visible = false; }
          } else if (facet.value) {
            if (facet.hasAttribute("data-min")) {
              var have = parseFloat(attr);  // unknown is not "at least": it does not pass a minimum
              if (isNaN(have) || have < parseFloat(facet.value)) { visible = false; }
            } else if (attr.split(" ").indexOf(facet.value) === -1) { visible = false; }
          }
        });
        row.hidden = !visible;
        if (visible) { shown += 1; }
      });
      if (count) { count.textContent = shown + " of " + table.tBodies[0].rows.length + " shown"; }
    }
    function save() {
      if (text) { remember(key + ".q", text.value.trim()); }
      Array.prototype.forEach.call(facets, function (facet) {
        remember(name(facet), facet.type === "checkbox" ? (facet.checked ? facet.value : "") : facet.value);
      });
    }
    // The address's state first: a shared link opens the table as it was shared. An unknown value is ignored.
    var p = params();
    if (text && p.get(key + ".q")) { text.value = p.get(key + ".q"); }
    Array.prototype.forEach.call(facets, function (facet) {
      var value = p.get(name(facet));
      if (value === null) { return; }
      if (facet.type === "checkbox") { facet.checked = value === facet.value; }
      else if (Array.prototype.some.call(facet.options, function (o) { return o.value === value; })) { facet.value = value; }
    });
    if (text) { text.addEventListener("input", function () { apply(); save(); }); }
    Array.prototype.forEach.call(facets, function (facet) {
      facet.addEventListener("change", function () { apply(); save(); });
    });
    apply();
  }

  function init() {
    document.querySelectorAll("table[data-fl-table]").forEach(makeSortable);
    document.querySelectorAll(".fl-filters").forEach(makeFilterable);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
