// Staff pages: warn before an idle worker is signed out, let them stay, and
// keep what they typed when time runs out. Without JavaScript the server
// still signs them out and keeps what the next form sends as a draft.
(function () {
  "use strict";
  var body = document.body;
  var idle = Number(body.getAttribute("data-idle-seconds"));
  var warning = Number(body.getAttribute("data-idle-warning-seconds"));
  var template = document.getElementById("survey-idle-warning");
  if (!idle || !template || typeof HTMLDialogElement !== "function") return;
  var token = document.querySelector("input[name=_csrf_token]");
  var lastPing = Date.now();
  var warnTimer, outTimer, dialog, returnFocus;

  function ping() {
    lastPing = Date.now();
    return fetch("/keep-alive", {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": token ? token.value : "" }
    });
  }

  function leave() {
    var form = document.querySelector("form[data-survey-draft-action]");
    if (form) {
      form.setAttribute("action", form.getAttribute("data-survey-draft-action"));
      form.setAttribute("enctype", "application/x-www-form-urlencoded");
      HTMLFormElement.prototype.submit.call(form);
      return;
    }
    var signOut = document.querySelector("form[data-survey-sign-out]");
    if (signOut) HTMLFormElement.prototype.submit.call(signOut);
  }

  function schedule() {
    clearTimeout(warnTimer);
    clearTimeout(outTimer);
    warnTimer = setTimeout(warn, Math.max(idle - warning, 1) * 1000);
    outTimer = setTimeout(leave, Math.max(idle - 5, 1) * 1000);
  }

  function warn() {
    if (!dialog) {
      dialog = template.content.firstElementChild.cloneNode(true);
      document.body.appendChild(dialog);
      dialog.querySelector("[data-survey-stay]").addEventListener("click", function () {
        ping().then(function () { dialog.close(); schedule(); });
      });
      dialog.querySelector("[data-survey-leave]").addEventListener("click", leave);
      dialog.addEventListener("close", function () { if (returnFocus) returnFocus.focus(); });
    }
    returnFocus = document.activeElement;
    dialog.showModal();
  }

  // Someone typing a long answer is not idle: tell the server, at most once a minute.
  document.addEventListener("input", function () {
    if (Date.now() - lastPing > 60000) ping().then(schedule);
  });
  schedule();
})();
