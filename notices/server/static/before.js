// notices server: runs before the editor's script. The single-user form keeps what she types in this browser
// (localStorage); on a shared office PC that would hand one user's draft to the next, so the server's pages
// start without it: drafts live on the server.
try { localStorage.removeItem("notices-draft"); } catch (e) { /* storage off: nothing kept */ }
