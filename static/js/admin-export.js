// Admin export page: "Select all" ticks or clears every field of the chosen resource.
// Without this file each field's own checkbox still works (the page needs no script).
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("input.select-toggle").forEach((toggle) => {
    toggle.addEventListener("change", () => {
      document
        .querySelectorAll('.selectable-field-export-row input[type="checkbox"]')
        .forEach((checkbox) => {
          checkbox.checked = toggle.checked;
        });
    });
  });
});
