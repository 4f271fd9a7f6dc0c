"use strict";
(() => {
  // src/webview/dom.ts
  function h(tag, attrs = {}, ...children) {
    const el = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs)) {
      if (value === void 0 || value === false) continue;
      if (typeof value === "function") el.addEventListener(name.replace(/^on/, "").toLowerCase(), value);
      else if (value === true) el.setAttribute(name, "");
      else el.setAttribute(name, String(value));
    }
    append(el, children);
    return el;
  }
  function append(el, children) {
    for (const c of children) {
      if (c === null || c === void 0 || c === false) continue;
      el.append(typeof c === "string" ? document.createTextNode(c) : c);
    }
  }
  function replaceChildren(el, ...children) {
    el.replaceChildren();
    append(el, children);
  }
  function formatDuration(ms) {
    const s = Math.max(0, Math.floor(ms / 1e3));
    const hh = Math.floor(s / 3600);
    const mm = Math.floor(s % 3600 / 60);
    const ss = s % 60;
    return hh > 0 ? `${hh}h ${String(mm).padStart(2, "0")}m` : mm > 0 ? `${mm}m ${String(ss).padStart(2, "0")}s` : `${ss}s`;
  }
  var SVG_NS = "http://www.w3.org/2000/svg";
  function svg(tag, attrs = {}, ...children) {
    const el = document.createElementNS(SVG_NS, tag);
    for (const [name, value] of Object.entries(attrs)) el.setAttribute(name, String(value));
    append(el, children);
    return el;
  }

  // src/shared/monitor-protocol.ts
  var EMPTY_QUERY = { errorsOnly: false, dialect: "", accountId: "", model: "", text: "" };
  var MAX_ROWS = 500;
  var USAGE_DAY_CHOICES = [7, 30, 90];
  var EVENT_KINDS = /* @__PURE__ */ new Set(["snapshot", "rows", "detail", "usage", "status", "notice"]);
  function parseMonitorEvent(value) {
    if (typeof value !== "object" || value === null) return void 0;
    const kind = value.kind;
    return typeof kind === "string" && EVENT_KINDS.has(kind) ? value : void 0;
  }

  // src/webview/monitor-detail.ts
  var DetailView = class {
    constructor(t2, onClose) {
      this.t = t2;
      const close = h("button", { id: "monitor-detail-close", class: "secondary", onclick: onClose }, t2("Close"));
      this.element = h(
        "div",
        { class: "card", id: "monitor-detail", hidden: true },
        h("div", { class: "row toolbar" }, this.title, h("span", { class: "spacer" }), close),
        this.content
      );
    }
    t;
    element;
    title = h("h2", { id: "monitor-detail-title" });
    content = h("div", { id: "monitor-detail-content" });
    loading() {
      this.element.hidden = false;
      this.title.textContent = this.t("Details");
      replaceChildren(this.content, h("p", { class: "muted" }, "\u2026"));
    }
    hide() {
      this.element.hidden = true;
    }
    show(detail2) {
      const t2 = this.t;
      this.element.hidden = false;
      if (!detail2) {
        this.title.textContent = t2("Details");
        replaceChildren(this.content, h("p", { class: "muted" }, t2("This request is no longer in the monitor.")));
        return;
      }
      this.title.textContent = detail2.title;
      const fields = h("dl", { class: "details" }, ...detail2.fields.flatMap((f) => [h("dt", {}, f.label), h("dd", {}, f.value)]));
      const attempts = detail2.attempts.length === 0 ? null : h(
        "div",
        {},
        h("h3", {}, t2("Attempts")),
        h(
          "table",
          { class: "monitor-table attempts" },
          h("thead", {}, h("tr", {}, ...["#", "Account", "Kind", "Model", "Status", "Reason"].map((c) => h("th", { scope: "col" }, c === "#" ? c : t2(c))))),
          h("tbody", {}, ...detail2.attempts.map((a, i) => h(
            "tr",
            {},
            h("td", {}, String(i + 1)),
            h("td", {}, a.account),
            h("td", {}, a.kind),
            h("td", {}, a.model),
            h("td", {}, a.status),
            h("td", { class: "reason" }, a.reason)
          )))
        )
      );
      const notes = detail2.notes.length === 0 ? null : h("div", {}, h("h3", {}, t2("Notes")), h("ul", {}, ...detail2.notes.map((n) => h("li", {}, n))));
      const body = (label2, text, truncated) => text === void 0 ? null : h(
        "details",
        { class: "body", open: true },
        h("summary", {}, t2(label2), truncated ? h("span", { class: "muted" }, ` ${t2("(truncated)")}`) : null),
        h("pre", {}, h("code", {}, text))
      );
      const bodies = detail2.requestBody === void 0 && detail2.responseBody === void 0 ? h("p", { class: "muted" }, t2("No bodies were captured for this request (setting antigravity.monitor.captureBodies).")) : h("div", {}, body("Request body", detail2.requestBody, detail2.requestTruncated), body("Response body", detail2.responseBody, detail2.responseTruncated));
      replaceChildren(this.content, fields, attempts, notes, bodies);
    }
  };

  // src/webview/monitor-table.ts
  var COLUMNS = [
    ["Time", "time"],
    ["Status", "status"],
    ["Dialect", "dialect"],
    ["Model", "model", "model"],
    ["Account", "account"],
    ["Tokens in", "tokensIn", "num"],
    ["Tokens out", "tokensOut", "num"],
    ["TTFB", "ttfb", "num"],
    ["Duration", "duration", "num"]
  ];
  var RequestTable = class {
    constructor(t2, onSelect) {
      this.t = t2;
      this.onSelect = onSelect;
      const table = h("table", { id: "monitor-table", class: "monitor-table" }, this.head, this.body);
      this.element = h("div", { class: "table-wrap" }, table);
      replaceChildren(this.head, h("tr", {}, ...COLUMNS.map(([label2, , cls]) => h("th", { scope: "col", class: cls }, t2(label2)))));
    }
    t;
    onSelect;
    element;
    head = h("thead");
    body = h("tbody");
    rows = [];
    selected;
    get size() {
      return this.rows.length;
    }
    replace(rows) {
      this.rows = rows.slice(0, MAX_ROWS);
      this.render();
    }
    /** A live batch, newest first. */
    prepend(rows) {
      if (rows.length === 0) return;
      const known = new Set(rows.map((r) => r.id));
      this.rows = [...rows, ...this.rows.filter((r) => !known.has(r.id))].slice(0, MAX_ROWS);
      this.render();
    }
    select(id) {
      this.selected = id;
      for (const tr of this.body.querySelectorAll("tr")) tr.setAttribute("aria-selected", String(tr.dataset.id === id));
    }
    render() {
      const t2 = this.t;
      replaceChildren(this.body, ...this.rows.map((r) => {
        const choose = () => this.onSelect(r.id);
        const tr = h("tr", {
          "data-id": r.id,
          tabindex: 0,
          class: `tone-${r.tone}`,
          "aria-selected": String(r.id === this.selected),
          title: r.dateTime,
          onclick: choose,
          onkeydown: (ev) => {
            if (ev.key === "Enter" || ev.key === " ") {
              ev.preventDefault();
              choose();
            }
          }
        });
        for (const [, key, cls] of COLUMNS) {
          const td = h("td", { class: cls });
          if (key === "status") td.append(h("span", { class: `status tone-${r.tone}` }, r.status));
          else if ((key === "tokensIn" || key === "tokensOut") && r.estimated && r[key] !== "\u2014") td.append(h("span", { title: t2("estimated") }, `~${r[key]}`));
          else td.textContent = String(r[key]);
          if (key === "model" && r.attempts > 1) td.append(h("span", { class: "muted", title: t2("Attempts") }, ` \xD7${r.attempts}`));
          if (key === "time" && r.stream) td.append(h("span", { class: "muted", title: t2("Stream") }, " \u21E3"));
          tr.append(td);
        }
        return tr;
      }));
    }
  };

  // src/monitor/format.ts
  function formatTokens(n) {
    if (n === void 0 || !Number.isFinite(n)) return "\u2014";
    if (n < 1e3) return String(Math.round(n));
    if (n < 1e6) return `${(n / 1e3).toFixed(n < 1e4 ? 2 : 1).replace(/\.?0+$/, "")}k`;
    return `${(n / 1e6).toFixed(2).replace(/\.?0+$/, "")}M`;
  }

  // src/shared/usage-chart.ts
  var DEFAULT_LAYOUT = { width: 600, height: 140, bottom: 18, top: 14, gap: 2 };
  function chartGeometry(chart, format, layout = DEFAULT_LAYOUT) {
    const n = Math.max(1, chart.days.length);
    const plotH = Math.max(1, layout.height - layout.top - layout.bottom);
    const baseline = layout.top + plotH;
    const slot = layout.width / n;
    const gap = slot > layout.gap * 3 ? layout.gap : 0;
    const barW = Math.max(0.5, slot - gap);
    const scale = chart.max > 0 ? plotH / chart.max : 0;
    const round = (v) => Math.round(v * 100) / 100;
    const bars = chart.days.map((day, i) => {
      const inp = chart.input[i] ?? 0;
      const out = chart.output[i] ?? 0;
      const x = round(i * slot + gap / 2);
      const hIn = round(inp * scale);
      const hOut = round(out * scale);
      return {
        day,
        input: { x, y: round(baseline - hIn), width: round(barW), height: hIn },
        output: { x, y: round(baseline - hIn - hOut), width: round(barW), height: hOut },
        title: format(day, formatTokens(inp), formatTokens(out), chart.requests[i] ?? 0)
      };
    });
    const labels2 = [];
    if (chart.days.length > 0) {
      labels2.push({ x: 0, y: layout.height - 4, text: chart.days[0], anchor: "start" });
      if (chart.days.length > 1) labels2.push({ x: layout.width, y: layout.height - 4, text: chart.days.at(-1), anchor: "end" });
    }
    if (chart.max > 0) labels2.push({ x: 0, y: layout.top - 3, text: formatTokens(chart.max), anchor: "start" });
    return { width: layout.width, height: layout.height, baseline, bars, labels: labels2, empty: chart.max === 0 };
  }

  // src/webview/monitor-usage.ts
  var UsageSection = class {
    constructor(t2, choice, onChange, onExport) {
      this.t = t2;
      const changed = () => onChange({ days: Number(this.days.value), groupBy: this.groupBy.value });
      this.days = h(
        "select",
        { id: "monitor-usage-days", "aria-label": t2("Period"), onchange: changed },
        ...USAGE_DAY_CHOICES.map((d) => h("option", { value: d, selected: d === choice.days }, t2("Last {0} days", d)))
      );
      const groups = [["day", "By day"], ["account", "By account"], ["model", "By model"]];
      this.groupBy = h(
        "select",
        { id: "monitor-usage-group", "aria-label": t2("Group"), onchange: changed },
        ...groups.map(([v, label2]) => h("option", { value: v, selected: v === choice.groupBy }, t2(label2)))
      );
      const exportBtn = h("button", { id: "monitor-usage-export", class: "secondary", onclick: onExport }, t2("Export Usage CSV"));
      this.element = h(
        "div",
        { class: "card", id: "monitor-usage" },
        h("div", { class: "row toolbar" }, h("h2", {}, t2("Usage")), h("span", { class: "spacer" }), this.days, this.groupBy, exportBtn),
        this.chart,
        h("div", { class: "table-wrap" }, this.table)
      );
    }
    t;
    element;
    chart = h("div", { id: "monitor-chart", class: "chart" });
    table = h("table", { id: "monitor-usage-table", class: "monitor-table" });
    days;
    groupBy;
    render(u) {
      const t2 = this.t;
      this.days.value = String(u.days);
      this.groupBy.value = u.groupBy;
      this.renderChart(u);
      const first = u.groupBy === "day" ? "Day" : u.groupBy === "account" ? "Account" : "Model";
      const cols = [first, "Requests", "Errors", "Input", "Output", "Cached", "Reasoning"];
      const cells = (label2, c, cls) => h(
        "tr",
        { class: cls },
        h("td", {}, label2),
        ...[c.requests, c.errors, c.input, c.output, c.cached, c.reasoning].map((v) => h("td", { class: "num" }, v))
      );
      replaceChildren(
        this.table,
        h("thead", {}, h("tr", {}, ...cols.map((c, i) => h("th", { scope: "col", class: i > 0 ? "num" : void 0 }, t2(c))))),
        h("tbody", {}, ...u.groups.length === 0 ? [h("tr", {}, h("td", { colspan: cols.length, class: "muted" }, t2("No usage in this period.")))] : u.groups.map((g) => cells(g.label, g.cells))),
        u.groups.length > 1 ? h("tfoot", {}, cells(t2("Total"), u.totals, "total")) : null
      );
    }
    renderChart(u) {
      const t2 = this.t;
      const g = chartGeometry(u.chart, (day, input, output, requests) => t2("{0}: {1} in \xB7 {2} out \xB7 {3} requests", day, input, output, requests));
      const root = svg("svg", { viewBox: `0 0 ${g.width} ${g.height}`, role: "img", "aria-label": t2("Tokens per day") });
      root.append(svg("line", { x1: 0, x2: g.width, y1: g.baseline, y2: g.baseline, class: "axis" }));
      for (const b of g.bars) {
        const group = svg("g", {}, svg("title", {}, b.title));
        if (b.input.height > 0) group.append(svg("rect", { ...b.input, class: "bar-in" }));
        if (b.output.height > 0) group.append(svg("rect", { ...b.output, class: "bar-out" }));
        group.append(svg("rect", { x: b.input.x, y: 0, width: b.input.width, height: g.baseline, class: "hit" }));
        root.append(group);
      }
      for (const l of g.labels) root.append(svg("text", { x: l.x, y: l.y, "text-anchor": l.anchor, class: "label" }, l.text));
      const legend = h(
        "div",
        { class: "legend muted" },
        h("span", { class: "swatch bar-in" }),
        t2("input"),
        " ",
        h("span", { class: "swatch bar-out" }),
        t2("output"),
        g.empty ? h("span", {}, ` \xB7 ${t2("No usage in this period.")}`) : null
      );
      replaceChildren(this.chart, root, legend);
    }
  };

  // src/webview/monitor.ts
  var DIALECT_NAMES = {
    "openai-chat": "OpenAI Chat",
    "openai-responses": "OpenAI Responses",
    anthropic: "Anthropic",
    gemini: "Gemini"
  };
  function restore(v) {
    const s = typeof v === "object" && v !== null ? v : {};
    const q = { ...EMPTY_QUERY, ...typeof s.query === "object" && s.query !== null ? s.query : {} };
    return {
      query: q,
      days: s.days === 30 || s.days === 90 ? s.days : 7,
      groupBy: s.groupBy === "account" || s.groupBy === "model" ? s.groupBy : "day",
      ...typeof s.selected === "string" ? { selected: s.selected } : {}
    };
  }
  function mountMonitor(root, postRaw, t2, store) {
    const saved2 = restore(store?.get());
    const post2 = (r) => postRaw(r);
    const persist2 = () => store?.set(saved2);
    let status;
    const statusText = h("span", { id: "monitor-status", class: "muted", "aria-live": "polite" });
    const stateBadge = h("span", { id: "monitor-state", class: "badge" });
    const pauseBtn = h("button", { id: "monitor-pause", class: "secondary", onclick: () => post2({ kind: "setPaused", paused: !status?.paused }) });
    const exportBtn = h("button", { id: "monitor-export", class: "secondary", onclick: () => post2({ kind: "exportCsv", what: "records" }) }, t2("Export CSV"));
    const clearBtn = h("button", { id: "monitor-clear", class: "secondary", onclick: () => post2({ kind: "clear" }) }, t2("Clear\u2026"));
    const notice = h("p", { id: "monitor-notice", class: "muted", hidden: true });
    const errorsOnly = h("input", { id: "monitor-errors", type: "checkbox", checked: saved2.query.errorsOnly, onchange: () => setQuery({ errorsOnly: errorsOnly.checked }) });
    const dialect = h("select", { id: "monitor-dialect", "aria-label": t2("Dialect"), onchange: () => setQuery({ dialect: dialect.value }) });
    const account = h("select", { id: "monitor-account", "aria-label": t2("Account"), onchange: () => setQuery({ accountId: account.value }) });
    const model = h("select", { id: "monitor-model", "aria-label": t2("Model"), onchange: () => setQuery({ model: model.value }) });
    let searchTimer;
    const search = h("input", {
      id: "monitor-search",
      type: "search",
      placeholder: t2("Search\u2026"),
      "aria-label": t2("Search\u2026"),
      value: saved2.query.text,
      oninput: () => {
        if (searchTimer) clearTimeout(searchTimer);
        searchTimer = setTimeout(() => setQuery({ text: search.value }), 250);
      }
    });
    const empty = h("p", { id: "monitor-empty", class: "muted" });
    const more = h("p", { id: "monitor-more", class: "muted" });
    const detail2 = new DetailView(t2, () => select(void 0));
    const table = new RequestTable(t2, (id) => select(id));
    const usage = new UsageSection(t2, saved2, (c) => {
      saved2.days = c.days;
      saved2.groupBy = c.groupBy;
      persist2();
      post2({ kind: "usage", days: c.days, groupBy: c.groupBy });
    }, () => post2({ kind: "exportCsv", what: "usage" }));
    replaceChildren(
      root,
      h(
        "div",
        { class: "card", id: "monitor-requests" },
        h("div", { class: "row toolbar" }, h("h2", {}, t2("Requests")), stateBadge, statusText, h("span", { class: "spacer" }), pauseBtn, exportBtn, clearBtn),
        h(
          "div",
          { class: "row filters" },
          h("span", { class: "row" }, errorsOnly, h("label", { for: "monitor-errors" }, t2("Errors only"))),
          dialect,
          account,
          model,
          search
        ),
        notice,
        table.element,
        empty,
        more
      ),
      detail2.element,
      usage.element
    );
    function setQuery(change) {
      saved2.query = { ...saved2.query, ...change };
      persist2();
      post2({ kind: "query", query: saved2.query });
    }
    function select(id) {
      if (id === void 0) delete saved2.selected;
      else saved2.selected = id;
      persist2();
      table.select(id);
      if (id === void 0) detail2.hide();
      else {
        detail2.loading();
        post2({ kind: "detail", id });
      }
    }
    function fillSelect(el, anyLabel, values, current) {
      if (current && !values.some(([v]) => v === current)) values.push([current, current]);
      const key = JSON.stringify(values);
      if (el.dataset.key !== key) {
        el.dataset.key = key;
        replaceChildren(el, h("option", { value: "" }, anyLabel), ...values.map(([v, label2]) => h("option", { value: v }, label2)));
      }
      el.value = current;
    }
    function renderOptions(o) {
      fillSelect(dialect, t2("All dialects"), o.dialects.map((d) => [d, DIALECT_NAMES[d] ?? d]), saved2.query.dialect);
      fillSelect(account, t2("All accounts"), o.accounts.map((a) => [a.id, a.label]), saved2.query.accountId);
      fillSelect(model, t2("All models"), o.models.map((m) => [m, m]), saved2.query.model);
    }
    function renderStatus2(s) {
      status = s;
      const filtered = saved2.query.errorsOnly || saved2.query.dialect || saved2.query.accountId || saved2.query.model || saved2.query.text.trim();
      statusText.textContent = filtered ? t2("{0} of {1} requests", s.matching, s.total) : t2("{0} requests", s.total);
      const [text, cls] = !s.enabled ? [t2("Off in settings"), "off"] : s.paused ? [t2("Paused"), "busy"] : [t2("Recording"), "ok"];
      stateBadge.textContent = text;
      stateBadge.className = `badge ${cls}`;
      stateBadge.title = !s.enabled ? t2("Recording is off (setting antigravity.monitor.enabled).") : "";
      pauseBtn.textContent = s.paused ? t2("Resume") : t2("Pause");
      pauseBtn.disabled = !s.enabled;
      empty.textContent = table.size > 0 ? "" : s.total === 0 ? t2("No requests recorded yet.") : t2("No requests match the filter.");
      empty.hidden = table.size > 0;
      more.textContent = s.matching > table.size && table.size > 0 ? t2("Showing the newest {0}; Export CSV has all of them.", table.size) : "";
      more.hidden = more.textContent === "";
    }
    let noticeTimer;
    function showNotice(text, error) {
      notice.textContent = text;
      notice.className = error ? "error" : "muted";
      notice.hidden = false;
      if (noticeTimer) clearTimeout(noticeTimer);
      noticeTimer = setTimeout(() => {
        notice.hidden = true;
      }, 6e3);
    }
    post2({ kind: "query", query: saved2.query });
    post2({ kind: "usage", days: saved2.days, groupBy: saved2.groupBy });
    if (saved2.selected) select(saved2.selected);
    return {
      receive(payload) {
        const m = parseMonitorEvent(payload);
        if (!m) return;
        switch (m.kind) {
          case "snapshot":
            table.replace(m.rows);
            table.select(saved2.selected);
            renderOptions(m.options);
            renderStatus2(m.status);
            break;
          case "rows":
            table.prepend(m.rows);
            renderOptions(m.options);
            renderStatus2(m.status);
            break;
          case "status":
            renderStatus2(m.status);
            break;
          case "detail":
            if (m.id === saved2.selected) detail2.show(m.detail);
            break;
          case "usage":
            usage.render(m.usage);
            break;
          case "notice":
            showNotice(m.text, m.error ?? false);
            break;
        }
      }
    };
  }

  // src/webview/main.ts
  var vscode = acquireVsCodeApi();
  var saved = vscode.getState() ?? {};
  var ui = { ...saved, tab: saved.tab === "monitor" ? "monitor" : "proxy" };
  var state;
  var revealedKey;
  var monitor;
  var lastSnippets = "";
  var post = (m) => vscode.postMessage(m);
  var persist = () => vscode.setState(ui);
  function t(s, ...args) {
    const text = state?.strings[s] ?? s;
    return text.replace(/\{(\d+)\}/g, (m, i) => args[Number(i)] !== void 0 ? String(args[Number(i)]) : m);
  }
  var app = document.getElementById("app");
  var tabProxy = h("button", { role: "tab", id: "tab-proxy", onclick: () => selectTab("proxy") });
  var tabMonitor = h("button", { role: "tab", id: "tab-monitor", onclick: () => selectTab("monitor") });
  var proxyPage = h("section", { id: "page-proxy", role: "tabpanel" });
  var monitorPage = h("section", { id: "page-monitor", role: "tabpanel" });
  var toast = h("div", { id: "toast", role: "status", "aria-live": "polite" });
  var statusBadge = h("span", { id: "status-badge", class: "badge" });
  var statusDetails = h("dl", { id: "status-details", class: "details" });
  var statusError = h("p", { id: "status-error", class: "error" });
  var startBtn = h("button", { id: "start", onclick: () => post({ type: "start" }) });
  var stopBtn = h("button", { id: "stop", class: "secondary", onclick: () => post({ type: "stop" }) });
  var portInput = h("input", { id: "port", type: "number", min: 1024, max: 65535 });
  var portApply = h("button", { id: "port-apply", class: "secondary", onclick: () => post({ type: "setPort", port: Number(portInput.value) }) });
  var portHint = h("span", { class: "muted", id: "port-hint" });
  var lanInput = h("input", { id: "lan", type: "checkbox", role: "switch", onchange: () => post({ type: "setLan", value: lanInput.checked }) });
  var lanWarning = h("p", { id: "lan-warning", class: "warning" });
  var authSelect = h("select", { id: "auth-mode", onchange: () => post({ type: "setAuthMode", mode: authSelect.value }) });
  var authEffective = h("span", { class: "muted", id: "auth-effective" });
  var keyText = h("code", { id: "api-key" });
  var revealBtn = h("button", { id: "reveal-key", class: "secondary", onclick: () => toggleReveal() });
  var copyKeyBtn = h("button", { id: "copy-key", class: "secondary", onclick: () => post({ type: "copyKey" }) });
  var regenBtn = h("button", { id: "regenerate-key", class: "secondary", onclick: () => post({ type: "regenerateKey" }) });
  var setKeyBtn = h("button", { id: "set-key", class: "secondary", onclick: () => post({ type: "setKey" }) });
  var healthBtn = h("button", { id: "check-health", onclick: () => post({ type: "checkHealth" }) });
  var healthResult = h("div", { id: "health-result", "aria-live": "polite" });
  var accountsList = h("ul", { id: "accounts", class: "accounts" });
  var addAccountBtn = h("button", { id: "add-account", class: "secondary", onclick: () => post({ type: "addAccount" }) });
  var includeKey = h("input", { id: "include-key", type: "checkbox", onchange: () => post({ type: "setIncludeKey", value: includeKey.checked }) });
  var includeKeyLabel = h("label", { for: "include-key" });
  var claudeBtn = h("button", { id: "configure-claude", class: "secondary", onclick: () => post({ type: "configureClaudeCode" }) });
  var snippetsBox = h("div", { id: "snippets" });
  var headings = [];
  function heading(s) {
    const el = h("h2");
    headings.push([el, s]);
    return el;
  }
  var labels = [];
  function label(s, forId) {
    const el = h("label", { for: forId });
    labels.push([el, s]);
    return el;
  }
  proxyPage.append(
    h("div", { class: "card", id: "card-status" }, heading("Status"), h("div", { class: "row" }, statusBadge, startBtn, stopBtn), statusDetails, statusError),
    h(
      "div",
      { class: "card", id: "card-settings" },
      heading("Settings"),
      h("div", { class: "field" }, label("Port", "port"), h("div", { class: "row" }, portInput, portApply, portHint)),
      h("div", { class: "field" }, h("div", { class: "row" }, lanInput, label("Allow LAN access", "lan")), lanWarning),
      h("div", { class: "field" }, label("Auth mode", "auth-mode"), h("div", { class: "row" }, authSelect, authEffective)),
      h("div", { class: "field" }, label("API key", "api-key"), h("div", { class: "row" }, keyText, revealBtn, copyKeyBtn, regenBtn, setKeyBtn))
    ),
    h("div", { class: "card", id: "card-health" }, heading("Health"), h("div", { class: "row" }, healthBtn), healthResult),
    h("div", { class: "card", id: "card-accounts" }, heading("Accounts"), accountsList, addAccountBtn),
    h("div", { class: "card", id: "card-snippets" }, heading("Client setup"), h("div", { class: "row" }, includeKey, includeKeyLabel, claudeBtn), snippetsBox)
  );
  replaceChildren(app, h("nav", { role: "tablist" }, tabProxy, tabMonitor), proxyPage, monitorPage, toast);
  function selectTab(tab, notify = true) {
    ui.tab = tab;
    persist();
    tabProxy.setAttribute("aria-selected", String(tab === "proxy"));
    tabMonitor.setAttribute("aria-selected", String(tab === "monitor"));
    proxyPage.hidden = tab !== "proxy";
    monitorPage.hidden = tab !== "monitor";
    if (notify) post({ type: "tabChanged", tab });
  }
  function setText(el, text) {
    if (el.textContent !== text) el.textContent = text;
  }
  function detail(term, value) {
    return [h("dt", {}, term), h("dd", {}, value)];
  }
  function renderStatus(s) {
    const st = s.status;
    const [text, cls] = st.kind === "running" ? [t("Running"), "ok"] : st.kind === "starting" ? [t("Starting\u2026"), "busy"] : st.kind === "error" ? [t("Error"), "bad"] : st.kind === "servedByOtherWindow" ? [t("Served by another window"), "other"] : [t("Stopped"), "off"];
    setText(statusBadge, text);
    statusBadge.className = `badge ${cls}`;
    startBtn.hidden = st.kind === "running" || st.kind === "starting";
    stopBtn.hidden = st.kind !== "running";
    const rows = [];
    if (st.kind === "running") {
      rows.push(...detail(t("Listening on"), `${st.host}:${st.port}`), ...detail(t("Accounts"), String(st.accounts)), ...detail(t("Active requests"), String(st.activeRequests)));
      if (st.startedAt) rows.push(...detail(t("Uptime"), formatDuration(Date.now() - st.startedAt)));
    } else if (st.kind === "servedByOtherWindow") {
      rows.push(h("dd", {}, t("Port {0} is served by Antigravity Proxy in another VS Code window.", st.port)));
    }
    replaceChildren(statusDetails, ...rows);
    setText(statusError, st.kind === "error" ? st.message : "");
    statusError.hidden = st.kind !== "error";
  }
  function renderSettings(s) {
    const running = s.status.kind === "running" || s.status.kind === "starting";
    if (document.activeElement !== portInput) portInput.value = String(s.settings.port);
    portInput.disabled = running;
    portApply.disabled = running;
    setText(portHint, running ? t("Stop the proxy to change the port.") : "");
    lanInput.checked = s.settings.allowLanAccess;
    const exposed = s.settings.allowLanAccess && s.settings.effectiveAuthMode === "off";
    setText(lanWarning, exposed ? t("LAN access is on and auth is off: anyone on your network can use your accounts.") : s.settings.allowLanAccess ? t("The proxy is reachable from your network (binds 0.0.0.0). Keep an auth mode that checks the key.") : "");
    lanWarning.hidden = !s.settings.allowLanAccess;
    lanWarning.className = exposed ? "error" : "warning";
    const modes = [
      ["auto", "Auto: key required only with LAN access"],
      ["off", "Off: no key is checked"],
      ["all_except_health", "All except /healthz need the key"],
      ["strict", "Strict: every request needs the key, /healthz too"]
    ];
    replaceChildren(authSelect, ...modes.map(([value, text]) => h("option", { value, selected: value === s.settings.authMode }, t(text))));
    setText(authEffective, t("Effective: {0}", s.settings.effectiveAuthMode));
    setText(keyText, revealedKey ?? (s.hasKey ? s.maskedKey : t("No key yet: one is generated on first start.")));
    setText(revealBtn, revealedKey ? t("Hide") : t("Reveal"));
  }
  function toggleReveal() {
    if (revealedKey) {
      revealedKey = void 0;
      if (state) renderSettings(state);
    } else {
      post({ type: "revealKey" });
    }
  }
  function renderHealth() {
    const r = ui.health;
    if (!r) return replaceChildren(healthResult);
    if (r.ok) {
      healthResult.className = "ok";
      replaceChildren(
        healthResult,
        h("code", {}, `${r.status} ${r.body}`),
        " \xB7 ",
        t("{0} ms", r.latencyMs),
        " \xB7 ",
        h("span", { class: "muted" }, r.url),
        r.note ? h("p", { class: "muted" }, r.note) : null
      );
    } else {
      healthResult.className = "bad";
      replaceChildren(healthResult, h("code", {}, r.error), " \xB7 ", h("span", { class: "muted" }, r.url), h("p", {}, `${t("Hint")}: ${r.hint}`));
    }
  }
  function accountState(a) {
    switch (a.state) {
      case "ready":
        return [t("Ready"), "ok"];
      case "cooling":
        return [t("Cooling until {0}", a.coolingUntil ?? "?"), "busy"];
      case "disabled":
        return [a.disabledReason ? t("Disabled: {0}", a.disabledReason) : t("Disabled"), "bad"];
      default:
        return [t("Not running"), "off"];
    }
  }
  function renderAccounts(s) {
    if (s.accounts.length === 0) return replaceChildren(accountsList, h("li", { class: "muted" }, t("No accounts yet. Add one to start the proxy.")));
    replaceChildren(accountsList, ...s.accounts.map((a) => {
      const [text, cls] = accountState(a);
      return h(
        "li",
        { "data-id": a.id },
        h("span", { class: "account-label" }, a.label),
        h("span", { class: "muted" }, ` ${a.kind}${a.baseUrl ? " \xB7 " + a.baseUrl : ""}`),
        h("span", { class: `badge ${cls}` }, text),
        h("button", { class: "secondary", onclick: () => post({ type: "setAccountEnabled", id: a.id, enabled: !a.enabled }) }, a.enabled ? t("Disable") : t("Enable")),
        h("button", { class: "secondary", onclick: () => post({ type: "removeAccount", id: a.id }) }, t("Remove"))
      );
    }));
  }
  function renderSnippets(s) {
    includeKey.checked = s.includeKey;
    const key = JSON.stringify([s.snippets, s.strings["Copy"]]);
    if (key === lastSnippets) return;
    lastSnippets = key;
    replaceChildren(snippetsBox, ...s.snippets.map((sn) => h(
      "details",
      { class: "snippet", "data-id": sn.id, open: sn.id === "curl" || sn.id === "claude-code" },
      h(
        "summary",
        {},
        h("span", {}, sn.title),
        h("button", { class: "secondary copy", "data-id": sn.id, onclick: (ev) => {
          ev.preventDefault();
          post({ type: "copySnippet", id: sn.id });
        } }, t("Copy"))
      ),
      h("pre", {}, h("code", { class: `language-${sn.language}` }, sn.code))
    )));
  }
  function renderStatic() {
    setText(tabProxy, t("Proxy"));
    setText(tabMonitor, t("Monitor"));
    for (const [el, s] of headings) setText(el, t(s));
    for (const [el, s] of labels) setText(el, t(s));
    setText(startBtn, t("Start"));
    setText(stopBtn, t("Stop"));
    setText(portApply, t("Apply"));
    setText(copyKeyBtn, t("Copy"));
    setText(regenBtn, t("Regenerate"));
    setText(setKeyBtn, t("Set\u2026"));
    setText(healthBtn, t("Check Health"));
    setText(addAccountBtn, t("Add Account\u2026"));
    setText(includeKeyLabel, t("Include API key"));
    setText(claudeBtn, t("Configure Claude Code\u2026"));
  }
  function render() {
    if (!state) return;
    app.setAttribute("aria-busy", "false");
    renderStatic();
    renderStatus(state);
    renderSettings(state);
    renderHealth();
    renderAccounts(state);
    renderSnippets(state);
    if (!monitor) {
      monitor = mountMonitor(monitorPage, (payload) => post({ type: "monitor", payload }), (s, ...args) => t(s, ...args), {
        get: () => ui.monitor,
        set: (value) => {
          ui.monitor = value;
          persist();
        }
      });
    }
  }
  var toastTimer;
  function showToast(text) {
    setText(toast, text);
    toast.classList.add("visible");
    if (toastTimer) clearTimeout(toastTimer);
    toastTimer = setTimeout(() => toast.classList.remove("visible"), 2500);
  }
  window.addEventListener("message", (ev) => {
    const m = ev.data;
    switch (m.type) {
      case "state":
        if (ui.statusKind !== void 0 && ui.statusKind !== m.state.status.kind) delete ui.health;
        ui.statusKind = m.state.status.kind;
        persist();
        state = m.state;
        render();
        break;
      case "key":
        revealedKey = m.value;
        if (state) renderSettings(state);
        break;
      case "healthPending":
        healthBtn.disabled = true;
        setText(healthBtn, t("Checking\u2026"));
        break;
      case "health":
        ui.health = m.result;
        persist();
        healthBtn.disabled = false;
        setText(healthBtn, t("Check Health"));
        renderHealth();
        break;
      case "toast":
        showToast(m.text);
        break;
      case "selectTab":
        selectTab(m.tab, false);
        break;
      case "monitor":
        monitor?.receive(m.payload);
        break;
    }
  });
  setInterval(() => {
    if (state?.status.kind === "running" && !document.hidden) renderStatus(state);
  }, 1e3);
  selectTab(ui.tab, false);
  post({ type: "ready" });
})();
