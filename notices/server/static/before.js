// notices server: runs before the editor's script. The single-user form keeps what she types in this browser
// (localStorage); on a shared office PC that would hand one user's draft to the next, so the server's pages
// start without it (drafts live on the server), and "Đăng xuất" takes it away at once, before the request
// leaves (the server's answer also says Clear-Site-Data: "storage").
try { localStorage.removeItem("notices-draft"); } catch (e) { /* storage off: nothing kept */ }
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (form instanceof HTMLFormElement && new URL(form.action, location.href).pathname === "/dang-xuat") {
    try { localStorage.clear(); } catch (e) { /* storage off: nothing kept */ }
  }
}, true);
