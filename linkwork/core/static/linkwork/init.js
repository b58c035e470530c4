import { initAll } from "/assets/nhsuk-frontend.min.js";

initAll();

// NHS.UK conditional radios mark each radio aria-expanded, which WAI-ARIA 1.2 does not allow on a radio
// (axe: aria-allowed-attr); GOV.UK Frontend dropped it for that reason. The revealed questions follow
// their radio in the page, so nothing is lost without it. Removed after the design system sets it.
const withoutExpanded = () =>
  document.querySelectorAll('.nhsuk-radios__input[aria-expanded]').forEach((radio) => radio.removeAttribute("aria-expanded"));
withoutExpanded();
window.addEventListener("pageshow", withoutExpanded);
document.addEventListener("change", withoutExpanded);
document.addEventListener("click", withoutExpanded);
