// Quick keyboard entry for questionnaires: with focus in an answer group, type the answer's
// number to choose it; focus then moves to the next question. Two-digit answers (such as 10
// on a 0-10 scale) are typed as two keys in quick succession. Without this script the
// native radios still work with Tab and the arrow keys.
const WAIT_MS = 700;

function groups(form) {
  return Array.from(form.querySelectorAll("[data-quick-item]"));
}

function choose(group, value) {
  const radio = group.querySelector(`input[type="radio"][value="${value}"]`);
  if (!radio) return false;
  radio.checked = true;
  radio.dispatchEvent(new Event("change", { bubbles: true }));
  return true;
}

function focusNext(form, group) {
  const all = groups(form);
  const next = all[all.indexOf(group) + 1];
  if (next) {
    const target = next.querySelector("input:checked") || next.querySelector("input");
    target.focus();
  } else {
    form.querySelector('button[type="submit"]').focus();
  }
}

function attach(form) {
  let buffer = "";
  let timer = null;
  const commit = (group) => {
    if (buffer && choose(group, buffer)) focusNext(form, group);
    buffer = "";
    timer = null;
  };
  form.addEventListener("keydown", (event) => {
    const group = event.target.closest("[data-quick-item]");
    if (!group || !/^[0-9]$/.test(event.key) || event.ctrlKey || event.metaKey || event.altKey) {
      return;
    }
    event.preventDefault();
    clearTimeout(timer);
    buffer += event.key;
    const values = Array.from(group.querySelectorAll('input[type="radio"]'), (r) => r.value);
    const longer = values.some((v) => v !== buffer && v.startsWith(buffer));
    if (longer) {
      timer = setTimeout(() => commit(group), WAIT_MS);
    } else {
      commit(group);
    }
  });
}

document.querySelectorAll("form[data-quick-entry]").forEach(attach);
