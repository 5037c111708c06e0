/* Unsaved-changes guard: a form marked data-unsaved-guard asks before the page is left while
 * it holds edits. Typing or choosing in it makes it dirty (except inside [data-no-dirty]);
 * submitting it (saving, or previewing the edits) does not ask. A form rendered with
 * data-unsaved starts dirty: it shows edits that are not stored yet. The element
 * [data-dirty-note] inside the form is shown while it is dirty. Same behaviour as the
 * metadata editor's guard.
 */
(function () {
  "use strict";

  function guard(form) {
    var dirty = false;
    function setDirty(value) {
      dirty = value;
      if (value) { form.dataset.dirty = "1"; } else { delete form.dataset.dirty; }
      var note = form.querySelector("[data-dirty-note]");
      if (note) { note.hidden = !value; }
    }
    function edited(event) {
      if (!event.target.closest("[data-no-dirty]")) { setDirty(true); }
    }
    form.addEventListener("input", edited);
    form.addEventListener("change", edited);
    form.addEventListener("submit", function () { setDirty(false); });
    window.addEventListener("beforeunload", function (event) {
      if (!dirty) { return undefined; }
      event.preventDefault();
      event.returnValue = "";
      return "";
    });
    if (form.hasAttribute("data-unsaved")) { setDirty(true); }
  }

  document.querySelectorAll("form[data-unsaved-guard]").forEach(guard);
})();
