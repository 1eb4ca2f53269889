"""Accessibility checks on a page in a real browser. Each returns failures as
"rule: element: what is wrong", so a failing test names all three."""

from __future__ import annotations

import io

from PIL import Image, ImageChops
from playwright.sync_api import Page

from conftest import WCAG_TAGS

#: Every focusable control in document order; radio groups once, at the radio
#: the Tab key lands on (the checked one, else the first). Each is numbered.
TABBABLE_JS = """() => {
  const selector = 'a[href], button, input:not([type=hidden]), select, textarea, summary, video[controls], [tabindex]:not([tabindex="-1"])';
  // checkVisibility() also knows that the inside of a closed <details> is hidden.
  const visible = e => e.checkVisibility({ visibilityProperty: true, contentVisibilityAuto: true })
    && e.getClientRects().length > 0;
  const groups = new Set();
  const out = [];
  for (const e of document.querySelectorAll(selector)) {
    if (e.disabled || !visible(e)) continue;
    if (e.type === 'radio') {
      // A radio group is its name within its form (two forms may each have a "decision").
      const forms = [...document.forms];
      const group = `${e.form ? forms.indexOf(e.form) : -1}/${e.name}`;
      if (groups.has(group)) continue;
      const within = e.form || document;
      const checked = [...within.querySelectorAll(`input[type=radio][name="${e.name}"]:checked`)].find(r => r.form === e.form);
      groups.add(group);
      const target = checked || e;
      target.dataset.a11y = out.length; out.push(describe(target)); continue;
    }
    e.dataset.a11y = out.length; out.push(describe(e));
  }
  return out;
  function describe(e) {
    const text = (e.innerText || e.value || '').trim().slice(0, 40);
    return `${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''}${e.name ? '[name=' + e.name + ']' : ''} "${text}"`;
  }
}"""

FOCUSED_INDEX_JS = "() => document.activeElement && document.activeElement.dataset.a11y !== undefined ? Number(document.activeElement.dataset.a11y) : null"

#: Focus one control; return the region that shows its focus (the control, and
#: for radios and checkboxes their label), and whether anything covers it.
FOCUS_JS = """(index) => {
  const e = document.querySelector(`[data-a11y="${index}"]`);
  e.scrollIntoView({block: 'center', inline: 'nearest'});
  e.focus();
  const boxes = [e.getBoundingClientRect()];
  if (e.labels && e.labels.length) boxes.push(e.labels[0].getBoundingClientRect());
  const r = boxes.reduce((a, b) => ({left: Math.min(a.left, b.left), top: Math.min(a.top, b.top),
    right: Math.max(a.right, b.right), bottom: Math.max(a.bottom, b.bottom)}));
  // A link that wraps is probed at the middle of its first line, not of its box.
  const first = e.getClientRects()[0];
  const cx = (first.left + first.right) / 2;
  const cy = (first.top + first.bottom) / 2;
  const top = document.elementFromPoint(cx, cy);
  const covered = !(top && (top === e || e.contains(top) || (e.labels && [...e.labels].some(l => l.contains(top)))));
  return {left: r.left, top: r.top, right: r.right, bottom: r.bottom, covered, width: e.getBoundingClientRect().width,
          height: e.getBoundingClientRect().height, type: e.type || e.tagName.toLowerCase(),
          inline: inSentence(e)};
  // WCAG 2.5.8's inline exception: a link inside a sentence of other text.
  function inSentence(e) {
    const block = e.tagName === 'A' && e.closest('p, li, dd, td, .govuk-hint');
    return !!block && block.textContent.trim() !== e.textContent.trim();
  }
}"""

CLIPPED_JS = """() => {
  const out = [];
  for (const e of document.body.querySelectorAll('*')) {
    // Text boxes scroll their own content: that is not clipping.
    if (e.closest('.govuk-visually-hidden, script, style, svg, input, textarea, select')) continue;
    // Visually hidden until focused (the skip link): 1 px by design.
    if (e.clientWidth <= 1 && e.clientHeight <= 1) continue;
    const s = getComputedStyle(e);
    const hides = v => v === 'hidden' || v === 'clip';
    if (e.getClientRects().length === 0) continue;
    if ((hides(s.overflowX) && e.scrollWidth > e.clientWidth + 1) || (hides(s.overflowY) && e.scrollHeight > e.clientHeight + 1)) {
      out.push(`${e.tagName.toLowerCase()}.${[...e.classList].join('.')}`);
    }
  }
  return out;
}"""

TEXT_SPACING_CSS = """
* { line-height: 1.5 !important; letter-spacing: 0.12em !important; word-spacing: 0.16em !important; }
p { margin-bottom: 2em !important; }
"""

#: Minimum changed pixels for a focus indicator to count as visible.
MIN_FOCUS_PIXELS = 40


def axe(page: Page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]})
    return [
        f"axe {v['id']}: {', '.join(node['target'][0] for node in v['nodes'])}: {v['help']}"
        for v in results.response["violations"]
    ]


def _changed_pixels(before: bytes, after: bytes) -> int:
    a = Image.open(io.BytesIO(before)).convert("RGB")
    b = Image.open(io.BytesIO(after)).convert("RGB")
    histogram = ImageChops.difference(a, b).convert("L").histogram()
    return sum(histogram[41:])  # pixels that changed by more than 40 of 255


def focus(page: Page, label: str = "focus") -> list[str]:
    """Every control: focus indicator visible and not covered; targets big enough."""
    failures: list[str] = []
    controls = page.evaluate(TABBABLE_JS)
    viewport = page.viewport_size
    for index, name in enumerate(controls):
        box = page.evaluate(FOCUS_JS, index)
        if box["covered"]:
            failures.append(f"{label} 2.4.11 not obscured: {name}: covered by another element when focused")
        clip = {
            "x": max(box["left"] - 6, 0),
            "y": max(box["top"] - 6, 0),
            "width": min(box["right"] + 6, viewport["width"]) - max(box["left"] - 6, 0),
            "height": min(box["bottom"] + 6, viewport["height"]) - max(box["top"] - 6, 0),
        }
        focused = page.screenshot(clip=clip, animations="disabled", caret="initial")
        page.evaluate("() => document.activeElement.blur()")
        unfocused = page.screenshot(clip=clip, animations="disabled", caret="initial")
        if _changed_pixels(focused, unfocused) < MIN_FOCUS_PIXELS:
            failures.append(f"{label} 2.4.7 focus visible: {name}: no visible focus indicator")
        if not box["inline"] and (box["width"] < 24 or box["height"] < 24):
            failures.append(f"target size 2.5.8: {name}: {box['width']:.0f}x{box['height']:.0f} px, under 24x24")
        if box["type"] in {"radio", "checkbox", "submit"} and (box["width"] < 44 or box["height"] < 44):
            failures.append(f"target size (our 44 px aim): {name}: {box['width']:.0f}x{box['height']:.0f} px")
    return failures


def tab_order(page: Page) -> list[str]:
    """The Tab key reaches every control, in document order."""
    controls = page.evaluate(TABBABLE_JS)
    # Start from the top of the page, wherever focus was put on load (an
    # error summary takes focus): focusing the body moves the Tab start point.
    page.evaluate(
        """() => { document.body.tabIndex = -1; document.body.focus(); document.body.removeAttribute('tabindex');
                   window.scrollTo(0, 0); }"""
    )
    reached: list[int] = []
    for _ in range(3 * len(controls) + 3):
        page.keyboard.press("Tab")
        index = page.evaluate(FOCUSED_INDEX_JS)
        if index is None or (reached and index == reached[0]):
            break
        if reached and index == reached[-1]:
            continue  # a control with stops inside it, such as a video's own buttons
        reached.append(index)
    failures = []
    if reached != list(range(len(controls))):
        missing = [controls[i] for i in range(len(controls)) if i not in reached]
        order = [controls[i] for i in reached]
        failures.append(f"2.1.1/2.4.3 keyboard: tab order {order} does not reach, in order, every control; missing {missing}")
    return failures


def forced_colours(page: Page) -> list[str]:
    """Windows high-contrast: radios, checkboxes, error borders and focus stay visible."""
    page.emulate_media(forced_colors="active")
    try:
        failures = page.evaluate(
            """() => {
              const out = [];
              const bg = getComputedStyle(document.body).backgroundColor;
              for (const label of document.querySelectorAll('.govuk-radios__label, .govuk-checkboxes__label')) {
                const s = getComputedStyle(label, '::before');
                if (s.borderTopStyle === 'none' || parseFloat(s.borderTopWidth) < 1 || s.borderTopColor === bg) {
                  out.push(`forced colours: ${label.htmlFor}: radio or checkbox outline not drawn`);
                }
              }
              for (const group of document.querySelectorAll('.govuk-form-group--error')) {
                const s = getComputedStyle(group);
                const width = parseFloat(s.borderInlineStartWidth || s.borderLeftWidth);
                if (!(width > 0) || s.borderInlineStartColor === bg) out.push('forced colours: error border not drawn');
              }
              return out;
            }"""
        )
        failures += focus(page, label="forced colours")
    finally:
        page.emulate_media(forced_colors="none")
    return [f for f in failures if not f.startswith("target size")]


def reflow(page: Page) -> list[str]:
    """400% and 200% zoom (320 and 640 CSS px wide), then WCAG 1.4.12 text spacing."""
    failures: list[str] = []
    original = page.viewport_size
    try:
        for width in (640, 320):
            page.set_viewport_size({"width": width, "height": 640})
            scroll = page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
            if scroll[0] > scroll[1]:
                failures.append(f"1.4.10 reflow: page at {width} px: scrolls sideways ({scroll[0]} > {scroll[1]} px)")
        page.add_style_tag(content=TEXT_SPACING_CSS)
        scroll = page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        if scroll[0] > scroll[1]:
            failures.append(f"1.4.12 text spacing: page at 320 px: scrolls sideways ({scroll[0]} > {scroll[1]} px)")
        for element in page.evaluate(CLIPPED_JS):
            failures.append(f"1.4.12 text spacing: {element}: content clipped")
    finally:
        page.set_viewport_size(original)
    return failures


#: Visible text whose font is the browser's default (a serif face): text our
#: styles never reached, which reads unlike the rest of the service.
UNSTYLED_TEXT_JS = """() => {
  const styled = /sans-serif|monospace|OpenDyslexic/i;
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const seen = new Set();
  while (walker.nextNode()) {
    const text = walker.currentNode;
    const element = text.parentElement;
    if (!text.data.trim() || !element || seen.has(element)) continue;
    seen.add(element);
    const box = element.getBoundingClientRect();
    // Shown text only: the visually hidden kind (1 px, clipped) is heard, not seen.
    if (!element.checkVisibility({ visibilityProperty: true }) || box.width <= 1 || box.height <= 1) continue;
    const family = getComputedStyle(element).fontFamily;
    if (!styled.test(family)) {
      const cls = element.className && element.className.baseVal !== undefined ? element.className.baseVal : element.className;
      out.push(`${element.tagName.toLowerCase()}${cls ? '.' + String(cls).trim().split(/\\s+/).join('.') : ''} "${text.data.trim().slice(0, 40)}" in ${family}`);
    }
  }
  return out.slice(0, 10);
}"""


def fonts(page: Page) -> list[str]:
    """Every visible piece of text is in the service's fonts, not the browser's default."""
    return [f"fonts: {element}: the browser's default font" for element in page.evaluate(UNSTYLED_TEXT_JS)]


#: Chart text outside its chart's box: drawn off the edge, as right-to-left
#: labels once were (started at the left edge, they ran leftwards out of sight).
OUTSIDE_CHART_JS = """() => {
  const out = [];
  for (const svg of document.querySelectorAll('svg.survey-chart')) {
    const frame = svg.getBoundingClientRect();
    for (const text of svg.querySelectorAll('text')) {
      const box = text.getBoundingClientRect();
      if (box.left < frame.left - 1 || box.right > frame.right + 1) {
        out.push(`"${text.textContent.trim().slice(0, 40)}" at ${Math.round(box.left)} to ${Math.round(box.right)} px, the chart ${Math.round(frame.left)} to ${Math.round(frame.right)} px`);
      }
    }
  }
  return out.slice(0, 10);
}"""


def charts(page: Page) -> list[str]:
    """Every label and figure of a chart is drawn inside it."""
    return [f"chart: {text}: outside the chart" for text in page.evaluate(OUTSIDE_CHART_JS)]


#: Radios and checkboxes whose label text runs under the control: a first
#: letter hidden by the circle, as right-to-left labels once were.
LABEL_OVER_CONTROL_JS = """() => {
  const out = [];
  for (const input of document.querySelectorAll('.govuk-radios__input, .govuk-checkboxes__input')) {
    const label = input.labels && input.labels[0];
    if (!label || !label.textContent.trim() || !input.checkVisibility()) continue;
    const range = document.createRange();
    range.selectNodeContents(label);
    const text = range.getBoundingClientRect();
    // The circle or box is drawn in the label's ::before, where the input sits.
    const control = input.getBoundingClientRect();
    const overlap = Math.min(text.right, control.right) - Math.max(text.left, control.left);
    const sameLine = Math.min(text.bottom, control.bottom) - Math.max(text.top, control.top) > 0;
    if (overlap > 1 && sameLine) out.push(`${input.id || input.name} "${label.textContent.trim().slice(0, 30)}": ${Math.round(overlap)} px under the control`);
  }
  return out.slice(0, 10);
}"""

#: Phone numbers whose digits are shown out of order: in right-to-left text a
#: number must still read left to right, or someone dials the wrong one.
NUMBERS_OUT_OF_ORDER_JS = """() => {
  const out = [];
  for (const link of document.querySelectorAll('a[href^="tel:"], a[href^="sms:"]')) {
    const walker = document.createTreeWalker(link, NodeFilter.SHOW_TEXT);
    const digits = [];
    while (walker.nextNode()) {
      const node = walker.currentNode;
      for (let i = 0; i < node.data.length; i++) if (/[0-9]/.test(node.data[i])) digits.push([node, i]);
    }
    if (digits.length < 2) continue;
    const box = ([node, i]) => { const r = document.createRange(); r.setStart(node, i); r.setEnd(node, i + 1); return r.getBoundingClientRect(); };
    const first = box(digits[0]), last = box(digits[digits.length - 1]);
    const sameLine = Math.abs(first.top - last.top) < 2;
    if (sameLine && first.left > last.left) out.push(`"${link.textContent.trim()}"`);
  }
  return out.slice(0, 10);
}"""


#: Radios and checkboxes drawn too small for their label's text (GOV.UK's
#: are about twice its size), or not centred on a one-line label (a circle
#: above the picture and words beside it); and an "or" broken into letters.
CONTROLS_OUT_OF_SCALE_JS = """() => {
  const out = [];
  for (const input of document.querySelectorAll('.govuk-radios__input, .govuk-checkboxes__input')) {
    const label = input.labels && input.labels[0];
    if (!label || !input.checkVisibility() || label.closest('.govuk-radios--small, .govuk-checkboxes--small')) continue;
    const drawn = getComputedStyle(label, '::before');
    const size = parseFloat(drawn.height);
    const text = parseFloat(getComputedStyle(label).fontSize);
    const name = `${input.id || input.name} "${label.textContent.trim().slice(0, 30)}"`;
    if (size < 1.6 * text) out.push(`${name}: a ${Math.round(size)} px control beside ${Math.round(text)} px text`);
    // Where the circle is: its containing block is the label when positioned, else the item.
    const block = getComputedStyle(label).position !== 'static' ? label : label.parentElement;
    const centre = block.getBoundingClientRect().top + parseFloat(drawn.top) + size / 2;
    const range = document.createRange();
    range.selectNodeContents(label);
    const content = range.getBoundingClientRect();
    const lines = new Set([...range.getClientRects()].filter(r => r.width > 1).map(r => Math.round(r.top / 4))).size;
    const offset = centre - (content.top + content.height / 2);
    if (lines <= 1 && content.height < 1.6 * size && Math.abs(offset) > 5)
      out.push(`${name}: the control's centre is ${Math.round(Math.abs(offset))} px ${offset < 0 ? 'above' : 'below'} its label's`);
  }
  for (const divider of document.querySelectorAll('.govuk-radios__divider, .govuk-checkboxes__divider')) {
    if (!divider.checkVisibility()) continue;
    const range = document.createRange();
    range.selectNodeContents(divider);
    const tops = new Set([...range.getClientRects()].filter(r => r.width > 1).map(r => Math.round(r.top)));
    if (tops.size > 1) out.push(`"${divider.textContent.trim()}" broken over ${tops.size} lines`);
  }
  return out.slice(0, 10);
}"""

#: Lines of text drawn over one another ("Contact us in BSL" over "Email:"):
#: every visible text line's box against every other's, in the page's main part.
TEXT_OVER_TEXT_JS = """() => {
  const boxes = [];
  const walker = document.createTreeWalker(document.querySelector('main') || document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const parent = node.parentElement;
    if (!node.data.trim() || !parent || !parent.checkVisibility() || parent.closest('svg, .govuk-visually-hidden, option, select, textarea')) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    // A font's glyph box can be taller than its line (OpenDyslexic's is): the line box is what must not overlap.
    const line = parseFloat(getComputedStyle(parent).lineHeight);
    for (const r of range.getClientRects()) {
      if (r.width <= 2 || r.height <= 2) continue;
      const height = Math.min(r.height, line || r.height), top = r.top + (r.height - height) / 2;
      boxes.push([{left: r.left, right: r.right, top, bottom: top + height, height}, parent, node.data.trim().slice(0, 25)]);
    }
  }
  const out = [];
  for (let i = 0; i < boxes.length && out.length < 5; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const [a, pa, ta] = boxes[i], [b, pb, tb] = boxes[j];
      const across = Math.min(a.right, b.right) - Math.max(a.left, b.left);
      const down = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
      // Boxes of one line touch; text drawn over text overlaps by a good part of a line.
      if (across > 4 && down > 0.3 * Math.min(a.height, b.height)) { out.push(`"${ta}" and "${tb}"`); break; }
    }
  }
  return out;
}"""


def layout(page: Page) -> list[str]:
    """No label runs under its radio or checkbox, and each control is in scale
    with its label and centred on it; no text is drawn over other text; phone
    numbers read in the order of their digits."""
    return [f"layout: {item}" for item in page.evaluate(LABEL_OVER_CONTROL_JS)] + [
        f"layout: {item}" for item in page.evaluate(CONTROLS_OUT_OF_SCALE_JS)] + [
        f"layout: text drawn over text: {item}" for item in page.evaluate(TEXT_OVER_TEXT_JS)] + [
        f"layout: phone number shown out of order: {item}" for item in page.evaluate(NUMBERS_OUT_OF_ORDER_JS)]
