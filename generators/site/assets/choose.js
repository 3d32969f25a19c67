// The Choose page: the rules of generators/kb/choose.py, one for one, applied to api/v1/catalog.json.
// The rules are documented once, in that module's docstring; a browser test checks both give the same answer.
(function () {
  "use strict";
  var form = document.getElementById("choose-form");
  if (!form) { return; }

  var QUERY = ["in", "out", "calls", "days", "context", "output", "inputs", "outputs", "caps", "weights", "region",
    "providers", "exclude", "budget", "cached", "benchmark", "reporter", "minscore", "rank"];
  var LISTS = { inputs: 1, outputs: 1, caps: 1, providers: 1, exclude: 1 };
  var DEFAULTS = { "in": "1000", out: "500", calls: "1000", days: "30", weights: "any", cached: "0", reporter: "any",
    rank: "cost" };
  var REPORTERS = { any: null, vendor: ["vendor"], independent: ["independent"] };
  var WEIGHTS = { any: null, open: ["open"], "open-with-restrictions": ["open", "restricted"] };
  var catalog = null;

  function list(text) { return text.split(",").map(function (s) { return s.trim(); }).filter(Boolean); }
  function num(text) { return text === "" ? null : Number(text); }
  function all(answers) {
    return answers.indexOf(false) >= 0 ? false : answers.indexOf(null) >= 0 ? null : true;
  }
  function subset(wanted, have) { return wanted.every(function (x) { return have.indexOf(x) >= 0; }); }

  // Read and write the form as URL query parameters (the same keys as Constraints.query in choose.py).
  function readForm() {
    var q = {};
    QUERY.forEach(function (key) {
      var boxes = form.querySelectorAll("input[type=checkbox][name='" + key + "']");
      if (boxes.length) {
        q[key] = Array.prototype.filter.call(boxes, function (b) { return b.checked; })
          .map(function (b) { return b.value; }).join(",");
      } else if (form.elements[key]) {
        q[key] = form.elements[key].value.trim();
      }
    });
    return q;
  }
  function fillForm(params) {
    QUERY.forEach(function (key) {
      var value = params.get(key) || DEFAULTS[key] || "";
      var boxes = form.querySelectorAll("input[type=checkbox][name='" + key + "']");
      if (boxes.length) {
        Array.prototype.forEach.call(boxes, function (b) { b.checked = list(value).indexOf(b.value) >= 0; });
      } else if (form.elements[key]) {
        form.elements[key].value = value;
      }
    });
  }
  function constraints(q) {
    return { input: Number(q["in"] || DEFAULTS["in"]), output: Number(q.out || DEFAULTS.out),
      calls: Number(q.calls || DEFAULTS.calls), days: Number(q.days || DEFAULTS.days), context: num(q.context || ""),
      needed: num(q.output || ""), inputs: list(q.inputs || ""), outputs: list(q.outputs || ""),
      caps: list(q.caps || ""), weights: q.weights || "any", region: q.region || "",
      providers: list(q.providers || ""), exclude: list(q.exclude || ""), budget: num(q.budget || ""),
      cached: Number(q.cached || 0), benchmark: q.benchmark || "", reporter: q.reporter || "any",
      minScore: num(q.minscore || ""), rank: q.rank || "cost" };
  }

  // Rule 4: monthly cost, long-context tiers, cached share at the cached price else the input price.
  function monthly(k, price) {
    var ip = price.input, op = price.output, cp = price.cached_input;
    price.tiers.slice().sort(function (a, b) { return a.above_tokens - b.above_tokens; }).forEach(function (t) {
      if (k.input > t.above_tokens) { ip = t.input; op = t.output; cp = t.cached_input === undefined ? null : t.cached_input; }
    });
    var cached = k.input * k.cached;
    var perCall = ((k.input - cached) * ip + cached * (cp === null ? ip : cp) + k.output * op) / 1e6;
    return Math.round(perCall * k.calls * k.days * 1e9) / 1e9;  // undo float noise below a billionth of a dollar
  }

  // Rule 2: the constraints in choose.CONSTRAINTS order: [name, is set, check (true/false/null), reason].
  function places(c) { return c.o.regions.concat(c.p ? c.p.data_residency || [] : []).map(function (s) { return s.toLowerCase(); }); }
  var CONSTRAINTS = [
    ["provider", function (k) { return k.providers.length + k.exclude.length > 0; },
      function (k, c) { return (!k.providers.length || k.providers.indexOf(c.o.provider) >= 0) && k.exclude.indexOf(c.o.provider) < 0; },
      function () { return "provider not chosen"; }],
    ["weights", function (k) { return WEIGHTS[k.weights] !== null; },
      function (k, c) { return c.m.weights === "unknown" ? null : WEIGHTS[k.weights].indexOf(c.m.weights) >= 0; },
      function (k) { return "weights not " + k.weights; }],
    ["region", function (k) { return k.region !== ""; },
      function (k, c) { var p = places(c); return p.length ? p.indexOf(k.region.toLowerCase()) >= 0 : null; },
      function (k) { return "not served in " + k.region; }],
    ["inputs", function (k) { return k.inputs.length > 0; },
      function (k, c) { return c.m.modalities.input ? subset(k.inputs, c.m.modalities.input) : null; },
      function (k) { return "does not take " + k.inputs.join(", "); }],
    ["outputs", function (k) { return k.outputs.length > 0; },
      function (k, c) { return c.m.modalities.output ? subset(k.outputs, c.m.modalities.output) : null; },
      function (k) { return "does not give " + k.outputs.join(", "); }],
    ["capabilities", function (k) { return k.caps.length > 0; },
      function (k, c) { return all(k.caps.map(function (n) { var v = c.m.capabilities[n]; return v === undefined ? null : v; })); },
      function (k) { return "lacks " + k.caps.join(", "); }],
    ["context", function (k) { return k.context !== null; },
      function (k, c) { return c.o.context_window ? c.o.context_window.value >= k.context : null; },
      function (k) { return "context below " + k.context.toLocaleString("en-US"); }],
    ["output", function (k) { return k.needed !== null; },
      function (k, c) { return c.o.max_output ? c.o.max_output.value >= k.needed : null; },
      function (k) { return "max output below " + k.needed.toLocaleString("en-US"); }],
    ["fits", function () { return true; },
      function (k, c) {  // kb.current.fits
        if (!c.o.context_window) { return null; }
        if (k.input + k.output > c.o.context_window.value) { return false; }
        return !(c.o.max_output && k.output > c.o.max_output.value);
      },
      function (k) { return "a call of " + k.input.toLocaleString("en-US") + " in + " + k.output.toLocaleString("en-US") + " out does not fit"; }],
    ["budget", function (k) { return k.budget !== null; },
      function (k, c) { return c.monthly === null ? null : c.monthly <= k.budget; },
      function (k) { return "over $" + k.budget + "/month"; }],
    ["score", function (k) { return k.minScore !== null; },
      function (k, c) { var s = bestScore(c.m, k.benchmark, k.reporter); return s === null ? null : s.score >= k.minScore; },
      function (k) { return "scores below " + k.minScore + " on " + k.benchmark; }]
  ];

  // Rule 5: the model's highest score on the benchmark (the first such in the catalogue's date order).
  function bestScore(model, benchmark, reporter) {
    var best = null, whose = REPORTERS[reporter || "any"];
    model.scores.forEach(function (s) {
      if (s.benchmark === benchmark && (whose === null || whose.indexOf(s.reported_by) >= 0) &&
          (best === null || s.score > best.score)) {
        best = { score: s.score, reported_by: s.reported_by, reporter: s.reporter, when: s.when, claim: s.id,
                 sources: s.sources };
      }
    });
    return best;
  }

  // The facts of choose_results.row_facts, key for key: what a reader decides on beside the cost.
  function addDays(iso, days) {
    var d = new Date(iso + "T00:00:00Z");
    d.setUTCDate(d.getUTCDate() + days);
    return d.toISOString().slice(0, 10);
  }
  function facts(c, k) {
    return { context_window: c.o.context_window ? c.o.context_window.value : null,
      input_per_m: c.o.price.input, output_per_m: c.o.price.output, weights: c.m.weights, license: c.m.license,
      status: c.o.status, retires: c.o.retires,
      retires_first_party: c.o.retires !== null ? c.o.dates_first_party : null,
      retires_no_date_on: c.o.retires !== null ? c.o.no_date_on : null,
      retires_within_month: c.o.retires !== null && c.o.retires <= addDays(catalog.generated, k.days),
      checked: c.o.price.checked, price_basis: c.o.price.basis };
  }

  function check(k) {  // the refusals of choose.choose: a bad value in a shared URL is named, never guessed at
    if (!(k.weights in WEIGHTS)) { return "weights must be one of " + Object.keys(WEIGHTS).join(", "); }
    var caps = Array.prototype.map.call(form.querySelectorAll("input[name=caps]"), function (b) { return b.value; });
    var kinds = Array.prototype.map.call(form.querySelectorAll("input[name=inputs]"), function (b) { return b.value; });
    if (!subset(k.caps, caps)) { return "unknown capability; choose from " + caps.join(", "); }
    if (!subset(k.inputs.concat(k.outputs), kinds)) { return "unknown modality; choose from " + kinds.join(", "); }
    if (!(k.cached >= 0 && k.cached <= 1)) { return "the cached share of input is a fraction from 0 to 1"; }
    if (["cost", "score"].indexOf(k.rank) < 0 || !(k.reporter in REPORTERS)) {
      return "rank is one of cost, score; reporter one of any, vendor, independent";
    }
    if ((k.rank === "score" || k.minScore !== null) && !k.benchmark) {
      return "ranking by score or a minimum score needs a benchmark";
    }
    return "";
  }

  function choose(k) {
    var providers = {};
    catalog.providers.forEach(function (p) { providers[p.id] = p; });
    var active = CONSTRAINTS.filter(function (c) { return c[1](k); });
    var excluded = active.map(function (c) { return { constraint: c[0], count: 0, reason: c[3](k) }; });
    var ranked = [], unknown = [], candidates = [];
    catalog.models.forEach(function (m) {
      m.offerings.forEach(function (o) { candidates.push({ o: o, m: m, p: providers[o.provider] }); });
    });
    candidates.sort(function (a, b) { return a.o.id < b.o.id ? -1 : 1; });
    candidates.forEach(function (c) {
      c.monthly = c.o.price ? monthly(k, c.o.price) : null;
      var answers = active.map(function (con) { return con[2](k, c); });
      var failed = answers.indexOf(false);
      if (failed >= 0) { excluded[failed].count += 1; return; }
      var missing = active.filter(function (con, i) { return answers[i] === null; }).map(function (con) { return con[0]; });
      if (c.monthly === null) { missing.push("price"); }
      if (missing.length) { unknown.push({ offering: c.o.id, unknown: missing }); return; }
      ranked.push({ offering: c.o.id, page: c.o.page, name: c.m.name, provider: c.o.provider, monthly_usd: c.monthly,
        score: k.benchmark ? bestScore(c.m, k.benchmark, k.reporter) : null, pareto: false, facts: facts(c, k) });
    });
    ranked.sort(function (a, b) { return a.monthly_usd - b.monthly_usd || (a.offering < b.offering ? -1 : 1); });
    if (k.rank === "score") {  // best first, unscored last; the stable sort keeps cost, then id, among equals
      ranked.sort(function (a, b) {
        return (a.score === null) - (b.score === null) || (a.score && b.score ? b.score.score - a.score.score : 0);
      });
    }
    var top = null;
    ranked.filter(function (r) { return r.score; }).sort(function (a, b) {
      return a.monthly_usd - b.monthly_usd || b.score.score - a.score.score || (a.offering < b.offering ? -1 : 1);
    }).forEach(function (r) { if (top === null || r.score.score > top) { r.pareto = true; top = r.score.score; } });
    return { candidates: candidates.length, ranked: ranked, not_enough_data: unknown, excluded: excluded };
  }

  function providerName(id) {
    var p = catalog.providers.filter(function (x) { return x.id === id; })[0];
    return p ? p.name : id;
  }
  function usd(x) { return "$" + x.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: x < 1 ? 4 : 2 }); }
  function cell(row, text, attrs) {
    var td = row.insertCell();
    td.textContent = text;
    Object.keys(attrs || {}).forEach(function (a) { td.setAttribute(a, attrs[a]); });
    return td;
  }
  function renderFacts(row, f) {  // the row's data-facts is the whole set; the cells show it
    row.setAttribute("data-facts", JSON.stringify(f));
    cell(row, f.context_window === null ? "?" : f.context_window.toLocaleString("en-US"));
    cell(row, usd(f.input_per_m) + " / " + usd(f.output_per_m));
    cell(row, f.weights + (f.license ? " · " + f.license : ""));
    var status = cell(row, f.status + (f.retires ? " · retires " + f.retires : "") +
      (f.retires_first_party === false ? " (secondary sources only" +  // evidence.no_date_words, in words
        (f.retires_no_date_on ? "; the provider listed none on " + f.retires_no_date_on : "") + ")" : ""));
    if (f.retires_within_month) {
      status.className = "fl-retiring";
      status.textContent += " ⚠ within your month";
    }
    cell(row, f.checked || (f.price_basis === "observed" ? "observed, never checked" : "never checked"));
  }

  function render(result, k) {
    var bench = catalog.benchmarks.filter(function (b) { return b.id === k.benchmark; })[0];
    document.getElementById("choose-score-head").textContent = bench ? bench.name + " (★ Pareto front)" : "Score (pick a benchmark)";
    var heads = Array.prototype.map.call(document.querySelectorAll("#choose-ranking thead th"),
      function (th) { return th.textContent; });
    document.getElementById("choose-summary").textContent = result.candidates + " live offerings: " +
      result.ranked.length + " meet every constraint, " + result.not_enough_data.length + " lack data, " +
      (result.candidates - result.ranked.length - result.not_enough_data.length) + " excluded.";
    var ex = document.getElementById("choose-excluded");
    ex.textContent = "";
    result.excluded.forEach(function (e) {
      var li = document.createElement("li");
      li.setAttribute("data-constraint", e.constraint);
      li.setAttribute("data-count", e.count);
      li.textContent = e.count + " excluded: " + e.reason;
      ex.appendChild(li);
    });
    var body = document.querySelector("#choose-ranking tbody");
    body.textContent = "";
    result.ranked.forEach(function (r, i) {
      var row = body.insertRow();
      row.setAttribute("data-offering", r.offering);
      row.setAttribute("data-pareto", r.pareto);
      cell(row, String(i + 1));
      var link = document.createElement("a");
      link.href = "../" + r.page;  // the catalogue's link, from the site root (urls.offering_target)
      link.textContent = r.name;
      var where = document.createElement("small");
      where.textContent = providerName(r.provider);
      var named = row.insertCell();
      named.appendChild(link);
      named.appendChild(document.createElement("br"));
      named.appendChild(where);
      cell(row, usd(r.monthly_usd), { "data-usd": r.monthly_usd });
      renderFacts(row, r.facts);
      cell(row, r.score ? r.score.score + (r.pareto ? " ★" : "") + " (" + r.score.reported_by + ": " + r.score.reporter +
        ", " + r.score.when + ")" : "—",
        r.score ? { "data-score": r.score.score, "data-by": r.score.reported_by, "data-reporter": r.score.reporter,
                    "data-claim": r.score.claim } : {});
      // Narrow screens stack each row as a card; the label says which column a value came from.
      Array.prototype.forEach.call(row.cells, function (td, j) { td.setAttribute("data-label", heads[j]); });
    });
    document.getElementById("choose-none").hidden = result.ranked.length > 0;
    document.getElementById("choose-unknown-count").textContent = result.not_enough_data.length;
    var unknownBody = document.querySelector("#choose-unknown tbody");
    unknownBody.textContent = "";
    result.not_enough_data.forEach(function (u) {
      var row = unknownBody.insertRow();
      row.setAttribute("data-offering", u.offering);
      cell(row, u.offering);
      cell(row, u.unknown.join(", "), { "data-unknown": u.unknown.join(",") });
    });
  }

  function update() {
    var q = readForm();
    var params = new URLSearchParams();
    QUERY.forEach(function (key) { if (q[key] && q[key] !== DEFAULTS[key]) { params.set(key, q[key]); } });
    var query = params.toString();
    history.replaceState(null, "", query ? "?" + query : location.pathname);
    document.getElementById("choose-share").href = location.href;
    var problem = check(constraints(q));
    if (problem) {
      document.getElementById("choose-summary").textContent = "Cannot choose: " + problem + ".";
      document.querySelector("#choose-ranking tbody").textContent = "";
      return;
    }
    render(choose(constraints(q)), constraints(q));
  }

  form.addEventListener("submit", function (event) { event.preventDefault(); update(); });
  form.addEventListener("input", update);
  form.addEventListener("change", update);
  var workload = document.getElementById("choose-workload");
  workload.addEventListener("change", function () {
    var option = workload.options[workload.selectedIndex];
    ["in", "out", "calls", "days"].forEach(function (key) {
      if (option.getAttribute("data-" + key)) { form.elements[key].value = option.getAttribute("data-" + key); }
    });
    update();
  });
  fetch(form.getAttribute("data-catalog")).then(function (r) { return r.json(); }).then(function (data) {
    catalog = data;
    fillForm(new URLSearchParams(location.search));
    update();
    form.setAttribute("data-ready", "true");
  });
  window.flChoose = function (query) { return choose(constraints(query)); };
}());
