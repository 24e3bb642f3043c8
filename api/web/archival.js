"use strict";
// vanban web page, archival part: a document's archival metadata (what extraction filled and
// what the archivist set), dossiers within each fonds, exports and values set for many
// documents at once. Uses app.js's helpers ($, t, api, toast, current...).
/* global $, $$, t, esc, api, toast, authHeaders, errorText, codeText, current, lang, renderHistory, FILTERS */

// the fields in the standard's order: key, names, kind (text | int | date); asked once
let columnsAsked = null;
function archivalColumns() {
  columnsAsked ||= api("/archival/columns").then((d) => d.columns).catch((err) => { columnsAsked = null; throw err; });
  return columnsAsked;
}
const fieldName = (c) => (lang === "vi" ? c.vi : c.en);
const LONG = new Set(["title", "notes"]);  // a text area, across the whole row
const WIDE = new Set(["issuer", "autograph", "keywords", "identifier"]);

// a value as the archivist typed it, or the message table's reason it is refused
function realDate(y, m, d) {
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}
function dateProblem(text) {
  const vn = text.match(/^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/);
  if (vn) return realDate(+vn[3], +vn[2], +vn[1]) ? "" : codeText("invalid_date");
  const iso = text.match(/^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/);
  if (!iso) return codeText("invalid_date");
  if (iso[3]) return realDate(+iso[1], +iso[2], +iso[3]) ? "" : codeText("invalid_date");
  if (iso[2] && !(+iso[2] >= 1 && +iso[2] <= 12)) return codeText("invalid_date");
  return "";
}
function valueProblem(kind, text) {
  if (!text) return "";
  if (kind === "int" && !(/^\d+$/.test(text) && Number(text) >= 1)) return codeText("invalid_archival");
  if (kind === "date") return dateProblem(text);
  return "";
}
// what is sent: a whole number as typed (the service checks it), an emptied number clears
// the value set; an emptied text is kept as "", which hides a wrong extracted value
function wireValue(kind, text) { return kind === "int" && text === "" ? null : text; }

// ------------------------------------------------------------------ the document's panel
let archival = null;  // GET /documents/{id}/archival
let archivalLang = null;  // the language the panel was built in
async function loadArchival() {
  const id = current.id;
  let data;
  try { data = await api(`/documents/${id}/archival`); }
  catch (err) { $("#archival-form").innerHTML = `<p class="error">${esc(err.message)}</p>`; return; }
  if (current.id !== id) return;  // another document was opened meanwhile
  const fresh = !archival || archival.id !== id || archivalLang !== lang;
  archival = data;
  if (fresh || !$("#archival-form .afield")) buildArchival();
  fillArchival();
}
function buildArchival() {
  archivalLang = lang;
  $("#archival-form").innerHTML = Object.entries(archival.fields).map(([key, f]) => {
    const id = `a-${key}`;
    const attrs = `id="${id}" name="${key}" data-kind="${f.kind}" aria-describedby="${id}-src ${id}-err"`;
    const extra = (f.kind === "int" ? ' inputmode="numeric"' : "") + (f.kind === "date" ? ` placeholder="${t("date_format")}"` : "")
      + (key === "retention" ? ' list="retentions"' : "");
    const input = LONG.has(key) ? `<textarea ${attrs} rows="2"></textarea>` : `<input ${attrs}${extra}>`;
    const cls = LONG.has(key) ? "afield long" : WIDE.has(key) ? "afield wide" : "afield";
    return `<div class="${cls}" data-key="${key}">
      <label for="${id}">${esc(fieldName(f))}</label>
      <div class="arow">${input}<button type="button" class="ghost reset" data-reset="${key}"
        title="${esc(t("reset"))}" aria-label="${esc(t("reset"))}: ${esc(fieldName(f))}">↺</button></div>
      <span id="${id}-src" class="src-line"></span>
      <span id="${id}-err" class="field-error" role="alert"></span></div>`;
  }).join("");
  $$("#archival-form [data-kind]").forEach((el) => {
    el.addEventListener("change", () => saveArchival(el));
    el.addEventListener("input", () => { el.dataset.typing = "1"; showProblem(el, ""); });
    if (el.tagName === "INPUT") el.addEventListener("keydown", (e) => { if (e.key === "Enter") { e.preventDefault(); saveArchival(el); } });
  });
  $$("#archival-form [data-reset]").forEach((b) => b.addEventListener("click", () => sendArchival(b.dataset.reset, null)));
}
$("#archival-form").addEventListener("submit", (e) => e.preventDefault());
// values, sources and reset buttons as the service has them; a box being typed in is left be
function fillArchival() {
  for (const [key, f] of Object.entries(archival.fields)) {
    const box = $(`#archival-form .afield[data-key="${key}"]`);
    const el = box.querySelector("[data-kind]");
    if (el !== document.activeElement || !el.dataset.typing) el.value = f.value ?? "";
    box.dataset.source = f.source;
    box.querySelector(".src-line").innerHTML = f.source === "none" ? "" : `<span class="src ${f.source}">${t(`src_${f.source}`)}</span>`;
    box.querySelector(".reset").hidden = f.source !== "archivist";
  }
}
function showProblem(el, message) {
  el.setAttribute("aria-invalid", String(Boolean(message)));
  $(`#${el.id}-err`).textContent = message;
}
function saveArchival(el) {
  const key = el.name; const text = el.value.trim(); const f = archival.fields[key];
  if (text === String(f.value ?? "")) { delete el.dataset.typing; return showProblem(el, ""); }
  const problem = valueProblem(el.dataset.kind, text);
  if (problem) { showProblem(el, problem); toast(problem, true); return; }
  sendArchival(key, wireValue(el.dataset.kind, text));
}
async function sendArchival(key, value) {
  const el = $(`#a-${key}`);
  try {
    archival = await api(`/documents/${current.id}/archival`, {
      method: "PATCH", headers: {"content-type": "application/json"}, body: JSON.stringify({fields: {[key]: value}}),
    });
  } catch (err) { showProblem(el, err.message); toast(err.message, true); return; }
  delete el.dataset.typing; showProblem(el, "");
  toast(t("saved")); fillArchival(); renderHistory();
}
// "archival.fonds_code" in the history: the field's name in the standard
function archivalLabel(key) {
  const f = archival && archival.fields[key];
  return `${t("archival")}: ${f ? fieldName(f) : key}`;
}

// ------------------------------------------------------------------ search: selection, export, batch
const picked = new Set(); let pickedFor = null; let searchTotal = 0;
function searchFilters() {
  const params = new URLSearchParams();
  for (const [id, key] of FILTERS) if ($(id).value.trim()) params.set(key, $(id).value.trim());
  return params;
}
// called with each page of results: the tools show, the selection holds within one search
function archivalTools(data) {
  const key = searchFilters().toString();
  if (key !== pickedFor) { picked.clear(); pickedFor = key; }
  searchTotal = data.total;
  $("#archival-tools").hidden = !data.total; $("#batch").hidden = !data.total;
  $$("#results .pick").forEach((box) => {
    box.checked = picked.has(box.value);
    box.addEventListener("change", () => { if (box.checked) picked.add(box.value); else picked.delete(box.value); showPicked(); });
  });
  showPicked();
}
function pickBox(hit) {
  return `<input type="checkbox" class="pick" value="${esc(hit.id)}" aria-label="${esc(t("pick"))}: ${esc(hit.title || hit.filename)}">`;
}
function showPicked() {
  const boxes = $$("#results .pick");
  $("#pick-page").checked = boxes.length > 0 && boxes.every((b) => b.checked);
  $("#picked").textContent = picked.size ? `${t("picked")}: ${picked.size}` : `${t("picked_none")} ${searchTotal}`;
  const count = picked.size || searchTotal;
  $("#batch-submit").textContent = `${t("apply_to")} ${count} ${picked.size ? t("picked_docs") : t("all_results")}`;
}
$("#pick-page").addEventListener("change", (e) => {
  $$("#results .pick").forEach((box) => { box.checked = e.target.checked; if (box.checked) picked.add(box.value); else picked.delete(box.value); });
  showPicked();
});
// the selection as the export takes it: the documents picked, else the whole search
function selectionQuery() {
  if (picked.size) return new URLSearchParams([...picked].map((id) => ["ids", id]));
  return searchFilters();
}
$$("#archival-tools [data-export]").forEach((b) => b.addEventListener("click", () => {
  const params = selectionQuery(); params.set("format", b.dataset.export);
  download(`/archival/export?${params}`, `archival.${b.dataset.export}`);
}));
// a file fetched with the page's token, then handed to the browser as a download
async function download(path, name) {
  let res;
  try { res = await fetch(path, {headers: authHeaders()}); } catch (_) { toast(t("network_error"), true); return; }
  if (!res.ok) {
    const body = await res.json().catch(() => ({}));
    toast(res.status === 401 ? t("token_needed") : errorText(body.error, codeText(`http_${res.status}`)), true);
    return;
  }
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement("a"); a.href = url; a.download = name; a.hidden = true;
  document.body.append(a); a.click(); a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

// the batch form: rows of field + value; the identifier is each document's own
async function addBatchRow() {
  let columns;
  try { columns = await archivalColumns(); } catch (err) { $("#batch-error").textContent = err.message; return; }
  const n = $$("#batch-rows .batch-row").length;
  const row = document.createElement("div"); row.className = "batch-row";
  const options = columns.filter((c) => c.key !== "identifier" && c.key !== "order")
    .map((c) => `<option value="${c.key}" data-kind="${c.kind}">${esc(fieldName(c))}</option>`).join("");
  row.innerHTML = `<label><span>${t("field")}</span><select class="batch-key" id="batch-key-${n}">${options}</select></label>
    <label class="grow"><span>${t("value")}</span><input class="batch-value" id="batch-value-${n}" list=""></label>
    <button type="button" class="ghost batch-remove" aria-label="${t("remove")}">×</button>`;
  const select = row.querySelector("select"); const input = row.querySelector("input");
  const hint = () => input.setAttribute("list", select.value === "retention" ? "retentions" : "");
  select.addEventListener("change", hint); hint();
  row.querySelector(".batch-remove").addEventListener("click", () => row.remove());
  $("#batch-rows").append(row);
  return row;
}
$("#batch-add").addEventListener("click", addBatchRow);
$("#batch").addEventListener("toggle", () => { if ($("#batch").open && !$("#batch-rows .batch-row")) addBatchRow(); });
$("#batch-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  const fields = {}; let problem = "";
  for (const row of $$("#batch-rows .batch-row")) {
    const select = row.querySelector("select"); const text = row.querySelector("input").value.trim();
    if (!text) continue;
    const kind = select.selectedOptions[0].dataset.kind;
    problem ||= valueProblem(kind, text);
    fields[select.value] = wireValue(kind, text);
  }
  const order = $("#batch-order").value.trim();
  problem ||= valueProblem("int", order);
  if (!problem && !Object.keys(fields).length && !order) problem = t("batch_nothing");
  $("#batch-error").textContent = problem;
  if (problem) return;
  const body = {fields};
  if (order) body.order_from = Number(order);
  if (picked.size) body.ids = [...picked];
  else body.selection = Object.fromEntries([...searchFilters()].map(([k, v]) => [k, k === "year" ? Number(v) : v]));
  let done;
  try { done = await api("/archival/batch", {method: "POST", headers: {"content-type": "application/json"}, body: JSON.stringify(body)}); }
  catch (err) { $("#batch-error").textContent = err.message; return; }
  toast(`${t("batch_done")} ${Object.keys(done.documents).length} ${t("documents")}`);
});

// ------------------------------------------------------------------ dossiers (hồ sơ) by fonds (phông)
async function loadDossiers() {
  let data;
  try { data = await api("/dossiers"); } catch (err) { $("#dossiers-summary").textContent = err.message; return; }
  const count = data.fonds.reduce((n, f) => n + f.dossiers.length, 0);
  $("#dossiers-summary").textContent = `${count} ${t("dossier_count")} · ${data.unfiled} ${t("unfiled")}`;
  $("#dossiers").innerHTML = data.fonds.map(fondsHtml).join("") || `<p class="meta">${t("no_dossiers")}</p>`;
  $$("#dossiers details.dossier").forEach((d) => d.addEventListener("toggle", () => { if (d.open) loadDossier(d); }));
  $$("#dossiers [data-export]").forEach((b) => b.addEventListener("click", () => {
    const d = b.closest(".dossier"); const params = dossierParams(d); params.set("format", b.dataset.export);
    download(`/archival/export?${params}`, `${[d.dataset.fonds, d.dataset.dossier].filter(Boolean).join("-")}.${b.dataset.export}`);
  }));
}
function fondsHtml(f) {
  const name = f.code ? `${t("fonds")} ${esc(f.code)}` : `${t("fonds")} ${t("no_fonds_code")}`;
  return `<section class="fonds"><h3>${name} <span class="meta">· ${f.dossiers.length} ${t("dossier_count")} · ${f.documents} ${t("documents")}</span></h3>
    <ul class="dossier-list">${f.dossiers.map((d) => dossierHtml(f.code, d)).join("")}</ul></section>`;
}
// "2024-05-12" as written in Vietnam: 12/05/2024 (a year or month alone as it is)
const shownDate = (iso) => (iso ? iso.split("-").reverse().join("/") : "");
function dossierHtml(fonds, d) {
  const span = [d.start, d.end].filter(Boolean).map(shownDate).filter((x, i, a) => a.indexOf(x) === i).join(" – ");
  const facts = [`${d.documents} ${t("documents")}`, `${d.pages} ${t("pages")}`, span,
    d.retention.length ? `${t("retention")}: ${d.retention.join(", ")}` : ""].filter(Boolean);
  return `<li><details class="dossier" data-fonds="${esc(fonds || "")}" data-dossier="${esc(d.code)}" data-ids="${esc(d.ids.join(" "))}">
    <summary><strong>${esc(d.code)}</strong> <span class="meta">${esc(facts.join(" · "))}</span></summary>
    <p class="exports"><span>${t("export_short")}</span> <button type="button" class="ghost" data-export="xlsx">XLSX</button>
      <button type="button" class="ghost" data-export="csv">CSV</button> <button type="button" class="ghost" data-export="json">JSON</button></p>
    <ol class="dossier-docs"></ol></details></li>`;
}
function dossierParams(d) {
  const params = new URLSearchParams();
  if (d.dataset.fonds) params.set("fonds", d.dataset.fonds);
  params.set("dossier", d.dataset.dossier);
  return params;
}
// the dossier's documents in their order, as the export lists them (same selection, same order)
async function loadDossier(d) {
  const list = d.querySelector(".dossier-docs");
  if (list.dataset.loaded) return;
  const ids = d.dataset.ids.split(" ");
  let data;
  try { data = await api(`/archival/export?format=json&${ids.map((id) => `ids=${encodeURIComponent(id)}`).join("&")}`); }
  catch (err) { list.innerHTML = `<li class="error">${esc(err.message)}</li>`; return; }
  list.dataset.loaded = "1";
  list.innerHTML = data.documents.map((v, i) => {
    const name = [v.doc_type, [v.number, v.symbol].filter(Boolean).join("/")].filter(Boolean).join(" ") || ids[i].slice(0, 12);
    const value = v.order ? ` value="${v.order}"` : "";
    return `<li${value}><a href="#/doc/${esc(ids[i])}">${esc(name)}</a> <span class="meta">${esc([shownDate(v.date), v.title].filter(Boolean).join(" · "))}</span></li>`;
  }).join("");
}
