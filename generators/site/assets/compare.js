// The Compare page: two to four models of api/v1/catalog.json side by side. Record text only ever reaches the page
// through textContent and attribute setters, never as markup, so a name in a record cannot become an element.
(function () {
  "use strict";
  var form = document.getElementById("compare-form");
  if (!form) { return; }
  var root = form.getAttribute("data-root") || "";
  var out = document.getElementById("compare-result");
  var summary = document.getElementById("compare-summary");
  var share = document.getElementById("compare-share");
  var selects = Array.prototype.slice.call(form.querySelectorAll("select[name=m]"));
  var catalog = null;
  var providers = {};

  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    if (cls) { node.className = cls; }
    return node;
  }
  function link(text, href) { var a = el("a", text); a.setAttribute("href", href); return a; }
  // Pages are where catalog.json says they are (site/urls.py is their one definition).
  function page(record) { return root + record.page; }
  function usd(v) {
    if (v === null || v === undefined) { return "—"; }
    return "$" + Number(v).toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 4 });
  }
  function tokens(fact) { return fact ? Number(fact.value).toLocaleString("en-US") : "—"; }
  // The same wording as the pages' price dates (site/numbers.price_date): "since" only when the start is known.
  function priceDate(p) {
    return (p.basis === "effective" ? "since " + p.effective : "observed " + p.effective + ", start unknown") +
      (p.checked ? "; checked " + p.checked : "; unchecked");
  }

  function chosen() {
    var params = new URLSearchParams(window.location.search);
    var ids = [];
    params.getAll("m").forEach(function (v) { v.split(",").forEach(function (id) { if (id) { ids.push(id); } }); });
    var known = {};
    catalog.models.forEach(function (m) { known[m.id] = m; });
    return ids.filter(function (id, i) { return known[id] && ids.indexOf(id) === i; }).slice(0, 4)
      .map(function (id) { return known[id]; });
  }

  function writeUrl(models) {
    var params = new URLSearchParams();
    models.forEach(function (m) { params.append("m", m.id); });
    var query = params.toString();
    var url = window.location.pathname + (query ? "?" + query : "");
    window.history.replaceState(null, "", url);
    share.setAttribute("href", url);
  }

  function factRows(models) {
    var modal = function (m) { return ((m.modalities.input || []).join(", ") || "—") + " → " +
      ((m.modalities.output || []).join(", ") || "—"); };
    return [
      ["Lab", function (m) { return link((providers[m.lab] || {}).name || m.lab, providers[m.lab] ? page(providers[m.lab]) : "#"); }],
      ["Released", function (m) { return el("span", m.released || "not recorded"); }],
      ["Status", function (m) { return el("span", m.status, "fl-status-" + m.status); }],
      ["Weights", function (m) { return el("span", m.weights); }],
      ["Context window (tokens)", function (m) { return el("span", tokens(m.context_window)); }],
      ["Max output (tokens)", function (m) { return el("span", tokens(m.max_output)); }],
      ["Modalities", function (m) { return el("span", modal(m)); }]
    ];
  }

  function offeringsCell(m) {
    var cell = el("div");
    if (!m.offerings.length) { cell.appendChild(el("span", "no live offering")); }
    m.offerings.forEach(function (o) {
      var line = el("div", null, "fl-line");
      line.appendChild(link((providers[o.provider] || {}).name || o.provider,
        page(o)));
      var p = o.price;
      var text = p ? ": " + usd(p.input) + " in / " + usd(p.output) + " out" +
        (p.cached_input !== null ? ", cached " + usd(p.cached_input) : "") + " (" + priceDate(p) + ")" : ": no price";
      line.appendChild(el("span", text));
      cell.appendChild(line);
    });
    return cell;
  }

  function lifecycleCell(m) {
    var cell = el("div");
    m.offerings.forEach(function (o) {
      cell.appendChild(el("div", ((providers[o.provider] || {}).name || o.provider) + ": " + o.status +
        (o.retires ? ", retires " + o.retires : ""), "fl-line"));
    });
    if (!m.offerings.length) { cell.appendChild(el("span", m.status)); }
    return cell;
  }

  function best(m, benchmark, reportedBy) {
    var found = null;
    m.scores.forEach(function (s) {
      if (s.benchmark === benchmark && s.reported_by === reportedBy && (!found || s.score > found.score)) { found = s; }
    });
    return found;
  }

  function scoreCell(m, benchmark) {
    var cell = el("div");
    ["vendor", "independent"].forEach(function (who) {
      var s = best(m, benchmark.id, who);
      if (!s) { return; }
      var line = el("div", null, "fl-line");
      line.appendChild(el("span", s.score + " " + s.metric + " (" + who + ": " + s.reporter + ", " + s.when + ") "));
      s.sources.forEach(function (id) { line.appendChild(link("[" + id + "]", root + "sources/index.html#" +
        encodeURIComponent(id))); });
      cell.appendChild(line);
    });
    if (!cell.childNodes.length) { cell.appendChild(el("span", "—")); }
    return cell;
  }

  function render() {
    var models = chosen();
    selects.forEach(function (s, i) { s.value = models[i] ? models[i].id : ""; });
    writeUrl(models);
    out.textContent = "";
    if (models.length < 2) {
      summary.textContent = "Choose at least two models above.";
      return;
    }
    summary.textContent = "Comparing " + models.map(function (m) { return m.name; }).join(", ") + ".";
    var table = el("table", null, "fl-compare-table");
    var head = el("tr");
    head.appendChild(el("th", ""));
    models.forEach(function (m) { var th = el("th"); th.appendChild(link(m.name, page(m)));
      head.appendChild(th); });
    var thead = el("thead"); thead.appendChild(head); table.appendChild(thead);
    var body = el("tbody");
    function row(label, cell) {
      var tr = el("tr");
      tr.appendChild(el("th", label));
      models.forEach(function (m) { var td = el("td"); td.appendChild(cell(m)); tr.appendChild(td); });
      body.appendChild(tr);
    }
    factRows(models).forEach(function (r) { row(r[0], r[1]); });
    row("Prices at every host (USD per 1M tokens)", offeringsCell);
    row("Lifecycle at each host", lifecycleCell);
    catalog.benchmarks.forEach(function (b) {
      if (models.some(function (m) { return m.scores.some(function (s) { return s.benchmark === b.id; }); })) {
        row(b.name, function (m) { return scoreCell(m, b); });
      }
    });
    table.appendChild(body);
    out.appendChild(table);
  }

  form.addEventListener("change", function () {
    var params = new URLSearchParams();
    selects.forEach(function (s) { if (s.value) { params.append("m", s.value); } });
    window.history.replaceState(null, "", window.location.pathname + "?" + params.toString());
    render();
  });
  fetch(form.getAttribute("data-catalog")).then(function (r) { return r.json(); }).then(function (data) {
    catalog = data;
    catalog.providers.forEach(function (p) { providers[p.id] = p; });
    render();
  }).catch(function () { summary.textContent = "The catalogue could not be loaded; each model's page has the same facts."; });
}());
