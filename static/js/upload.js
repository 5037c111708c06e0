/* Source uploads: drag and drop, and an XMLHttpRequest upload with a progress bar.
 *
 * Forms marked data-upload work without this script as plain multipart forms. With it, the
 * files are sent in the background; the server answers with the job's progress partial and
 * an X-Location header naming the page that follows the job, which we then open.
 * A page region marked data-refresh-when-done reloads once the job it shows has finished,
 * so that the new sources and analysis appear.
 */
(function () {
  "use strict";

  var FINAL = ["succeeded", "failed", "cancelled"];

  function names(files) {
    return Array.prototype.map.call(files, function (f) { return f.name; }).join(", ");
  }

  function setUpDropzone(form, input) {
    var zone = form.querySelector("[data-dropzone]");
    var list = form.querySelector("[data-upload-files]");
    var show = function () { list.textContent = names(input.files); };
    input.addEventListener("change", show);
    ["dragenter", "dragover"].forEach(function (type) {
      zone.addEventListener(type, function (event) {
        event.preventDefault();
        zone.classList.add("dragging");
      });
    });
    ["dragleave", "drop"].forEach(function (type) {
      zone.addEventListener(type, function (event) {
        event.preventDefault();
        zone.classList.remove("dragging");
      });
    });
    zone.addEventListener("drop", function (event) {
      var files = event.dataTransfer && event.dataTransfer.files;
      if (!files || !files.length) { return; }
      input.files = input.multiple ? files : singleFile(files[0]);
      show();
    });
  }

  function singleFile(file) {
    var transfer = new DataTransfer();
    transfer.items.add(file);
    return transfer.files;
  }

  function send(form, input) {
    var progress = form.querySelector("[data-upload-progress]");
    var bar = progress.querySelector("progress");
    var percent = form.querySelector("[data-upload-percent]");
    var error = form.querySelector("[data-upload-error]");
    var button = form.querySelector("button[type=submit]");
    var xhr = new XMLHttpRequest();
    error.textContent = "";
    progress.hidden = false;
    button.disabled = true;
    xhr.open("POST", form.action);
    xhr.setRequestHeader("X-Requested-With", "XMLHttpRequest");
    xhr.upload.addEventListener("progress", function (event) {
      if (!event.lengthComputable) { return; }
      var done = Math.floor(event.loaded * 100 / event.total);
      bar.value = done;
      percent.textContent = done < 100 ? done + " %" : form.dataset.msgProcessing;
    });
    xhr.addEventListener("load", function () {
      if (xhr.status >= 200 && xhr.status < 300) {
        form.querySelector("[data-upload-result]").innerHTML = xhr.responseText;
        window.location.assign(xhr.getResponseHeader("X-Location") || xhr.responseURL);
        return;
      }
      fail(form, xhr.getResponseHeader("Content-Type") || "", xhr.responseText);
    });
    xhr.addEventListener("error", function () { fail(form, "", ""); });
    xhr.send(new FormData(form));
  }

  function fail(form, type, text) {
    form.querySelector("[data-upload-progress]").hidden = true;
    form.querySelector("button[type=submit]").disabled = false;
    var plain = type.indexOf("text/plain") === 0 && text;
    form.querySelector("[data-upload-error]").textContent = plain ? text : form.dataset.msgFailed;
  }

  function setUp(form) {
    var input = form.querySelector("input[type=file]");
    setUpDropzone(form, input);
    form.addEventListener("submit", function (event) {
      if (!input.files.length || !window.FormData) { return; }
      event.preventDefault();
      send(form, input);
    });
  }

  function reloadWhenDone(event) {
    var element = event.detail && event.detail.elt;
    if (!element || !element.matches || !element.matches(".job[data-status]")) { return; }
    if (FINAL.indexOf(element.dataset.status) >= 0 && element.closest("[data-refresh-when-done]")) {
      window.location.reload();
    }
  }

  document.querySelectorAll("form[data-upload]").forEach(setUp);
  document.body.addEventListener("htmx:load", reloadWhenDone);
})();
