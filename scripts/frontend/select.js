// Enhancements only: a long list works as a plain select without this file.
// With it, the select becomes GOV.UK's accessible-autocomplete: type a few
// letters to narrow the answers. The select stays in the form and is what
// is sent; its words for screen readers come from the page, translated.
(function () {
  "use strict";
  if (!window.accessibleAutocomplete) return;

  function words(select, name, values) {
    var text = select.getAttribute("data-" + name) || "";
    Object.keys(values || {}).forEach(function (key) { text = text.split("%(" + key + ")s").join(values[key]); });
    return text;
  }

  // Texts read one after another, each ending as a sentence does (in any of the page's scripts).
  function sentences(texts) {
    return texts.map(function (text) { return /[.!?:\u061F\u06D4]$/.test(text) ? text : text + "."; }).join(" ");
  }

  function optionFor(select, label) {
    var wanted = (label || "").trim().toLowerCase();
    return [].filter.call(select.options, function (option) {
      return option.value && option.textContent.trim().toLowerCase() === wanted;
    })[0];
  }

  document.querySelectorAll("select[data-survey-autocomplete]:not([data-survey-enhanced])").forEach(function (select) {
    select.setAttribute("data-survey-enhanced", "");
    var id = select.id;
    // The question's hint and error, which the autocomplete's own input would not be described by.
    var described = (select.getAttribute("aria-describedby") || "").split(" ").map(function (ref) {
      var element = ref && document.getElementById(ref);
      return element ? element.textContent.replace(/\s+/g, " ").trim() : "";
    }).filter(Boolean);
    window.accessibleAutocomplete.enhanceSelectElement({
      selectElement: select,
      defaultValue: "",
      showAllValues: true,
      // The arrow only shows the list can open: hidden from screen readers, which
      // would otherwise announce an unnamed graphic after the box.
      dropdownArrow: function (config) {
        return '<svg version="1.1" xmlns="http://www.w3.org/2000/svg" class="' + config.className + '" focusable="false" aria-hidden="true">' +
          '<g stroke="none" fill="none" fill-rule="evenodd"><polygon fill="#000000" points="0 0 22 0 11 17"></polygon></g></svg>';
      },
      // Over the page, not in it: closing it as focus leaves never moves the
      // Continue button from under the pointer.
      displayMenu: "overlay",
      inputClasses: select.classList.contains("govuk-select--error") ? "govuk-input--error" : null,
      onConfirm: function (label) {
        if (label === undefined) return;
        var option = optionFor(select, label);
        select.value = option ? option.value : "";
      },
      tNoResults: function () { return words(select, "no-results"); },
      tAssistiveHint: function () { return sentences(described.concat([words(select, "assistive-hint")])); },
      tStatusQueryTooShort: function () { return ""; },
      tStatusNoResults: function () { return words(select, "no-results"); },
      tStatusSelectedOption: function (option, count, index) {
        return words(select, "selected", { option: option, position: index + 1, count: count });
      },
      tStatusResults: function (count) { return words(select, "results", { count: count }); }
    });
    var input = document.getElementById(id);
    if (select.getAttribute("aria-invalid") === "true" && input) input.setAttribute("aria-invalid", "true");
    // What is in the box when the form is sent is the answer: words that name
    // no answer send none, never the answer chosen before.
    if (select.form && input) {
      select.form.addEventListener("submit", function () {
        var option = optionFor(select, input.value);
        select.value = option ? option.value : "";
      });
    }
  });
})();
