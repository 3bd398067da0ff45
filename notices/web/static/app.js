// notices: the record form, built from the record model's description (boot.spec), with its live preview.
// Plain script, no framework, nothing loaded from elsewhere. Rules for Vietnamese typing: the script
// never writes into a field while it has focus, waits ~300 ms after typing stops, and does nothing
// while an input method (Telex, VNI, Unikey) is still composing a letter.
"use strict";

(function () {
  const boot = JSON.parse(document.getElementById("boot").textContent);
  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  const DEBOUNCE_MS = 300;
  let idCounter = 0;
  const newId = (prefix) => `${prefix}-${++idCounter}`;

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (key === "text") node.textContent = value;
      else if (key === "className") node.className = value;
      else node.setAttribute(key, value === true ? "" : value);
    }
    for (const child of children) if (child) node.append(child);
    return node;
  }

  const isEmpty = (v) => v === undefined;

  // ---- widgets: each has el, set(value), collect(path) → value or undefined ---------------------------------
  // collect() also writes data-path on the elements, in the record's own naming (documents.notice.subject,
  // results[2].text), so that a problem from `notices validate` finds its field.

  function field(node, label, help, required) {
    const wrapper = el("div", { className: "field" });
    const id = newId("f");
    const helpId = help ? newId("h") : null;
    const errorId = newId("e");
    const labelEl = el("label", { for: id }, label);
    // The mark of a required field stays outside the label: the label is the field's name, nothing more.
    const mark = required ? el("span", { className: "required", "aria-hidden": "true", title: "bắt buộc", text: "*" }) : null;
    wrapper.append(el("div", { className: "label-row" }, labelEl, mark));
    const widget = scalar(node, id, [helpId, errorId].filter(Boolean).join(" "), required);
    wrapper.append(widget.control);
    if (help) wrapper.append(el("p", { className: "help", id: helpId, text: help }));
    wrapper.append(el("p", { className: "error", id: errorId }));
    widget.el = wrapper;
    return widget;
  }

  function scalar(node, id, describedBy, required) {
    const kind = node.kind;
    let control;
    if (kind === "text" || kind === "lines") {
      control = el("textarea", { id, rows: kind === "lines" ? 2 : node.long ? 2 : 1, spellcheck: "false" });
      if (!node.long && kind !== "lines") control.classList.add("short");
    } else if (kind === "boolean") {
      control = el("input", { id, type: "checkbox" });
    } else {
      const type = kind === "date" ? "date" : kind === "time" ? "time" : "text";
      const inputmode = kind === "integer" ? "numeric" : kind === "number" || kind === "cell" ? "decimal" : null;
      control = el("input", { id, type, inputmode, placeholder: node.placeholder || null, autocomplete: "off" });
    }
    control.setAttribute("aria-describedby", describedBy);
    if (required) control.setAttribute("aria-required", "true");
    let loaded = null; // a table cell read from a file as text keeps being text until she edits it
    control.addEventListener("input", () => { loaded = null; });
    const widget = {
      control,
      set(value) {
        loaded = null;
        if (kind === "boolean") { control.checked = value === true; return; }
        if (value === undefined || value === null) { control.value = ""; return; }
        if (kind === "lines" && Array.isArray(value)) { control.value = value.join("\n"); return; }
        let text = typeof value === "string" ? value : String(value);
        if (kind === "time") text = clock(text);
        if (kind === "date" || kind === "time") {
          control.type = kind; // a value the picker cannot hold is shown as typed, never dropped
          control.value = text;
          if (control.value !== text) { control.type = "text"; control.value = text; }
          return;
        }
        control.value = text;
        if (kind === "cell" && typeof value === "string") loaded = value;
      },
      collect(path) {
        widget.el.dataset.path = path;
        if (kind === "boolean") return control.checked ? true : undefined;
        const raw = control.value;
        if (kind === "cell" && raw.trim() === "") return ""; // an empty cell still holds its column's place
        if (raw.trim() === "") return undefined;
        if (kind === "lines") {
          const lines = raw.split("\n").map((s) => s.trim()).filter(Boolean);
          return lines.length === 1 ? lines[0] : lines;
        }
        if (kind === "integer") return /^\s*-?\d+\s*$/.test(raw) ? parseInt(raw, 10) : raw;
        if (kind === "number") return /^\s*-?\d+(\.\d+)?\s*$/.test(raw) ? parseFloat(raw) : raw;
        if (kind === "cell") {
          if (loaded !== null && raw === loaded) return raw;
          if (/^-?\d+$/.test(raw)) return parseInt(raw, 10);
          if (/^-?\d+\.\d+$/.test(raw)) return parseFloat(raw);
          return raw;
        }
        return raw;
      },
      focus() { control.focus(); },
    };
    return widget;
  }

  function clock(text) { // "7:30", "7h30" → "07:30" (the record accepts all three; the picker only the last)
    const m = /^\s*(\d{1,2})[:hH](\d{2})\s*$/.exec(text);
    return m ? `${m[1].padStart(2, "0")}:${m[2]}` : text;
  }

  function objectWidget(node, label, help, depth) {
    const box = el("fieldset", { className: `group depth-${depth}` });
    const legend = el("legend", {}, label || "");
    box.append(legend);
    let toggle = null;
    const body = el("div", { className: "group-body" });
    if (node.toggle) {
      const id = newId("t");
      toggle = el("input", { type: "checkbox", id });
      const toggleLabel = el("label", { for: id, className: "toggle" }, toggle, " " + node.toggle);
      box.append(toggleLabel);
      // A document that is not made has no fields on the page (they wait, filled, until it is switched on):
      // the page holds one "Trích yếu", one "Người ký"… for each document being written, no hidden twins.
      toggle.addEventListener("change", () => showBody(toggle.checked));
    }
    if (help) box.append(el("p", { className: "help", text: help }));
    box.append(el("p", { className: "error", id: newId("e") }));
    box.append(body);
    function showBody(shown) {
      if (shown && !body.isConnected) box.append(body);
      if (!shown && body.isConnected) body.remove();
    }
    if (toggle) showBody(false);
    const children = node.fields.map((f) => {
      const child = build(f.node, f.label, f.help, f.required, depth + 1);
      body.append(child.el);
      return { key: f.key, widget: child };
    });
    let extras = {};
    return {
      el: box,
      set(value) {
        const data = value && typeof value === "object" && !Array.isArray(value) ? value : {};
        if (toggle) { toggle.checked = value !== undefined && value !== null; showBody(toggle.checked); }
        extras = {};
        for (const key of Object.keys(data)) {
          if (!children.some((c) => c.key === key)) extras[key] = data[key]; // kept, and reported by validation
        }
        for (const child of children) child.widget.set(data[child.key]);
      },
      collect(path) {
        box.dataset.path = path;
        if (toggle && !toggle.checked) {
          for (const child of children) child.widget.collect(`${path}.${child.key}`);
          return undefined;
        }
        const result = {};
        for (const child of children) {
          const value = child.widget.collect(path ? `${path}.${child.key}` : child.key);
          if (!isEmpty(value)) result[child.key] = value;
        }
        Object.assign(result, extras);
        if (Object.keys(result).length === 0 && !toggle && depth > 0) return undefined;
        return result;
      },
      focus() { (toggle || box.querySelector("input, textarea, select, button") || box).focus(); },
      child(key) { return children.find((c) => c.key === key)?.widget; },
      toggle,
    };
  }

  function arrayWidget(node, label, help, depth) {
    const box = el("fieldset", { className: `list depth-${depth}` });
    box.append(el("legend", {}, label));
    if (help) box.append(el("p", { className: "help", text: help }));
    box.append(el("p", { className: "error", id: newId("e") }));
    const list = el("ol", { className: "items" });
    box.append(list);
    const items = [];
    const add = el("button", { type: "button", className: "add" }, "+ Thêm");
    add.setAttribute("aria-label", `Thêm một mục vào “${label}”`);
    box.append(add);

    function renumber() {
      items.forEach((item, index) => {
        item.number.textContent = `${index + 1}.`;
        item.itemLabel = `${label} ${index + 1}`;
        item.relabel(item.itemLabel);
        item.remove.setAttribute("aria-label", `Xoá mục ${index + 1} của “${label}”`);
        item.up.setAttribute("aria-label", `Đưa mục ${index + 1} của “${label}” lên trên`);
        item.down.setAttribute("aria-label", `Đưa mục ${index + 1} của “${label}” xuống dưới`);
        item.up.disabled = index === 0;
        item.down.disabled = index === items.length - 1;
      });
      add.disabled = node.max !== undefined && items.length >= node.max;
    }

    function addItem(value) {
      const li = el("li", { className: "item" });
      const number = el("span", { className: "number", "aria-hidden": "true" });
      const widget = build(node.item, `${label} ${items.length + 1}`, null, false, depth + 1, true);
      const up = el("button", { type: "button", className: "small" }, "↑");
      const down = el("button", { type: "button", className: "small" }, "↓");
      const remove = el("button", { type: "button", className: "small remove" }, "Xoá");
      const tools = el("div", { className: "item-tools" }, up, down, remove);
      li.append(number, widget.el, tools);
      list.append(li);
      const item = { li, widget, number, up, down, remove, relabel: widget.relabel || (() => {}) };
      items.push(item);
      if (value !== undefined) widget.set(value);
      remove.addEventListener("click", () => {
        const index = items.indexOf(item);
        items.splice(index, 1);
        li.remove();
        renumber();
        (items[Math.min(index, items.length - 1)]?.remove || add).focus();
        changed();
      });
      for (const [button, step] of [[up, -1], [down, 1]]) {
        button.addEventListener("click", () => {
          const index = items.indexOf(item);
          const target = index + step;
          if (target < 0 || target >= items.length) return;
          items.splice(index, 1);
          items.splice(target, 0, item);
          if (step < 0) list.insertBefore(li, items[target + 1].li);
          else list.insertBefore(li, items[target - 1].li.nextSibling);
          renumber();
          button.focus();
          changed();
        });
      }
      renumber();
      return item;
    }

    add.addEventListener("click", () => {
      // A new table row starts with as many cells as the row above it.
      const cells = node.item.kind === "array" && node.item.item.kind === "cell";
      const previous = cells && items.length ? items[items.length - 1].widget.collect("") : undefined;
      const item = addItem(cells ? (previous || [""]).map(() => "") : undefined);
      item.widget.focus();
      changed();
    });

    return {
      el: box,
      set(value) {
        for (const item of items) item.li.remove();
        items.length = 0;
        let values = Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
        if (node.split && typeof value === "string") { // "archive: VT, VP" is read as [VT, VP]
          values = value.split(node.split).map((part) => part.trim()).filter(Boolean);
        }
        for (const v of values) addItem(v);
        renumber();
      },
      collect(path) {
        box.dataset.path = path;
        const result = [];
        for (const item of items) {
          const value = item.widget.collect(`${path}[${result.length + 1}]`);
          if (!isEmpty(value)) result.push(value);
          else item.widget.collect(""); // an empty entry is left out: it has no place in the record
        }
        return result.length ? result : undefined;
      },
      focus() { (items[0]?.widget || add).focus(); },
      addItem,
      items,
    };
  }

  function unionWidget(node, label, depth) {
    const box = el("div", { className: "union" });
    const selectId = newId("u");
    const select = el("select", { id: selectId });
    const selectLabel = el("label", { for: selectId, className: "shape" }, "Dạng");
    node.variants.forEach((variant, index) => select.append(el("option", { value: String(index) }, variant.label)));
    box.append(el("div", { className: "shape-row" }, selectLabel, select));
    const holder = el("div", { className: "variant" });
    box.append(holder);
    const built = new Map();
    let current = 0;
    let currentLabel = label;

    function variantWidget(index) {
      if (!built.has(index)) {
        const variant = node.variants[index];
        const widget = build(variant.node, currentLabel, null, true, depth, false);
        built.set(index, widget);
      }
      return built.get(index);
    }

    function show(index) {
      current = index;
      select.value = String(index);
      holder.replaceChildren(variantWidget(index).el);
    }

    function shapeOf(value) { // as the record model decides (records/models.py: _shape)
      const tag = typeof value === "string" ? "text"
        : value && typeof value === "object" && "heading" in value ? "Section"
          : value && typeof value === "object" && "speaker" in value ? "Speech" : "Item";
      const index = node.variants.findIndex((v) => v.tag === tag);
      return index >= 0 ? index : 0;
    }

    select.addEventListener("change", () => {
      // Keep what she wrote: the sentence becomes the item's text, and back.
      const before = variantWidget(current).collect("");
      const next = Number(select.value);
      const text = typeof before === "string" ? before : before && typeof before === "object" ? before.text : undefined;
      show(next);
      const target = variantWidget(next);
      const now = target.collect("");
      if (text !== undefined && (now === undefined || (typeof now === "object" && now.text === undefined))) {
        if (node.variants[next].tag === "text") target.set(text);
        else if (target.child && target.child("text")) target.child("text").set(text);
      }
      changed();
    });
    show(0);
    return {
      el: box,
      set(value) {
        const index = value === undefined ? 0 : shapeOf(value);
        show(index);
        variantWidget(index).set(value);
      },
      collect(path) { // the path goes on the chosen shape's own fields, where messages are shown
        return variantWidget(current).collect(path);
      },
      focus() { select.focus(); },
      relabel(text) {
        currentLabel = text;
        select.setAttribute("aria-label", `Dạng của “${text}”`);
        for (const widget of built.values()) widget.relabel?.(text);
      },
    };
  }

  function build(node, label, help, required, depth, inList) {
    if (node.kind === "object") {
      const widget = objectWidget(node, label, help, depth);
      widget.relabel = (text) => { widget.el.querySelector("legend").textContent = text; };
      return widget;
    }
    if (node.kind === "array") return arrayWidget(node, label, help, depth);
    if (node.kind === "union") return unionWidget(node, label, depth);
    const widget = field(node, label, help, required);
    widget.relabel = (text) => {
      const labelEl = widget.el.querySelector("label");
      labelEl.firstChild.textContent = text;
    };
    if (inList) widget.el.classList.add("in-list");
    return widget;
  }

  // ---- the page ---------------------------------------------------------------------------------------------------

  const form = document.getElementById("form");
  const root = build(boot.spec, "", null, true, 0);
  form.append(...root.el.querySelector(".group-body").childNodes);
  const status = document.getElementById("status");
  const kindSelect = document.getElementById("kind");
  const frame = document.getElementById("preview-frame");
  const previewStatus = document.getElementById("preview-status");
  const previewRegion = document.getElementById("preview");
  const problemBox = document.getElementById("problems");
  const problemList = document.getElementById("problem-list");
  for (const kind of boot.kinds) kindSelect.append(el("option", { value: kind.key }, kind.label));
  kindSelect.value = "notice";

  let workspace = null;
  let composing = false;
  let timer = null;
  let sequence = 0;
  let applied = 0;
  let lastInputAt = 0;
  let showAll = false;
  let lastProblems = [];
  let draftReady = false; // set once the page has been filled, so that a blank page never overwrites a draft
  window.noticesTimings = []; // keystroke → preview updated, in ms (bench/ reads it; nothing asserts it)

  function say(text) { status.textContent = text; }

  function changed() {
    lastInputAt = performance.now();
    schedule();
  }

  function schedule(delay = DEBOUNCE_MS) {
    clearTimeout(timer);
    if (composing) return; // the letter is not finished: wait for compositionend
    timer = setTimeout(refresh, delay);
  }

  form.addEventListener("compositionstart", () => { composing = true; clearTimeout(timer); });
  form.addEventListener("compositionend", () => { composing = false; changed(); });
  form.addEventListener("input", (event) => {
    if (event.isComposing || composing) return;
    changed();
  });
  form.addEventListener("change", () => { if (!composing) changed(); });
  form.addEventListener("focusout", (event) => {
    const target = event.target.closest?.(".field");
    if (target) { target.dataset.touched = "1"; renderProblems(lastProblems); }
  });
  form.addEventListener("submit", (event) => event.preventDefault());
  kindSelect.addEventListener("change", () => { lastInputAt = performance.now(); schedule(0); });

  async function post(url, payload) {
    const isForm = payload instanceof FormData;
    const response = await fetch(url, {
      method: "POST",
      headers: isForm ? { "X-CSRF-Token": csrf } : { "X-CSRF-Token": csrf, "Content-Type": "application/json" },
      body: isForm ? payload : JSON.stringify(payload),
      credentials: "same-origin",
    });
    return response;
  }

  async function errorOf(response) {
    try {
      const body = await response.json();
      return body;
    } catch (e) {
      return { error: `Máy chủ trả lời lỗi ${response.status}.` };
    }
  }

  function collect() { return root.collect("") || {}; }

  // What she typed is kept in this browser too: a closed tab or a stopped server loses nothing.
  const DRAFT = "notices-draft";
  function saveDraft(data) {
    try { localStorage.setItem(DRAFT, JSON.stringify({ data, kind: kindSelect.value })); } catch (e) { /* full */ }
  }
  function restoreDraft() {
    try { return JSON.parse(localStorage.getItem(DRAFT) || "null"); } catch (e) { return null; }
  }

  async function refresh() {
    const mine = ++sequence;
    const startedFrom = lastInputAt;
    const data = collect();
    if (draftReady) saveDraft(data);
    let body;
    try {
      const response = await post("/api/preview", { data, kind: kindSelect.value, workspace });
      body = response.ok ? await response.json() : await errorOf(response);
      if (!response.ok) { say(body.error || "Không cập nhật được bản xem trước."); return; }
    } catch (e) {
      say("Không kết nối được với notices (máy chủ đã tắt?). Những gì đã nhập vẫn còn trên trang.");
      return;
    }
    if (mine < applied) return; // an older answer arriving late
    applied = mine;
    renderProblems(body.problems || []);
    const errors = (body.problems || []).filter((p) => p.severity === "error").length;
    if (body.html) {
      showPreview(body.html);
      previewStatus.textContent = `Đã cập nhật: ${body.title || kindSelect.selectedOptions[0].textContent}.`;
      // Measured when the updated page has been painted (the next frame after the swap).
      if (startedFrom) requestAnimationFrame(() => window.noticesTimings.push(performance.now() - startedFrom));
    } else if (body.notice) {
      previewStatus.textContent = body.notice;
    } else if (errors) {
      previewStatus.textContent = `Bản xem trước chưa cập nhật: hồ sơ còn ${errors} lỗi (xem mục “Cần sửa”).`;
    }
    previewRegion.dataset.sequence = String(mine);
  }

  function showPreview(page) {
    // The same page the PDF writer renders. Later updates swap head and body in place: no flicker, and the
    // reader keeps her place in the page.
    const doc = frame.contentDocument;
    if (!frame.dataset.ready || !doc || !doc.body) {
      frame.srcdoc = page;
      frame.dataset.ready = "1";
      return;
    }
    const parsed = new DOMParser().parseFromString(page, "text/html");
    doc.head.replaceWith(doc.importNode(parsed.head, true));
    doc.body.replaceWith(doc.importNode(parsed.body, true));
  }

  function findField(paths) {
    for (const path of paths) {
      let candidate = path;
      while (candidate) {
        const found = form.querySelector(`[data-path="${CSS.escape(candidate)}"]`);
        if (found) return found;
        candidate = candidate.replace(/(\[\d+\]|\.[^.[\]]+)$/, "");
        if (candidate === path) break;
      }
    }
    return null;
  }

  function renderProblems(problems) {
    lastProblems = problems;
    for (const node of form.querySelectorAll(".error")) node.textContent = "";
    for (const node of form.querySelectorAll("[aria-invalid]")) node.removeAttribute("aria-invalid");
    for (const node of form.querySelectorAll(".has-error")) node.classList.remove("has-error");
    problemList.replaceChildren();
    for (const problem of problems) {
      const target = findField(problem.fields || []);
      const label = problem.severity === "error" ? "Lỗi" : "Cảnh báo";
      const item = el("li", { className: problem.severity });
      if (target) {
        const link = el("button", { type: "button", className: "link" }, `${label}: ${problem.message}`);
        link.addEventListener("click", () => focusField(target));
        item.append(link);
        const visible = showAll || target.dataset.touched || target.querySelector("[data-touched]");
        if (visible) {
          const holder = target.querySelector(":scope > .error");
          if (holder) {
            holder.textContent = holder.textContent ? `${holder.textContent} ${problem.message}` : problem.message;
            if (problem.severity === "error") {
              target.classList.add("has-error");
              target.querySelector(":scope > input, :scope > textarea")?.setAttribute("aria-invalid", "true");
            } else holder.classList.add("warning");
          }
        }
      } else item.append(`${label}: ${problem.message}`);
      problemList.append(item);
    }
    problemBox.hidden = problems.length === 0;
  }

  function focusField(target) {
    for (let node = target; node; node = node.parentElement) { if (node.hidden) node.hidden = false; }
    const control = target.querySelector("input, textarea, select") || target;
    control.focus();
    control.scrollIntoView({ block: "center" });
  }

  function fill(data) {
    // Only ever called on a button press (open, new): never while she is typing in a field.
    root.set(data);
    const kinds = boot.kinds.map((k) => k.key);
    const declared = kinds.find((k) => data.documents && data.documents[k] != null && k === kindSelect.value)
      || kinds.find((k) => data.documents && data.documents[k] != null);
    if (declared) kindSelect.value = declared;
  }

  // Opening a file or starting anew replaces the form: the record it replaced can be taken back.
  const undoButton = document.getElementById("undo-button");
  let replaced = null;
  function keepForUndo() {
    const data = collect();
    if (JSON.stringify(data) === JSON.stringify(blankData)) return; // nothing of hers to take back
    replaced = { data, kind: kindSelect.value, workspace };
    undoButton.hidden = false;
  }
  let blankData = null;
  undoButton.addEventListener("click", () => {
    if (!replaced) return;
    workspace = replaced.workspace;
    fill(replaced.data);
    kindSelect.value = replaced.kind;
    replaced = null;
    undoButton.hidden = true;
    say("Đã lấy lại hồ sơ trước đó.");
    changed();
  });

  // The office profile's defaults: its agency (and meeting) fill a new form; its signer, recipients and archive
  // for a kind fill that document when it is switched on ("Tạo …") and still empty.
  const defaults = (boot.profile && boot.profile.documents) || {};
  function blank() {
    const profile = boot.profile || {};
    const data = {};
    if (profile.agency) data.agency = profile.agency;
    if (profile.meeting) data.meeting = profile.meeting;
    data.documents = { notice: defaults.notice || {} };
    return data;
  }
  const documentsWidget = root.child("documents");
  for (const kind of boot.kinds) {
    const widget = documentsWidget?.child(kind.key);
    if (!widget || !widget.toggle || !defaults[kind.key]) continue;
    widget.toggle.addEventListener("change", () => {
      const now = widget.collect("");
      if (widget.toggle.checked && now && Object.keys(now).length === 0) widget.set(defaults[kind.key]);
    });
  }

  function fileName(response, fallback) {
    const header = response.headers.get("content-disposition") || "";
    const match = /filename="([^"]+)"/.exec(header);
    return match ? match[1] : fallback;
  }

  async function download(format) {
    const label = format.toUpperCase();
    say(`Đang tạo tệp ${label}…`);
    let response;
    try {
      response = await post("/api/download", { data: collect(), kind: kindSelect.value, format, workspace });
    } catch (e) {
      say("Không kết nối được với notices (máy chủ đã tắt?). Những gì đã nhập vẫn còn trên trang.");
      return;
    }
    if (!response.ok) {
      const body = await errorOf(response);
      showAll = true;
      if (body.problems) renderProblems(body.problems);
      say(body.error || `Không tạo được tệp ${label}.`);
      return;
    }
    const blob = await response.blob();
    const name = fileName(response, `van-ban.${format}`);
    const url = URL.createObjectURL(blob);
    const link = el("a", { href: url, download: name });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
    say(`Đã tải ${name}.`);
  }

  async function openFiles(files) {
    if (!files.length) return;
    const payload = new FormData();
    for (const file of files) payload.append("files", file, file.name);
    say("Đang mở hồ sơ…");
    let response;
    try {
      response = await post("/api/open", payload);
    } catch (e) {
      say("Không kết nối được với notices (máy chủ đã tắt?).");
      return;
    }
    const body = response.ok ? await response.json() : await errorOf(response);
    if (!response.ok) { say(body.error || "Không mở được hồ sơ."); return; }
    keepForUndo();
    workspace = body.workspace;
    fill(body.data || {});
    showAll = true;
    renderProblems(body.problems || []);
    const errors = (body.problems || []).filter((p) => p.severity === "error").length;
    say(errors ? `Đã mở ${body.name}: có ${errors} lỗi cần sửa.` : `Đã mở ${body.name}.`);
    lastInputAt = performance.now();
    schedule(0);
  }

  const openInput = document.getElementById("open-file");
  document.getElementById("open-button").addEventListener("click", () => openInput.click());
  openInput.addEventListener("change", () => { openFiles([...openInput.files]); openInput.value = ""; });
  document.getElementById("new-button").addEventListener("click", () => {
    keepForUndo();
    workspace = null;
    showAll = false;
    fill(blank());
    renderProblems([]);
    say("Hồ sơ mới.");
    schedule(0);
  });
  document.getElementById("yaml-button").addEventListener("click", () => download("yaml"));
  document.getElementById("docx-button").addEventListener("click", () => download("docx"));
  document.getElementById("pdf-button").addEventListener("click", () => download("pdf"));

  // Photos of the news post: uploaded into this record's own folder, then named in the list.
  const news = root.child("documents")?.child("news");
  const photoList = news?.child("photos");
  if (photoList) {
    const input = el("input", { type: "file", accept: ".jpg,.jpeg,.png", multiple: true, className: "visually-hidden",
      tabindex: "-1", "aria-label": "Chọn ảnh JPEG hoặc PNG cho tin bài" });
    const button = el("button", { type: "button", className: "add" }, "Tải ảnh lên…");
    photoList.el.append(button, input);
    button.addEventListener("click", () => input.click());
    input.addEventListener("change", async () => {
      const payload = new FormData();
      if (workspace) payload.append("workspace", workspace);
      const named = (photoList.collect("documents.news.photos") || []).map((p) => p.file).filter(Boolean);
      payload.append("named", JSON.stringify(named));
      for (const file of input.files) payload.append("files", file, file.name);
      input.value = "";
      let response;
      try {
        response = await post("/api/photos", payload);
      } catch (e) {
        say("Không kết nối được với notices (máy chủ đã tắt?).");
        return;
      }
      const body = response.ok ? await response.json() : await errorOf(response);
      if (!response.ok) { say(body.error || "Không tải được ảnh."); return; }
      workspace = body.workspace;
      const added = body.photos.filter((name) => !named.includes(name));
      for (const name of added) photoList.addItem({ file: name });
      say(added.length ? `Đã tải lên ${body.photos.length} ảnh; hãy viết chú thích cho từng ảnh mới.`
        : `Đã tải lên ${body.photos.length} ảnh.`);
      changed();
    });
  }

  // Register and archive (when notices.register is installed): "Cấp số", and the search over the archive.
  if (boot.register) {
    const issueButton = document.getElementById("issue-button");
    const archive = document.getElementById("archive");
    issueButton.hidden = false;
    archive.hidden = false;
    issueButton.addEventListener("click", async () => {
      const label = kindSelect.selectedOptions[0].textContent;
      if (!window.confirm(`Cấp số cho ${label.toLowerCase()} này? Số đã cấp được ghi vào sổ, không lấy lại được.`)) return;
      say(`Đang cấp số cho ${label.toLowerCase()}…`);
      let response;
      try {
        response = await post("/api/issue", { data: collect(), kind: kindSelect.value, workspace });
      } catch (e) {
        say("Không kết nối được với notices (máy chủ đã tắt?). Những gì đã nhập vẫn còn trên trang.");
        return;
      }
      const body = response.ok ? await response.json() : await errorOf(response);
      if (!response.ok) {
        showAll = true;
        if (body.problems) renderProblems(body.problems);
        say(body.error || "Không cấp được số.");
        return;
      }
      workspace = body.workspace;
      const kind = kindSelect.value;
      fill(body.data); // the record as issued: its number and date written in, nothing else changed
      kindSelect.value = kind;
      say(body.message);
      changed();
    });
    const results = document.getElementById("archive-results");
    const archiveStatus = document.getElementById("archive-status");
    document.getElementById("archive-form").addEventListener("submit", async (event) => {
      event.preventDefault();
      const query = document.getElementById("archive-query").value;
      archiveStatus.textContent = "Đang tìm…";
      let response;
      try {
        response = await fetch(`/api/archive?q=${encodeURIComponent(query)}`, { credentials: "same-origin" });
      } catch (e) {
        archiveStatus.textContent = "Không kết nối được với notices.";
        return;
      }
      const body = response.ok ? await response.json() : await errorOf(response);
      results.replaceChildren();
      if (!response.ok) { archiveStatus.textContent = body.error || "Không tìm được."; return; }
      for (const hit of body.hits) {
        const item = el("li", {});
        const title = `${hit.label} ngày ${hit.date} — ${hit.kind}: ${hit.subject}`;
        if (hit.pdf) {
          item.append(el("a", { href: hit.pdf, target: "_blank", rel: "noopener" }, title));
        } else item.append(`${title} (${hit.status === "void" ? "đã hủy" : "chưa lưu xong"})`);
        if (hit.excerpt && hit.excerpt !== hit.subject) item.append(el("p", { className: "help", text: hit.excerpt }));
        results.append(item);
      }
      archiveStatus.textContent = body.hits.length ? `Tìm thấy ${body.hits.length} văn bản.` : "Không tìm thấy văn bản nào.";
    });
  }

  window.noticesPage = { collect, fill, refresh, register: boot.register, post, say,
    kind: () => kindSelect.value, workspace: () => workspace };
  const restored = restoreDraft();
  if (restored) {
    fill(restored.data || {});
    if (restored.kind) kindSelect.value = restored.kind;
    say("Đã khôi phục hồ sơ đang soạn dở trên máy này. Bấm “Hồ sơ mới” để bắt đầu lại.");
  } else fill(blank());
  blankData = (() => { // what an untouched new form holds
    const probe = build(boot.spec, "", null, true, 0);
    probe.set(blank());
    return probe.collect("") || {};
  })();
  draftReady = true;
  schedule(0);
  document.dispatchEvent(new CustomEvent("notices:ready"));
})();
