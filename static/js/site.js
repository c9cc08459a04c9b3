// Progressive enhancement only: every page works without this file.
// Close an open menu when the reader clicks elsewhere or presses Escape.
document.addEventListener("click", (event) => {
  document.querySelectorAll(".site-nav details[open]").forEach((menu) => {
    if (!menu.contains(event.target)) menu.removeAttribute("open");
  });
});
document.addEventListener("keydown", (event) => {
  if (event.key !== "Escape") return;
  document.querySelectorAll(".site-nav details[open]").forEach((menu) => {
    menu.removeAttribute("open");
    menu.querySelector("summary").focus();
  });
});

// Comment form: a page served from a cache carries an old anti-spam token; fetch a fresh one
// so the minimum-time check measures this reader's visit. Without JS the old token still works.
document.querySelectorAll("form.comment-form[data-token-url]").forEach((form) => {
  const field = form.querySelector('input[name="token"]');
  if (!field) return;
  fetch(form.dataset.tokenUrl, { credentials: "omit", headers: { Accept: "application/json" } })
    .then((response) => (response.ok ? response.json() : null))
    .then((data) => { if (data && data.token) field.value = data.token; })
    .catch(() => {});
});
