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
