/* Unsaved-changes guard: a form marked data-unsaved-guard asks before the page is left while
 * it holds edits. Typing or choosing in it makes it dirty (except inside [data-no-dirty]);
 * submitting it (saving, or previewing the edits) does not ask. A form rendered with
 * data-unsaved starts dirty: it shows edits that are not stored yet; so does a form whose
 * fields the browser restored to values other than the rendered ones. The element
 * [data-dirty-note] inside the form is shown while it is dirty. The metadata editor uses
 * the same guard through window.unsavedGuard(form), which returns its setDirty for edits made
 * by the editor's own buttons.
 */
(function () {
  "use strict";

  function guard(form, options) {
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
    // Back from the preview (or a restored page), the browser may show edits the page did
    // not render: any field whose value differs from the rendered one makes the form dirty.
    if (!options || options.restored !== false) {
      window.addEventListener("pageshow", function () {
        if (differs(form)) { setDirty(true); }
      });
    }
    return setDirty;
  }

  function differs(form) {
    return Array.prototype.some.call(form.elements, function (el) {
      if (!el.name || el.closest("[data-no-dirty]")) { return false; }
      if (el.type === "checkbox" || el.type === "radio") { return el.checked !== el.defaultChecked; }
      if (el.tagName === "SELECT") { return el.selectedIndex !== renderedIndex(el); }
      return "defaultValue" in el && el.value !== el.defaultValue;
    });
  }

  // A select shows its last option marked selected, or else its first one.
  function renderedIndex(select) {
    var index = 0;
    Array.prototype.forEach.call(select.options, function (option, i) {
      if (option.defaultSelected) { index = i; }
    });
    return select.options.length ? index : -1;
  }

  window.unsavedGuard = guard;
  document.querySelectorAll("form[data-unsaved-guard]").forEach(function (form) { guard(form); });
})();
