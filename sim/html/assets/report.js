// Draws a Gatetune HTML report from its data: the JSON in #report-data, written by
// sim/html/page.cpp. Every section names its renderer (`kind`); charts are uPlot charts (the
// vendored third_party/uplot), the waterfall, heatmap and Pareto points drawn on uPlot's canvas in
// its draw hook so they share its scales, axes, cursor and zoom. When everything is drawn the page
// writes what it rendered into #render-status (JSON: sections, charts with the coloured pixels
// each painted, errors caught, render time), which the tests read from the DOM.
(function () {
  "use strict";

  const status = { state: "rendering", sections: [], charts: [], errors: [], render_ms: null };
  const statusElement = document.getElementById("render-status");
  const writeStatus = () => {
    statusElement.textContent = JSON.stringify(status);
    statusElement.setAttribute("data-state", status.state);
  };
  const fail = (message) => {
    status.errors.push(String(message));
    writeStatus();
  };
  window.addEventListener("error", (e) => fail(e.message + " (" + e.filename + ":" + e.lineno + ")"));
  window.addEventListener("unhandledrejection", (e) => fail("unhandled rejection: " + e.reason));
  for (const level of ["error", "warn"]) {
    const original = console[level];
    console[level] = function (...args) {
      fail("console." + level + ": " + args.join(" "));
      original.apply(console, args);
    };
  }

  // ---- small helpers ------------------------------------------------------------------------

  function el(tag, attributes, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attributes || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (key === "text") node.textContent = value;
      else node.setAttribute(key, value);
    }
    for (const child of children) {
      if (child === undefined || child === null) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  // Seconds for people: 4 significant digits, never exponent notation for report-sized values.
  function seconds(v) {
    if (v === null || v === undefined || !isFinite(v)) return "–";
    const a = Math.abs(v);
    const decimals = a >= 100 ? 1 : a >= 10 ? 2 : a >= 1 ? 3 : 4;
    return v.toFixed(decimals) + " s";
  }
  function quantity(v, unit) {
    if (v === null || v === undefined || !isFinite(v)) return "–";
    if (unit === "share") return (100 * v).toPrecision(4).replace(/\.?0+$/, "") + " %";
    if (unit === "s") return seconds(v);
    return Number.isInteger(v) ? v.toLocaleString("en-US") : v.toPrecision(4).replace(/\.?0+$/, "");
  }
  const palette = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#17becf", "#e377c2", "#bcbd22", "#8c564b",
                   "#393b79", "#ad494a", "#637939"];
  const axisStyle = { stroke: "#444", grid: { stroke: "#e6e6e6", width: 1 }, ticks: { stroke: "#bbb", width: 1 } };
  const dpr = () => uPlot.pxRatio || 1;

  // ---- charts -------------------------------------------------------------------------------

  const charts = [];  // {plot, container, record}

  // Coloured pixels in the plot area: the series' (and the custom drawings') ink. Grid lines,
  // axes and text are grey, so a chart that drew no data counts 0.
  function measureInk(u) {
    const { left, top, width, height } = u.bbox;
    if (width <= 0 || height <= 0) return 0;
    const pixels = u.ctx.getImageData(left, top, width, height).data;
    let ink = 0;
    for (let i = 0; i < pixels.length; i += 8) {  // every other pixel is plenty
      if (pixels[i + 3] < 40) continue;
      const r = pixels[i], g = pixels[i + 1], b = pixels[i + 2];
      if (Math.max(r, g, b) - Math.min(r, g, b) > 50) ink++;
    }
    return ink;
  }

  function chartWidth(container) {
    return Math.max(320, Math.floor(container.clientWidth || 640) - 4);
  }

  function makeChart(container, sectionId, options, data) {
    const record = { section: sectionId, ink: 0 };
    status.charts.push(record);
    options.width = chartWidth(container);
    options.hooks = options.hooks || {};
    // Measured until the page is done (the status is written then); later redraws (scrolling,
    // another figure) skip the pixel count.
    options.hooks.draw = (options.hooks.draw || []).concat([(u) => { if (status.state !== "done") record.ink = measureInk(u); }]);
    const plot = new uPlot(options, data, container);
    charts.push({ plot, container, record });
    return plot;
  }

  window.addEventListener("resize", () => {
    for (const c of charts) c.plot.setSize({ width: chartWidth(c.container), height: c.plot.height });
  });

  // A y range from 0 (or the data's minimum) to the maximum, padded so a line at zero or at the
  // peak is drawn inside the plot rather than on its edge.
  function paddedRange(u, min, max) {
    const lo = Math.min(0, min === null ? 0 : min);
    const hi = max === null || max <= lo ? lo + 1 : max;
    const span = hi - lo;
    return [lo - 0.04 * span, hi + 0.06 * span];
  }
  // Counts (requests, connections, waiters) tick on whole numbers; rates may not.
  const countIncrs = [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1e3, 2e3, 5e3, 1e4, 2e4, 5e4, 1e5, 2e5, 5e5, 1e6];

  // A tooltip that follows the cursor over a chart.
  function tooltip(plot) {
    const tip = el("div", { class: "tooltip", hidden: true });
    plot.over.appendChild(tip);
    return {
      show(html, left, top) {
        tip.innerHTML = "";
        tip.append(html);
        tip.hidden = false;
        const flip = left > plot.over.clientWidth / 2;
        tip.style.left = flip ? "" : left + 14 + "px";
        tip.style.right = flip ? plot.over.clientWidth - left + 14 + "px" : "";
        tip.style.top = Math.max(0, Math.min(top, plot.over.clientHeight - tip.offsetHeight)) + "px";
      },
      hide() { tip.hidden = true; },
    };
  }

  // ---- renderers: (body element, section data, section) ----------------------------------

  const renderers = {};

  renderers.table = (body, data, section) => {
    if (data.rows.length === 0) {
      if (section.notes.length === 0) body.append(el("p", { class: "empty", text: "Nothing to list." }));
      return;
    }
    const table = el("table", { class: "data" });
    table.append(el("thead", {}, el("tr", {}, ...data.columns.map((c) => el("th", { class: c.numeric ? "num" : null, text: c.name })))));
    const tbody = el("tbody");
    for (const row of data.rows) {
      tbody.append(el("tr", {}, ...row.map((cell, i) => {
        const c = typeof cell === "string" ? { text: cell } : cell;
        const classes = [data.columns[i].numeric ? "num" : "", c.tone ? "tone-" + c.tone : "", c.hint ? "hint" : ""].join(" ").trim();
        const td = el("td", { class: classes || null, title: c.hint || null, text: c.text });
        if (c.bar !== undefined) {
          td.style.setProperty("--bar", (100 * c.bar).toFixed(1) + "%");
          td.classList.add("bar");
        }
        return td;
      })));
    }
    table.append(tbody);
    body.append(el("div", { class: "table-scroll" }, table));
  };

  renderers.text = (body, data) => {
    for (const p of data.paragraphs) body.append(el("p", { text: p }));
  };

  renderers.cdf = (body, data, section) => {
    const lines = data.series.filter((s) => s.points.length > 0);
    if (lines.length === 0) return body.append(el("p", { class: "empty", text: "No requests ended." }));
    // An empirical CDF: 0 left of the fastest request, a step at each latency, 1 right of the
    // slowest — so even a run whose requests all took the same time draws its step.
    const xs = lines.flatMap((s) => s.points.map((p) => p[0]));
    const lowest = Math.min(...xs), highest = Math.max(...xs);
    const log = lowest > 0 && highest / lowest >= 10;  // a log axis only when latencies span a decade
    const from = log ? lowest / 1.5 : lowest - 0.05 * (highest - lowest || 1);
    const to = log ? highest * 1.5 : highest + 0.05 * (highest - lowest || 1);
    const tables = lines.map((s) => [[from].concat(s.points.map((p) => p[0]), [to]), [0].concat(s.points.map((p) => p[1]), [1])]);
    const aligned = uPlot.join(tables);
    // Colours that carry meaning: all requests blue, successes green, failures warm.
    const warm = ["#d62728", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#bcbd22"];
    let nextWarm = 0;
    const colour = (label, i) => (label === "all" ? "#1f77b4" : /^2\d\d$/.test(label) ? "#2ca02c"
                                  : /^\d{3}$|Error|Timeout/.test(label) ? warm[nextWarm++ % warm.length] : palette[i % palette.length]);
    // Optional: a y label (default: requests), a unit other than seconds ("" for a ratio), and
    // lines that are a fitted family's CDF (`smooth`: drawn straight between points, dashed).
    const unitText = data.unit ? " (" + data.unit + (log ? ", log scale)" : ")") : (log ? " (log scale)" : "");
    makeChart(body, section.id, {
      height: 300,
      // A log axis spans whole decades (uPlot's log ticks need them).
      scales: { x: log ? { time: false, distr: 3, range: () => uPlot.rangeLog(from, to, 10, true) } : { time: false, auto: false, range: [from, to] },
                y: { range: [0, 1.02] } },
      axes: [
        Object.assign({ label: data.x_label + unitText,
                        values: (u, splits) => splits.map((v) => (v === null ? "" : String(+v.toPrecision(4)))) }, axisStyle),
        Object.assign({ label: data.y_label || "share of requests at or below", values: (u, splits) => splits.map((v) => Math.round(100 * v) + " %"), size: 56 }, axisStyle),
      ],
      series: [{ label: data.x_label, value: (u, v) => (data.unit === undefined || data.unit === "s" ? seconds(v) : quantity(v, data.unit)) }].concat(lines.map((s, i) => ({
        label: s.label, stroke: s.smooth ? palette[(i + 1) % palette.length] : colour(s.label, i), width: 2, spanGaps: true,
        dash: s.smooth ? [6, 4] : undefined,
        paths: s.smooth ? uPlot.paths.linear() : uPlot.paths.stepped({ align: 1 }), points: { show: false },
        value: (u, v) => (v === null ? "–" : (100 * v).toFixed(1) + " %"),
      }))),
    }, aligned);
  };

  // A QQ plot: per fitted family, the data's quantiles (y) against the family's at the same
  // probabilities (x), as dots; on the diagonal where the family describes the data.
  renderers.qq = (body, data, section) => {
    const families = data.series.filter((s) => s.points.length > 0);
    if (families.length === 0) return body.append(el("p", { class: "empty", text: "No fitted family to compare." }));
    const all = families.flatMap((s) => s.points.flatMap((p) => [p[0], p[1]])).filter((v) => isFinite(v));
    const lowest = Math.min(...all), highest = Math.max(...all);
    const log = lowest > 0 && highest / lowest >= 10;
    const from = log ? lowest / 1.2 : lowest - 0.05 * (highest - lowest || 1);
    const to = log ? highest * 1.2 : highest + 0.05 * (highest - lowest || 1);
    // The diagonal first, then one table per family, joined on x (uPlot needs one x array).
    const tables = [[[from, to], [from, to]]].concat(families.map((s) => {
      const sorted = s.points.slice().sort((a, b) => a[0] - b[0]);
      return [sorted.map((p) => p[0]), sorted.map((p) => p[1])];
    }));
    const range = log ? () => uPlot.rangeLog(from, to, 10, true) : [from, to];
    const axisValues = (u, splits) => splits.map((v) => (v === null ? "" : String(+v.toPrecision(4))));
    const unitText = data.unit ? " (" + data.unit + (log ? ", log scale)" : ")") : (log ? " (log scale)" : "");
    makeChart(body, section.id, {
      height: 300,
      scales: { x: log ? { time: false, distr: 3, range } : { time: false, auto: false, range },
                y: log ? { distr: 3, range } : { auto: false, range } },
      axes: [Object.assign({ label: "fitted family's quantile" + unitText, values: axisValues }, axisStyle),
             Object.assign({ label: "data's quantile" + unitText, values: axisValues, size: 64 }, axisStyle)],
      series: [{ label: "fitted", value: (u, v) => quantity(v, data.unit || "") },
               { label: "y = x", stroke: "#999", width: 1, dash: [4, 4], points: { show: false }, spanGaps: true }]
        .concat(families.map((s, i) => ({
          // The colours of the families' lines in the CDF plot beside (where the data's line comes first).
          label: s.label, stroke: palette[(i + 2) % palette.length], width: 0, spanGaps: false, paths: () => null,
          points: { show: true, size: 5, fill: palette[(i + 2) % palette.length] },
          value: (u, v) => (v === null ? "–" : quantity(v, data.unit || "")),
        }))),
    }, uPlot.join(tables));
  };

  renderers.series = (body, data, section) => {
    makeChart(body, section.id, {
      height: 260,
      scales: { x: { time: false }, y: { range: paddedRange } },
      axes: [Object.assign({ label: "time (s)" }, axisStyle),
             Object.assign({ label: data.unit, size: 60, incrs: data.unit.endsWith("/s") ? undefined : countIncrs }, axisStyle)],
      // A sample holds until the next one: levels and per-interval rates are steps, not slopes.
      series: [{ label: "t", value: (u, v) => seconds(v) }].concat(data.lines.map((l, i) => ({
        label: l.label, stroke: l.colour || palette[i % palette.length], width: 1.5, dash: l.dashed ? [6, 4] : undefined,
        paths: uPlot.paths.stepped({ align: 1 }), points: { show: false }, value: (u, v) => quantity(v, ""),
      }))),
    }, [data.t_s].concat(data.lines.map((l) => l.values)));
  };

  // Requests as rows of phases. The record keeps each phase's total, not their interleaving, so
  // phases are laid end to end in path order from the request's start (as the desktop app does);
  // what is left before its end (sending, the network) is a thin line.
  renderers.waterfall = (body, data, section) => {
    const all = data.requests;
    if (all.length === 0) return body.append(el("p", { class: "empty", text: "No requests to show." }));
    const phaseColour = Object.fromEntries(data.phases.map((p) => [p.name, p.colour]));
    const legend = el("div", { class: "legend" });
    for (const p of data.phases) legend.append(el("span", { class: "swatch", style: "--c:" + p.colour }, p.name));
    for (const [name, c] of Object.entries(data.causes)) {
      if (name !== "ok") legend.append(el("span", { class: "swatch cause", style: "--c:" + c.colour, title: c.summary }, name));
    }
    const failuresOnly = el("input", { type: "checkbox" });
    const slider = el("input", { type: "range", min: 0, max: 0, value: 0, step: 1, "aria-label": "first row" });
    const position = el("span", { class: "position" });
    body.append(legend, el("div", { class: "controls" }, el("label", {}, failuresOnly, " failed requests only"), slider, position));
    const chartBox = el("div");
    body.append(chartBox);

    let rows = all, first = 0, tip = null;
    const visible = () => Math.min(40, rows.length);
    const rowHeight = 14;
    const plot = makeChart(chartBox, section.id, {
      height: Math.max(150, visible() * rowHeight + 70),
      legend: { show: false },
      cursor: { drag: { x: true, y: false }, points: { show: false } },
      scales: { x: { time: false, range: (u, min, max) => [min, max > min ? max : min + 1] }, y: { auto: false, range: () => [-(first + visible()) + 0.5, -first + 0.5] } },
      axes: [
        Object.assign({ label: "time since the run started (s)" }, axisStyle),
        Object.assign({}, axisStyle, {
          label: "request", size: 64, grid: { show: false },
          splits: () => { const out = []; const step = Math.max(1, Math.ceil(visible() / 20)); for (let r = first; r < first + visible(); r += step) out.push(-r); return out; },
          values: (u, splits) => splits.map((s) => (rows[-s] ? String(rows[-s].id) : "")),
        }),
      ],
      series: [{}, { label: "", points: { show: false } }],
      hooks: { draw: [drawRows], setCursor: [hover] },
    }, [[data.t0_s, data.t1_s], [null, null]]);
    tip = tooltip(plot);

    function drawRows(u) {
      const ctx = u.ctx, px = dpr();
      const x = (t) => u.valToPos(t, "x", true);
      const { left, top, width, height } = u.bbox;
      ctx.save();
      ctx.beginPath();
      ctx.rect(left, top, width, height);
      ctx.clip();
      const bar = (rowHeight - 4) * px;
      for (let r = first; r < Math.min(rows.length, first + visible()); r++) {
        const q = rows[r], y = u.valToPos(-r, "y", true) - bar / 2;
        let t = q.start_s;
        for (const p of data.phases) {
          const d = q.phases_s[p.name];
          if (!d) continue;
          ctx.fillStyle = phaseColour[p.name];
          ctx.fillRect(x(t), y, Math.max(px, x(t + d) - x(t)), bar);
          t += d;
        }
        ctx.fillStyle = "#9a9a9a";
        ctx.fillRect(x(t), y + bar / 2 - px / 2, Math.max(0, x(q.end_s) - x(t)), px);
        if (q.cause !== "ok") {
          const colour = data.causes[q.cause].colour;
          ctx.strokeStyle = colour;
          ctx.lineWidth = px;
          ctx.strokeRect(x(q.start_s), y - px, Math.max(px, x(q.end_s) - x(q.start_s)), bar + 2 * px);
          ctx.fillStyle = colour;
          ctx.fillRect(x(q.end_s) - px, y - 2 * px, 3 * px, bar + 4 * px);
          ctx.font = 11 * px + "px sans-serif";
          ctx.textAlign = "left";  // uPlot leaves its last axis' alignment on the context
          ctx.textBaseline = "middle";
          ctx.fillText(q.cause, x(q.end_s) + 5 * px, y + bar / 2);
        }
      }
      ctx.restore();
    }

    function describe(q) {
      const box = el("div");
      box.append(el("b", { text: "Request " + q.id }), " · " + q.status + " · " + q.cause + " · " + seconds(q.latency_s));
      box.append(el("div", { class: "muted", text: "user " + q.user + ", call " + (q.call + 1) + ", worker " + q.worker + ", " + q.attempts + " upstream attempt(s), sent at " + seconds(q.start_s) }));
      const list = el("table", { class: "phases" });
      for (const p of data.phases) {
        const d = q.phases_s[p.name];
        if (d) list.append(el("tr", {}, el("td", {}, el("span", { class: "dot", style: "--c:" + p.colour })), el("td", { text: p.name }), el("td", { class: "num", text: seconds(d) })));
      }
      box.append(list);
      const cause = data.causes[q.cause];
      if (q.cause !== "ok" && cause) {
        box.append(el("p", { class: "muted", text: cause.summary }));
        if (cause.explanation) {
          const lead = cause.explained_request === q.id ? "Why: " : "Why (explained at its first occurrence, request " + cause.explained_request + "): ";
          box.append(el("p", {}, el("b", { text: lead }), cause.explanation));
        }
      }
      return box;
    }

    function hover(u) {
      const { left, top } = u.cursor;
      if (!tip) return;
      if (left < 0 || top < 0) return tip.hide();
      const r = Math.round(-u.posToVal(top, "y"));
      if (r < first || r >= Math.min(rows.length, first + visible())) return tip.hide();
      tip.show(describe(rows[r]), left, top);
    }

    function update() {
      slider.max = Math.max(0, rows.length - visible());
      first = Math.min(first, Number(slider.max));
      slider.value = first;
      position.textContent = rows.length === 0 ? "no requests" : "rows " + (first + 1) + "–" + (first + visible()) + " of " + rows.length;
      plot.setScale("y", { min: -(first + visible()) + 0.5, max: -first + 0.5 });
    }
    slider.addEventListener("input", () => { first = Number(slider.value); update(); });
    failuresOnly.addEventListener("change", () => {
      rows = failuresOnly.checked ? all.filter((q) => q.cause !== "ok") : all;
      first = 0;
      update();
    });
    plot.over.addEventListener("wheel", (e) => {
      e.preventDefault();
      first = Math.max(0, Math.min(Number(slider.max), first + Math.sign(e.deltaY) * 3));
      update();
    }, { passive: false });
    update();
  };

  // A sequential colour scale (viridis' endpoints and midpoints), low = dark blue, high = yellow.
  const ramp = [[68, 1, 84], [59, 82, 139], [33, 145, 140], [94, 201, 98], [253, 231, 37]];
  function rampColour(f) {
    const x = Math.max(0, Math.min(1, f)) * (ramp.length - 1), i = Math.min(ramp.length - 2, Math.floor(x)), t = x - i;
    const c = ramp[i].map((v, k) => Math.round(v + t * (ramp[i + 1][k] - v)));
    return "rgb(" + c.join(",") + ")";
  }

  function pointLabel(data, p) {
    return data.axes.map((a, k) => a.key + "=" + a.values[data.coords[k][p]]).join("  ");
  }

  renderers.heatmap = (body, data, section) => {
    const axes = data.axes;
    if (axes.length === 0) return body.append(el("p", { class: "empty", text: "The sweep varied no key." }));
    const figureSelect = el("select", { "aria-label": "figure" }, ...data.figures.map((f, i) => el("option", { value: i, text: f.name })));
    const controls = el("div", { class: "controls" }, el("label", {}, "figure ", figureSelect));
    const slices = axes.slice(2).map((a) => el("select", { "aria-label": a.key }, ...a.values.map((v, i) => el("option", { value: i, text: v }))));
    slices.forEach((s, k) => controls.append(el("label", {}, axes[k + 2].key + " ", s)));
    const scaleBar = el("div", { class: "scale" });
    body.append(controls);
    const chartBox = el("div");
    body.append(chartBox, scaleBar);

    const nx = axes[0].values.length, ny = axes.length > 1 ? axes[1].values.length : 1;
    const cells = new Map();  // "i,j" → point position, for the current slice
    let figure = data.figures[0], lo = 0, hi = 1, tip = null;
    function collect() {
      figure = data.figures[Number(figureSelect.value)];
      cells.clear();
      for (let p = 0; p < data.point.length; p++) {
        if (slices.some((s, k) => data.coords[k + 2][p] !== Number(s.value))) continue;
        cells.set(data.coords[0][p] + "," + (ny > 1 ? data.coords[1][p] : 0), p);
      }
      const values = [...cells.values()].map((p) => figure.values[p]).filter((v) => v !== null);
      lo = values.length ? Math.min(...values) : 0;
      hi = values.length ? Math.max(...values) : 1;
      scaleBar.innerHTML = "";
      scaleBar.append(el("span", { text: quantity(lo, figure.unit) }), el("span", { class: "ramp" }), el("span", { text: quantity(hi, figure.unit) }),
                      el("span", { class: "muted", text: " " + figure.name }));
    }
    const labelSplits = (n) => () => { const step = Math.max(1, Math.ceil(n / 16)), out = []; for (let i = 0; i < n; i += step) out.push(i); return out; };
    const plot = makeChart(chartBox, section.id, {
      height: Math.min(600, Math.max(240, ny * 56 + 80)),
      legend: { show: false },
      cursor: { drag: { x: false, y: false }, points: { show: false } },
      scales: { x: { time: false, auto: false, range: [-0.5, nx - 0.5] }, y: { auto: false, range: [-0.5, ny - 0.5] } },
      axes: [
        Object.assign({}, axisStyle, { label: axes[0].key, grid: { show: false }, splits: labelSplits(nx), values: (u, s) => s.map((i) => axes[0].values[i]) }),
        Object.assign({}, axisStyle, { label: ny > 1 ? axes[1].key : "", size: 80, grid: { show: false }, splits: labelSplits(ny), values: (u, s) => s.map((j) => (ny > 1 ? axes[1].values[j] : "")) }),
      ],
      series: [{}, { points: { show: false } }],
      hooks: { draw: [drawCells], setCursor: [hover] },
    }, [[-0.5, nx - 0.5], [null, null]]);
    tip = tooltip(plot);

    function drawCells(u) {
      const ctx = u.ctx, px = dpr();
      const cw = u.bbox.width / nx, ch = u.bbox.height / ny;
      for (const [key, p] of cells) {
        const [i, j] = key.split(",").map(Number);
        const x = u.valToPos(i - 0.5, "x", true), y = u.valToPos(j + 0.5, "y", true);
        const v = figure.values[p];
        ctx.fillStyle = v === null ? "#ddd" : rampColour(hi > lo ? (v - lo) / (hi - lo) : 0.5);
        ctx.fillRect(x + px, y + px, cw - 2 * px, ch - 2 * px);
        if (data.slo[p] === "fail") {  // a red corner: the SLO failed on at least one seed
          const size = Math.min(12 * px, cw / 3, ch / 2);
          ctx.fillStyle = "#d62728";
          ctx.beginPath();
          ctx.moveTo(x + cw - px - size, y + px); ctx.lineTo(x + cw - px, y + px); ctx.lineTo(x + cw - px, y + px + size);
          ctx.closePath();
          ctx.fill();
        }
        if (cw > 54 * px && ch > 18 * px && v !== null) {
          ctx.fillStyle = hi > lo && (v - lo) / (hi - lo) > 0.6 ? "#222" : "#fff";
          ctx.font = 11 * px + "px sans-serif";
          ctx.textAlign = "center";
          ctx.textBaseline = "middle";
          ctx.fillText(quantity(v, figure.unit), x + cw / 2, y + ch / 2);
        }
      }
    }

    function hover(u) {
      const { left, top } = u.cursor;
      if (!tip) return;
      if (left < 0 || top < 0) return tip.hide();
      const i = Math.round(u.posToVal(left, "x")), j = Math.round(u.posToVal(top, "y"));
      const p = cells.get(i + "," + (ny > 1 ? j : 0));
      if (p === undefined) return tip.hide();
      const box = el("div", {}, el("b", { text: "point " + data.point[p] }), el("div", { text: pointLabel(data, p) }));
      for (const f of data.figures.slice(0, 6)) box.append(el("div", { text: f.name + ": " + quantity(f.values[p], f.unit) }));
      box.append(el("div", { class: data.slo[p] === "fail" ? "tone-fail" : "", text: "SLO: " + data.slo[p] }));
      tip.show(box, left, top);
    }

    const redraw = () => { collect(); plot.redraw(false); };
    figureSelect.addEventListener("change", redraw);
    slices.forEach((s) => s.addEventListener("change", redraw));
    redraw();
  };

  renderers.pareto = (body, data, section) => {
    const row = el("div", { class: "row" });
    body.append(row);
    const xs = data.x.values;
    const sloColour = { pass: "#2ca02c", fail: "#d62728", none: "#1f77b4" };
    for (const chart of data.charts) {
      const box = el("div", { class: "cell" }, el("h4", { text: chart.name + " against " + data.x.name }));
      row.append(box);
      const ys = chart.values, front = chart.front;
      const finite = (a) => a.filter((v) => v !== null && isFinite(v));
      const xr = finite(xs), yr = finite(ys);
      if (xr.length === 0 || yr.length === 0) {
        box.append(el("p", { class: "empty", text: "No point has a value." }));
        continue;
      }
      let tip = null;
      // Both ranges start at the data (cost) or at zero (outcome), with room above for the dots.
      const pad = (lo, hi, least) => { const top = Math.max(hi, lo + least); return [lo, top + 0.08 * (top - lo)]; };
      const xLow = Math.min(...xr), xHigh = Math.max(...xr);
      const xRange = [xLow - 0.05 * (xHigh - xLow || 1), xHigh + 0.05 * (xHigh - xLow || 1)];
      const yRange = pad(Math.min(0, ...yr), Math.max(...yr), chart.unit === "share" ? 0.01 : 1);
      const plot = makeChart(box, section.id, {
        height: 300,
        legend: { show: false },
        cursor: { drag: { x: false, y: false }, points: { show: false } },
        scales: { x: { time: false, auto: false, range: xRange }, y: { auto: false, range: yRange } },
        axes: [Object.assign({ label: data.x.name + " (" + data.x.unit + ")" }, axisStyle),
               Object.assign({ label: chart.name + (chart.unit ? " (" + (chart.unit === "share" ? "%" : chart.unit) + ")" : ""), size: 64,
                               values: (u, s) => s.map((v) => String(chart.unit === "share" ? +(100 * v).toPrecision(3) : +v.toPrecision(4))) }, axisStyle)],
        series: [{}, { points: { show: false } }],
        hooks: { draw: [drawPoints], setCursor: [hover] },
      }, [xRange, [null, null]]);
      tip = tooltip(plot);

      function drawPoints(u) {
        const ctx = u.ctx, px = dpr();
        for (let p = 0; p < xs.length; p++) {
          if (ys[p] === null) continue;
          ctx.fillStyle = sloColour[data.slo[p]];
          ctx.globalAlpha = 0.55;
          ctx.beginPath();
          ctx.arc(u.valToPos(xs[p], "x", true), u.valToPos(ys[p], "y", true), 3 * px, 0, 2 * Math.PI);
          ctx.fill();
        }
        ctx.globalAlpha = 1;
        ctx.strokeStyle = "#111";
        ctx.lineWidth = 1.5 * px;
        ctx.beginPath();
        front.forEach((p, k) => {
          const x = u.valToPos(xs[p], "x", true), y = u.valToPos(ys[p], "y", true);
          if (k === 0) ctx.moveTo(x, y);
          else { ctx.lineTo(x, u.valToPos(ys[front[k - 1]], "y", true)); ctx.lineTo(x, y); }
        });
        ctx.stroke();
        for (const p of front) {
          ctx.fillStyle = sloColour[data.slo[p]];
          ctx.beginPath();
          ctx.arc(u.valToPos(xs[p], "x", true), u.valToPos(ys[p], "y", true), 5 * px, 0, 2 * Math.PI);
          ctx.fill();
          ctx.stroke();
        }
      }

      function hover(u) {
        const { left, top } = u.cursor;
        if (!tip) return;
        if (left < 0 || top < 0) return tip.hide();
        let best = -1, bestDistance = 64;
        for (let p = 0; p < xs.length; p++) {
          if (ys[p] === null) continue;
          const dx = u.valToPos(xs[p], "x") - left, dy = u.valToPos(ys[p], "y") - top, d = dx * dx + dy * dy;
          if (d < bestDistance) { best = p; bestDistance = d; }
        }
        if (best < 0) return tip.hide();
        tip.show(el("div", {}, el("b", { text: "point " + data.point[best] + (front.includes(best) ? " (on the front)" : "") }),
                    el("div", { text: pointLabel(data, best) }),
                    el("div", { text: data.x.name + ": " + quantity(xs[best], "") }),
                    el("div", { text: chart.name + ": " + quantity(ys[best], chart.unit) }),
                    el("div", { text: "SLO: " + data.slo[best] })), left, top);
      }
    }
    body.append(el("div", { class: "legend" }, ...Object.entries(sloColour).map(([k, c]) => el("span", { class: "swatch", style: "--c:" + c }, "SLO " + k)),
                   el("span", { class: "swatch front" }, "Pareto front")));
  };

  // ---- the page -----------------------------------------------------------------------------

  function renderSection(section, parent, depth) {
    const heading = el(depth === 0 ? "h2" : "h3", { text: section.title });
    if (section.tone) heading.append(el("span", { class: "badge tone-" + section.tone, text: section.tone === "fail" ? "FAIL" : section.tone }));
    const box = el("section", { id: section.id, class: "section kind-" + section.kind });
    box.append(heading);
    for (const note of section.notes) box.append(el("p", { class: "note", text: note }));
    const body = el("div", { class: section.kind === "row" ? "row" : "body" });
    box.append(body);
    parent.append(box);
    if (section.kind === "row" || section.kind === "stack") {
      for (const child of section.children || []) {
        const cell = section.kind === "row" ? el("div", { class: "cell cell-" + child.kind }) : body;
        if (cell !== body) body.append(cell);
        renderSection(child, cell, depth + 1);
      }
    } else {
      try {
        const render = renderers[section.kind];
        if (!render) throw new Error("no renderer for section kind " + section.kind);
        render(body, section.data, section);
      } catch (e) {
        fail(section.id + ": " + (e && e.stack ? e.stack : e));
        body.append(el("p", { class: "tone-fail", text: "This section could not be drawn: " + e }));
      }
    }
    status.sections.push(section.id);
  }

  function renderFooter(footer) {
    const f = el("footer");
    f.append(el("p", {}, "Gatetune " + footer.version + " · seed" + (footer.seeds.length === 1 ? " " : "s ") + (footer.seeds.join(", ") || "–")));
    for (const p of footer.presets) {
      f.append(el("details", {}, el("summary", {}, el("b", { text: p.name || "(unnamed)" }), " " + p.file + " · ", el("code", { text: p.hash })),
                  el("pre", { text: p.text })));
    }
    f.append(el("details", {}, el("summary", { text: "Charts drawn with uPlot " + footer.uplot.version + " (MIT licence)" }),
                el("pre", { text: footer.uplot.license })));
    document.body.append(f);
  }

  function render() {
    const report = JSON.parse(document.getElementById("report-data").textContent);
    const header = el("header", {}, el("h1", { text: report.title }));
    const facts = el("dl", { class: "facts" });
    for (const fact of report.facts) facts.append(el("div", { class: fact.tone ? "tone-" + fact.tone : null }, el("dt", { text: fact.label }), el("dd", { text: fact.value })));
    header.append(facts);
    header.append(el("nav", {}, ...report.sections.map((s) => el("a", { href: "#" + s.id, text: s.title }))));
    document.body.append(header);
    const main = el("main");
    document.body.append(main);
    for (const section of report.sections) renderSection(section, main, 0);
    renderFooter(report.footer);
  }

  try {
    render();
    // The sections exist only now, so a link to one (report.html#run-waterfall) is followed here.
    const target = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (target) target.scrollIntoView();
  } catch (e) {
    fail("render: " + (e && e.stack ? e.stack : e));
  }
  // uPlot draws in a microtask after each chart is made; the charts' ink is known after that.
  setTimeout(() => {
    status.state = "done";
    status.render_ms = Math.round(performance.now());
    writeStatus();
  }, 0);
})();
