// notices server: the web form's editor opened on a draft stored on the server — "Lưu" saves a version,
// "Cấp số" (văn thư) numbers the saved version through the register. Uses only window.noticesPage.
(() => {
  "use strict";
  const page = window.noticesPage;
  const boot = JSON.parse(document.getElementById("server-boot").textContent);
  const draft = boot.draft;
  let head = draft.head;
  let saving = false;
  const group = document.querySelector(".toolbar .actions");
  const title = document.querySelector(".toolbar h1");
  if (title) title.textContent = draft.title ? `Văn bản: ${draft.title}` : "Văn bản mới";

  function button(id, label) {
    const node = document.createElement("button");
    node.type = "button";
    node.id = id;
    node.textContent = label;
    return node;
  }
  const saveButton = button("save-button", "Lưu");
  group.prepend(saveButton);
  const versionsLink = document.createElement("a");
  versionsLink.href = `/van-ban/${draft.id}/phien-ban`;
  versionsLink.textContent = "Các phiên bản";
  group.append(versionsLink);
  const conflictBox = document.createElement("p");
  conflictBox.id = "conflict";
  conflictBox.className = "conflict";
  conflictBox.setAttribute("role", "alert");
  conflictBox.hidden = true;
  document.querySelector(".toolbar").append(conflictBox);

  if (boot.data) {
    page.fill(boot.data);
    if (draft.kind) document.getElementById("kind").value = draft.kind;
    page.refresh();
  }
  let savedText = JSON.stringify(page.collect());

  let issueButton = null;
  if (boot.can_issue) {
    issueButton = button("server-issue-button", "Cấp số");
    document.querySelectorAll(".toolbar .actions")[1]?.append(issueButton) || group.append(issueButton);
  }
  function frozen(message) {
    saveButton.disabled = true;
    if (issueButton) issueButton.disabled = true;
    if (message) page.say(message);
  }
  if (!boot.editable) frozen(`${[draft.where, ...draft.issued].join(" ")}; chỉ xem, không sửa được nữa.`);

  async function answer(response) {
    try { return await response.json(); } catch (e) { return { error: `Máy chủ trả lời lỗi ${response.status}.` }; }
  }

  async function save() {
    if (saving) return false;
    saving = true;
    page.say("Đang lưu…");
    try {
      const data = page.collect();
      const response = await page.post(`/api/van-ban/${draft.id}/luu`, { data, kind: page.kind(), base: head || null });
      const body = await answer(response);
      if (!response.ok) { page.say(body.error || "Không lưu được."); return false; }
      head = body.head;
      // the workflow's buttons act on the version she now sees
      document.querySelectorAll('.workflow-action input[name="head"]').forEach((node) => { node.value = String(head); });
      savedText = JSON.stringify(data);
      if (body.conflict) {
        conflictBox.replaceChildren(body.message + " ");
        const link = document.createElement("a");
        link.href = body.conflict.url;
        link.textContent = `Xem phiên bản ${body.conflict.number} của ${body.conflict.author}`;
        conflictBox.append(link);
        conflictBox.hidden = false;
        page.say(body.message);
        return false;
      }
      conflictBox.hidden = true;
      page.say(body.message);
      return true;
    } catch (e) {
      page.say("Không kết nối được với máy chủ. Những gì đã nhập vẫn còn trên trang.");
      return false;
    } finally {
      saving = false;
    }
  }
  saveButton.addEventListener("click", save);

  if (issueButton) {
    issueButton.addEventListener("click", async () => {
      const label = document.getElementById("kind").selectedOptions[0].textContent.toLowerCase();
      if (!window.confirm(`Cấp số cho ${label} này? Số đã cấp được ghi vào sổ, không lấy lại được.`)) return;
      if (JSON.stringify(page.collect()) !== savedText || !head) {
        if (!(await save())) return;
      }
      page.say(`Đang cấp số cho ${label}…`);
      let response;
      try {
        response = await page.post(`/api/van-ban/${draft.id}/cap-so`, { kind: page.kind(), head });
      } catch (e) {
        page.say("Không kết nối được với máy chủ.");
        return;
      }
      const body = await answer(response);
      if (!response.ok) { page.say(body.error || "Không cấp được số."); return; }
      const kind = page.kind();
      page.fill(body.data);
      document.getElementById("kind").value = kind;
      head = body.head;
      savedText = JSON.stringify(page.collect());
      page.refresh();
      frozen(body.message);
      const link = document.createElement("a");
      link.href = body.pdf;
      link.id = "issued-pdf";
      link.textContent = `Mở PDF số ${body.label}`;
      group.append(link);
    });
  }
})();
