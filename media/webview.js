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

  // src/webview/monitor.ts
  function mountMonitor(root, _post, t2) {
    replaceChildren(root, h("p", { class: "muted" }, t2("The Proxy Monitor appears here.")));
    return { receive() {
    } };
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
    if (!monitor) monitor = mountMonitor(monitorPage, (payload) => post({ type: "monitor", payload }), (s) => t(s));
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
