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
    const backId = WHEN[node.kind] ? newId("b") : null;
    const widget = scalar(node, id, [helpId, backId, errorId].filter(Boolean).join(" "), required);
    wrapper.append(widget.control);
    if (backId) { // "thứ Năm, 11/07/2024": what the form understood, beside what she typed (never in place of it)
      const back = el("p", { className: "understood", id: backId });
      wrapper.append(back);
      const update = () => { back.textContent = understood(node.kind, widget.control.value); };
      widget.control.addEventListener("input", update);
      const set = widget.set;
      widget.set = (value) => { set(value); update(); };
    }
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
      const inputmode = kind === "integer" ? "numeric" : kind === "number" || kind === "cell" ? "decimal" : null;
      const placeholder = node.placeholder || WHEN_PLACEHOLDER[kind] || null;
      control = el("input", { id, type: "text", inputmode, placeholder, autocomplete: "off" });
    }
    control.setAttribute("aria-describedby", describedBy);
    if (required) control.setAttribute("aria-required", "true");
    let loaded = null; // a table cell read from a file as text keeps being text until she edits it
    let original = null; // a date or time read from a file: given back as written until she edits it
    control.addEventListener("input", () => { loaded = null; original = null; });
    const widget = {
      control,
      set(value) {
        loaded = null;
        if (kind === "boolean") { control.checked = value === true; return; }
        if (value === undefined || value === null) { control.value = ""; return; }
        if (kind === "lines" && Array.isArray(value)) { control.value = value.join("\n"); return; }
        let text = typeof value === "string" ? value : String(value);
        if (WHEN[kind]) { // shown as she would type it; given back exactly as the file wrote it if unchanged
          const shown = WHEN[kind].show(text);
          control.value = shown;
          original = { shown, value: text };
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
        if (WHEN[kind]) {
          if (original !== null && raw === original.shown) return original.value;
          const read = WHEN[kind].parse(raw);
          return read ? read.value : raw.trim(); // what it could not read goes as typed: the message says why
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

  // ---- dates and times as a secretary types them: 11/7/2024, 11-07-2024, 7h30, 7 giờ 30, 20:48 29/3/2022 ---------
  const WEEKDAYS = ["Chủ nhật", "thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy"];
  const pad = (n) => String(n).padStart(2, "0");

  function readDate(text) { // → {value: "YYYY-MM-DD", real: bool, day, month, year} or null
    const t = text.trim().toLowerCase().replace(/\s+/g, " ");
    let m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(t);
    let y, mo, d;
    if (m) [y, mo, d] = [m[1], m[2], m[3]].map(Number);
    else if ((m = /^(?:ngày )?(\d{1,2}) ?[/.-] ?(\d{1,2}) ?[/.-] ?(\d{4})$/.exec(t))) [d, mo, y] = [m[1], m[2], m[3]].map(Number);
    else if ((m = /^(?:ngày )?(\d{1,2}),? tháng (\d{1,2}),? (?:năm )?(\d{4})$/.exec(t))) [d, mo, y] = [m[1], m[2], m[3]].map(Number);
    else return null;
    const date = new Date(Date.UTC(y, mo - 1, d));
    const real = mo >= 1 && mo <= 12 && d >= 1 && date.getUTCDate() === d && date.getUTCMonth() === mo - 1;
    return { value: `${String(y).padStart(4, "0")}-${pad(mo)}-${pad(d)}`, real, d, mo, y, weekday: real ? date.getUTCDay() : null };
  }

  function readClock(text) { // → {value: "HH:MM", real} or null
    const m = /^(\d{1,2}) ?(?::|h|g|giờ) ?(\d{1,2})? ?(?:phút|p)?$/.exec(text.trim().toLowerCase().replace(/\s+/g, " "));
    if (!m) return null;
    const h = Number(m[1]);
    const min = m[2] === undefined ? 0 : Number(m[2]);
    return { value: `${pad(h)}:${pad(min)}`, real: h <= 23 && min <= 59, h, min };
  }

  function readMoment(text) { // "20:48 29/3/2022", "29/3/2022 20:48", "20 giờ 48 ngày 29/3/2022" → ISO, +07:00
    const t = text.trim();
    if (/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/.test(t)) return { value: t, real: true, iso: true };
    const parts = /^(.+?)(?:,| ngày| lúc)? +((?:ngày )?\d{1,2} ?[/.-].*|\d{4}-.*)$/i.exec(t)
      || /^(.*\d{4})(?:,| lúc)? +(.+)$/i.exec(t);
    if (!parts) return null;
    let clock = readClock(parts[1]);
    let date = readDate(parts[2]);
    if (!clock || !date) { clock = readClock(parts[2]); date = readDate(parts[1]); }
    if (!clock || !date) return null;
    return { value: `${date.value}T${clock.value}:00+07:00`, real: clock.real && date.real, clock, date };
  }

  const WHEN = {
    date: {
      parse: readDate,
      show: (v) => { const r = readDate(v); return r && r.real && r.value === v ? `${pad(r.d)}/${pad(r.mo)}/${r.y}` : v; },
      back: (r) => `${WEEKDAYS[r.weekday]}, ${pad(r.d)}/${pad(r.mo)}/${r.y}`,
    },
    time: {
      parse: readClock,
      show: (v) => v,
      back: (r) => `${r.h} giờ ${pad(r.min)}`,
    },
    datetime: {
      parse: readMoment,
      show: (v) => {
        const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}):00\+07:00$/.exec(v);
        if (!m) return v;
        const d = readDate(m[1]);
        return d && d.real ? `${m[2]} ${pad(d.d)}/${pad(d.mo)}/${d.y}` : v;
      },
      back: (r) => r.iso ? "" : `${r.clock.h} giờ ${pad(r.clock.min)}, ${WHEN.date.back(r.date)}`,
    },
  };
  const WHEN_PLACEHOLDER = { date: "ngày/tháng/năm", time: "ví dụ 7h30", datetime: "giờ:phút ngày/tháng/năm" };

  function understood(kind, text) { // what the form read from a date or time, said back; "" when nothing to say
    if (!text.trim()) return "";
    const read = WHEN[kind].parse(text);
    if (!read) return "";
    if (!read.real) return "";
    return `Đã hiểu: ${WHEN[kind].back(read)}`;
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
      focus() { (box.querySelector("textarea, input:not([type=checkbox]), select") || toggle || box).focus(); },
      child(key) { return children.find((c) => c.key === key)?.widget; },
      restore() { // every field back in its own place (a document's layout may have lent some out)
        for (const child of children) { body.append(child.widget.el); child.widget.restore?.(); }
      },
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

    // Pasting several lines into an empty entry of a list of texts makes one entry per line.
    const textual = node.item.kind === "text" || (node.item.kind === "union" && node.item.variants.some((v) => v.tag === "text"));
    if (textual) {
      list.addEventListener("paste", (event) => {
        const target = event.target;
        if (!(target instanceof HTMLTextAreaElement) || target.value.trim() !== "") return;
        const lines = (event.clipboardData?.getData("text/plain") || "").split(/\r?\n/)
          .map((line) => line.replace(/^\s*(?:[-–•*+]|\d+[.)]|[a-zđ]\))\s+/i, "").replace(/\s*[;,]\s*$/, "").trim())
          .filter(Boolean);
        const index = items.findIndex((item) => item.li.contains(target));
        if (lines.length < 2 || index < 0) return;
        const owner = items[index].widget;
        if ((owner.text ? owner.text.control : owner.control) !== target) return; // only the entry's own text
        event.preventDefault();
        owner.set(lines[0]);
        let last = items[index];
        for (const line of lines.slice(1)) { // each new entry right after the one before it
          const item = addItem(line);
          items.splice(items.length - 1, 1);
          items.splice(items.indexOf(last) + 1, 0, item);
          list.insertBefore(item.li, last.li.nextSibling);
          last = item;
        }
        renumber();
        last.widget.focus();
        changed();
      });
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
      focus() { (holder.querySelector("textarea, input") || select).focus(); },
      relabel(text) {
        currentLabel = text;
        select.setAttribute("aria-label", `Dạng của “${text}”`);
        for (const widget of built.values()) widget.relabel?.(text);
      },
    };
  }

  // A list entry that is "a sentence, or an item with an assignee and a deadline": one step, no "Dạng" switch.
  // Nội dung, Giao cho, Thời hạn side by side; figures and frequency under "Thêm số liệu".
  function itemWidget(node, label, depth) {
    const itemNode = node.variants.find((v) => v.tag === "Item").node;
    const box = el("div", { className: "entry" });
    const fields = {};
    for (const f of itemNode.fields) {
      fields[f.key] = f.key === "text"
        ? field({ kind: "text", long: true }, label, null, true)
        : build(f.node, f.label, ["assignee", "partners", "deadline"].includes(f.key) ? null : f.help, false, depth + 1, false);
    }
    box.append(fields.text.el);
    const side = el("div", { className: "side" });
    for (const key of ["assignee", "partners", "deadline"]) if (fields[key]) side.append(fields[key].el);
    box.append(side);
    const more = el("details", { className: "more" }, el("summary", {}, "Thêm số liệu, tần suất"));
    for (const [key, f] of Object.entries(fields)) if (!["text", "assignee", "partners", "deadline"].includes(key)) more.append(f.el);
    box.append(more);
    let extras = {};
    let shape = "text"; // a file's "- text: …" stays an item, a plain "- …" a sentence, until she adds more
    return {
      el: box,
      set(value) {
        const data = typeof value === "string" ? { text: value } : value && typeof value === "object" ? value : {};
        shape = value && typeof value === "object" ? "Item" : "text";
        extras = {};
        for (const key of Object.keys(data)) if (!(key in fields)) extras[key] = data[key];
        for (const [key, f] of Object.entries(fields)) f.set(data[key]);
        more.open = ["metric", "recurring"].some((k) => data[k] !== undefined && data[k] !== null);
      },
      collect(path) {
        box.dataset.path = path;
        const result = {};
        for (const [key, f] of Object.entries(fields)) {
          const value = f.collect(path ? `${path}.${key}` : key);
          if (!isEmpty(value)) result[key] = value;
        }
        Object.assign(result, extras);
        const keys = Object.keys(result);
        if (keys.length === 0) return undefined;
        return keys.length === 1 && keys[0] === "text" && shape === "text" ? result.text : result;
      },
      focus() { fields.text.focus(); },
      relabel(text) { fields.text.el.querySelector("label").firstChild.textContent = text; },
      text: fields.text,
    };
  }

  function build(node, label, help, required, depth, inList) {
    if (node.kind === "union" && node.variants.length === 2
        && node.variants.some((v) => v.tag === "text") && node.variants.some((v) => v.tag === "Item")) {
      return itemWidget(node, label, depth);
    }
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
  const tabs = document.getElementById("tabs");
  const status = document.getElementById("status");
  const kindSelect = document.getElementById("kind");
  const frame = document.getElementById("preview-frame");
  const previewStatus = document.getElementById("preview-status");
  const previewRegion = document.getElementById("preview");
  const problemBox = document.getElementById("problems");
  const problemList = document.getElementById("problem-list");
  for (const kind of boot.kinds) kindSelect.append(el("option", { value: kind.key }, kind.label));
  kindSelect.value = "notice";
  let currentKind = "notice";

  let workspace = boot.workspace || null; // the office server opens the form on a draft: its id
  let openedName = null; // the name of the file she opened: Tải YAML saves under it
  let composing = false;
  let timer = null;
  let sequence = 0;
  let applied = 0;
  let lastInputAt = 0;
  let showAll = false;
  let lastProblems = [];
  let draftReady = false; // set once the page has been filled, so that a blank page never overwrites a draft
  window.noticesTimings = []; // keystroke → preview updated, in ms (bench/ reads it; nothing asserts it)

  let statusCause = null; // "problems": the status speaks of problems, and is cleared once they are fixed
  function say(text, cause = null) { status.textContent = text; statusCause = cause; }

  // ---- "Văn bản cần soạn": the document chosen decides what the form shows, checks and downloads ----------------
  // Each kind lists the record's paths it prints, in printed order (boot.kinds[].layout, from notices.web.form);
  // the form shows those sections in that order, the document's own fields where they are printed.
  const documentsWidget = root.child("documents");
  const kindInfo = (key) => boot.kinds.find((k) => k.key === key);
  const docWidget = (key) => documentsWidget?.child(key);
  function widgetAt(path) {
    let widget = root;
    for (const key of path.split(".")) { widget = widget?.child?.(key); if (!widget) return null; }
    return widget;
  }
  const RUN_NAMES = { number: "Số, ngày", subject: "Trích yếu", signer: "Nơi nhận, người ký" };
  function declared() { return boot.kinds.filter((k) => docWidget(k.key)?.toggle?.checked).map((k) => k.key); }

  function arrange(kind) {
    const info = kindInfo(kind);
    for (const child of form.querySelectorAll(":scope > .doc-run")) child.remove();
    for (const key of ["agency", "meeting", "report", "results", "shortcomings", "discussion", "conclusions", "tasks",
      "recommendations", "documents"]) root.child(key)?.restore?.();
    for (const k of boot.kinds) docWidget(k.key)?.restore?.();
    const shown = [];
    let run = null;
    for (const path of info.layout) {
      const widget = widgetAt(path);
      if (!widget) continue;
      if (path.startsWith("documents.")) {
        const key = path.split(".").pop();
        if (!run) {
          run = el("fieldset", { className: "group depth-1 doc-run" });
          run.legend = el("legend", {});
          run.append(run.legend);
          run.keys = [];
          shown.push(run);
        }
        run.keys.push(key);
        run.append(widget.el);
      } else {
        run = null;
        shown.push(widget.el);
      }
    }
    for (const node of shown) {
      if (!node.keys) continue;
      const named = node.keys.map((k) => RUN_NAMES[k]).filter(Boolean);
      node.legend.textContent = node.keys.includes("signer") ? (node.keys.includes("closing") ? "Câu kết, nơi nhận, người ký" : RUN_NAMES.signer)
        : named.length ? named.join(", ") + (node.keys.includes("subject") && !named.includes("Trích yếu") ? ", trích yếu" : "")
          : node.keys.map((k) => docWidget(kind).child(k).el.querySelector("legend, label")?.textContent).join(", ");
      if (node.keys.includes("number") && node.keys.includes("subject")) node.legend.textContent = "Số, ngày, trích yếu";
    }
    form.replaceChildren(...shown);
    for (const path of info.hidden || []) widgetAt(path)?.el.remove();
    form.dataset.kind = kind;
  }

  function renderTabs() {
    const made = declared();
    tabs.replaceChildren();
    tabs.hidden = made.length < 2 && made.includes(currentKind);
    for (const key of made) {
      const info = kindInfo(key);
      const tab = el("button", { type: "button", className: "tab", "aria-pressed": key === currentKind ? "true" : "false" },
        info.label);
      tab.addEventListener("click", () => choose(key));
      const drop = el("button", { type: "button", className: "small remove", "aria-label": `Bỏ ${info.label.toLowerCase()}` }, "×");
      drop.addEventListener("click", () => {
        docWidget(key).toggle.checked = false;
        const rest = declared();
        choose(rest[0] || key, { keep: true });
        say(`Đã bỏ ${info.label.toLowerCase()} khỏi hồ sơ (những gì đã nhập vẫn giữ cho tới khi tải lại trang).`);
      });
      tabs.append(el("span", { className: "tab-holder" }, tab, key === currentKind && made.length > 1 ? drop : null));
    }
  }

  function untouched(key) { // a document switched on and never filled (or filled only from the office profile)
    const now = docWidget(key)?.collect("");
    const preset = defaults[key] || {};
    return !now || JSON.stringify(now) === "{}" || JSON.stringify(now) === JSON.stringify(preset);
  }

  function choose(key, options = {}) {
    const previous = currentKind;
    const widget = docWidget(key);
    if (widget?.toggle && !widget.toggle.checked) {
      widget.toggle.checked = true;
      widget.toggle.dispatchEvent(new Event("change"));
      // What she started with and never touched (the notice of a new form) gives way to what she chose.
      if (!options.keep && previous !== key && untouched(previous) && docWidget(previous)?.toggle) {
        docWidget(previous).toggle.checked = false;
      }
    }
    currentKind = key;
    kindSelect.value = key;
    arrange(key);
    renderTabs();
    renderProblems([]);
    lastInputAt = performance.now();
    schedule(0);
  }

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
  kindSelect.addEventListener("change", () => choose(kindSelect.value));

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
    try { localStorage.setItem(DRAFT, JSON.stringify({ data, kind: currentKind })); } catch (e) { /* full */ }
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
      const response = await post("/api/preview", { data, kind: currentKind, workspace });
      body = response.ok ? await response.json() : await errorOf(response);
      if (!response.ok) { say(body.error || "Không cập nhật được bản xem trước."); return; }
    } catch (e) {
      say("Không kết nối được với notices (máy chủ đã tắt?). Những gì đã nhập vẫn còn trên trang.");
      return;
    }
    if (mine < applied) return; // an older answer arriving late
    applied = mine;
    if (body.kind && body.kind !== currentKind) return; // the answer for a document she has left
    renderProblems(body.problems || []);
    const errors = (body.problems || []).filter((p) => p.severity === "error").length;
    if (!errors && statusCause === "problems") say(""); // the cause is fixed: the old message goes
    if (body.html) {
      showPreview(body.html);
      previewStatus.textContent = `Đã cập nhật: ${body.title || kindSelect.selectedOptions[0].textContent}.`;
      // Measured when the updated page has been painted (the next frame after the swap).
      if (startedFrom) requestAnimationFrame(() => window.noticesTimings.push(performance.now() - startedFrom));
    } else if (body.notice) {
      previewStatus.textContent = body.notice;
    } else if (errors) {
      previewStatus.textContent = `Bản xem trước sẽ hiện khi văn bản có đủ các mục cần thiết (còn ${errors} chỗ).`;
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
        const shorter = candidate.replace(/(\[\d+\]|\.[^.[\]]+)$/, "");
        if (shorter === candidate) break; // a section this document does not show
        candidate = shorter;
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
      // Said only once she has left the field, or pressed a button (Tải, Cấp số, Mở): never on an empty form.
      const visible = showAll || (target && (target.dataset.touched || target.querySelector("[data-touched]")));
      if (!visible) continue;
      if (target) {
        const link = el("button", { type: "button", className: "link" }, `${label}: ${problem.message}`);
        link.addEventListener("click", () => focusField(target));
        item.append(link);
        {
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
    problemBox.hidden = problemList.children.length === 0;
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
    const made = declared();
    const kind = made.includes(currentKind) ? currentKind : made[0] || currentKind;
    currentKind = kind;
    kindSelect.value = kind;
    arrange(kind);
    renderTabs();
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
    choose(replaced.kind, { keep: true });
    replaced = null;
    undoButton.hidden = true;
    showImported(null);
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
    const encoded = /filename\*=UTF-8''([^;]+)/i.exec(header);
    if (encoded) return decodeURIComponent(encoded[1]);
    const match = /filename="([^"]+)"/.exec(header);
    return match ? match[1] : fallback;
  }

  async function download(format) {
    const label = format.toUpperCase();
    say(`Đang tạo tệp ${label}…`);
    let response;
    try {
      response = await post("/api/download", { data: collect(), kind: currentKind, format, workspace, name: openedName });
    } catch (e) {
      say("Không kết nối được với notices (máy chủ đã tắt?). Những gì đã nhập vẫn còn trên trang.");
      return;
    }
    if (!response.ok) {
      const body = await errorOf(response);
      showAll = true;
      if (body.problems) renderProblems(body.problems);
      say(body.error || `Không tạo được tệp ${label}.`, body.problems ? "problems" : null);
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

  // A Word document opened through "Mở hồ sơ…": the paragraphs notices could not place, for her to place by hand
  // (each with its paragraph number in the document and a "Chép" button), and the fields it had to guess.
  const importedBox = document.getElementById("imported");
  const importedList = document.getElementById("imported-list");
  const importedDoubts = document.getElementById("imported-doubts");
  const importedDoubtsTitle = document.getElementById("imported-doubts-title");
  function showImported(imported) {
    importedList.replaceChildren();
    importedDoubts.replaceChildren();
    if (!imported) { importedBox.hidden = true; return; }
    const unread = imported.unread || [];
    const doubts = imported.doubts || [];
    document.getElementById("imported-intro").textContent = unread.length
      ? `notices chưa xếp được ${unread.length} đoạn của ${imported.source} vào mục nào của hồ sơ. Hãy chép từng đoạn ` +
        "vào đúng mục của biểu mẫu (đoạn nào đã nằm ở “Đoạn giữ nguyên văn” thì xoá ở đó sau khi chép)."
      : `notices đã xếp mọi đoạn của ${imported.source} vào hồ sơ.`;
    for (const entry of unread) {
      const text = el("p", { className: "imported-text" }, entry.text);
      const copy = el("button", { type: "button" }, "Chép");
      copy.setAttribute("aria-label", `Chép đoạn ${entry.paragraph}`);
      copy.addEventListener("click", async () => {
        try {
          await navigator.clipboard.writeText(entry.text);
          say(`Đã chép đoạn ${entry.paragraph}.`);
        } catch (e) {
          const range = document.createRange();
          range.selectNodeContents(text);
          getSelection().removeAllRanges();
          getSelection().addRange(range);
          say(`Đã chọn đoạn ${entry.paragraph}: bấm Ctrl+C để chép.`);
        }
      });
      importedList.append(el("li", {}, el("p", { className: "imported-where" }, `Đoạn ${entry.paragraph}: ${entry.why}`),
        text, copy));
    }
    for (const doubt of doubts) importedDoubts.append(el("li", {}, doubt));
    importedDoubts.hidden = importedDoubtsTitle.hidden = doubts.length === 0;
    importedBox.hidden = false;
  }

  async function openFiles(files) {
    if (!files.length) return;
    const payload = new FormData();
    for (const file of files) payload.append("files", file, file.name);
    if (workspace) payload.append("workspace", workspace);
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
    if (body.broken) { // not YAML at all: the form keeps what it holds; the message says where the file is wrong
      showAll = true;
      renderProblems(body.problems || []);
      say(`Không mở được ${body.name}: ${(body.problems || [])[0]?.message || "tệp không đọc được."}`);
      return;
    }
    keepForUndo();
    workspace = body.workspace;
    openedName = body.name;
    fill(body.data || {});
    showAll = true;
    renderProblems(body.problems || []);
    showImported(body.imported);
    const errors = (body.problems || []).filter((p) => p.severity === "error").length;
    const opened = body.imported ? body.imported.source : body.name;
    const left = body.imported && body.imported.unread.length
      ? ` (${body.imported.unread.length} đoạn chưa xếp được, xem danh sách)` : "";
    say(errors ? `Đã mở ${opened}${left}: có ${errors} lỗi cần sửa.` : `Đã mở ${opened}${left}.`);
    lastInputAt = performance.now();
    schedule(0);
  }

  const openInput = document.getElementById("open-file");
  document.getElementById("open-button").addEventListener("click", () => openInput.click());
  openInput.addEventListener("change", () => { openFiles([...openInput.files]); openInput.value = ""; });
  document.getElementById("new-button").addEventListener("click", () => {
    keepForUndo();
    workspace = boot.workspace || null;
    openedName = null;
    showAll = false;
    for (const node of form.querySelectorAll("[data-touched]")) delete node.dataset.touched;
    for (const k of boot.kinds) { const w = docWidget(k.key); if (w?.toggle) w.toggle.checked = false; }
    fill(blank());
    renderProblems([]);
    showImported(null);
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
        response = await post("/api/issue", { data: collect(), kind: currentKind, workspace });
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
      const kind = currentKind;
      fill(body.data); // the record as issued: its number and date written in, nothing else changed
      choose(kind, { keep: true });
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
        const title = `${hit.label} ngày ${hit.date} — ${hit.kind} của ${hit.agency}: ${hit.subject}`;
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
    kind: () => currentKind, choose, workspace: () => workspace };
  const restored = restoreDraft();
  if (restored) {
    fill(restored.data || {});
    if (restored.kind && declared().includes(restored.kind)) choose(restored.kind, { keep: true });
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
