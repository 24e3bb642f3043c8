"use strict";
// vanban web page: upload, search, review queue, document view and corrections. No build step.
/* global I18N, MESSAGES */

let lang = localStorage.getItem("vanban-lang") || document.documentElement.lang || "vi";
const t = (key) => (I18N[lang] && I18N[lang][key]) || I18N.vi[key] || key;
const $ = (sel) => document.querySelector(sel);
const $$ = (sel, root = document) => Array.from(root.querySelectorAll(sel));
// the service's text for an error or warning code, in the page's language
const codeText = (code) => (typeof MESSAGES !== "undefined" && MESSAGES[lang] && MESSAGES[lang][code]) || "";
const esc = (s) => String(s ?? "").replace(/[&<>"']/g, (c) => ({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c]));
const pct = (x) => `${Math.round(100 * x)}%`;

function applyLanguage() {
  document.documentElement.lang = lang;
  $$("[data-i18n]").forEach((el) => { el.textContent = t(el.dataset.i18n); });
  $$("[data-i18n-placeholder]").forEach((el) => { el.placeholder = t(el.dataset.i18nPlaceholder); });
  $$("[data-i18n-label]").forEach((el) => { el.setAttribute("aria-label", t(el.dataset.i18nLabel)); });
  const other = lang === "vi" ? "en" : "vi";
  $("#lang").textContent = other === "en" ? "English" : "Tiếng Việt";
  $("#lang").lang = other;
}
$("#lang").addEventListener("click", () => {
  lang = lang === "vi" ? "en" : "vi"; localStorage.setItem("vanban-lang", lang); applyLanguage(); route();
});

// ------------------------------------------------------------------ HTTP
function authHeaders() {
  const token = sessionStorage.getItem("vanban-token");
  const headers = {"Accept-Language": lang};  // errors come back in the page's language
  if (token) headers.Authorization = `Bearer ${token}`;
  return headers;
}
function askToken() {
  const token = window.prompt(t("token_prompt"), sessionStorage.getItem("vanban-token") || "");
  if (token !== null) sessionStorage.setItem("vanban-token", token.trim());
}
$("#token").addEventListener("click", askToken);

function toast(msg, isError = false) {
  const el = $("#toast"); el.textContent = msg; el.classList.toggle("error", isError); el.classList.add("show");
  clearTimeout(toast.timer); toast.timer = setTimeout(() => el.classList.remove("show"), isError ? 6000 : 3000);
}
// an error's text for people: the service's (already in the page's language) or the code's
function errorText(error, fallback) {
  if (!error) return fallback || t("failed");
  return error.message || codeText(error.code) || fallback || error.code;
}
async function api(path, opts = {}) {
  let res;
  try { res = await fetch(path, {...opts, headers: {...(opts.headers || {}), ...authHeaders()}}); }
  catch (_) { throw new Error(t("network_error")); }
  const body = res.headers.get("content-type")?.includes("json") ? await res.json() : await res.text();
  if (res.status === 401) throw new Error(t("token_needed"));
  if (!res.ok) throw new Error(errorText(body?.error, codeText(`http_${res.status}`) || t("failed")));
  return body;
}

// ------------------------------------------------------------------ routing
// #/?q=..&type=..&page=.. (search, shareable) · #/upload · #/review · #/dossiers · #/doc/<id>?line=N
function show(view) { for (const v of ["search", "upload", "review", "dossiers", "doc"]) $("#view-" + v).hidden = v !== view; }
function hashParams() { const h = location.hash; const i = h.indexOf("?"); return new URLSearchParams(i < 0 ? "" : h.slice(i + 1)); }
function route() {
  const hash = location.hash || "#/";
  const path = hash.split("?")[0];
  if (path.startsWith("#/doc/")) { show("doc"); openDocument(path.slice(6), Number(hashParams().get("line")) || 0); }
  else if (path === "#/upload") { show("upload"); loadRecent(); }
  else if (path === "#/review") { show("review"); loadReview(); }
  else if (path === "#/dossiers") { show("dossiers"); loadDossiers(); }
  else { show("search"); searchFromUrl(); }
}
window.addEventListener("hashchange", route);

// ------------------------------------------------------------------ search
const FILTERS = [["#q", "q"], ["#f-type", "type"], ["#f-issuer", "issuer"], ["#f-year", "year"], ["#f-cites", "cites"]];
let searchPage = 1;
function searchHash(page) {
  const params = new URLSearchParams();
  for (const [id, key] of FILTERS) if ($(id).value.trim()) params.set(key, $(id).value.trim());
  if (page > 1) params.set("page", page);
  const query = params.toString();
  return query ? `#/?${query}` : "#/";
}
function goSearch(page) {
  const hash = searchHash(page);
  if (hash === (location.hash || "#/")) searchFromUrl(); else location.hash = hash;
}
$("#search-form").addEventListener("submit", (e) => { e.preventDefault(); goSearch(1); });
$("#res-prev").addEventListener("click", () => goSearch(searchPage - 1));
$("#res-next").addEventListener("click", () => goSearch(searchPage + 1));

function searchFromUrl() {
  const params = hashParams();
  for (const [id, key] of FILTERS) $(id).value = params.get(key) || "";
  runSearch(Number(params.get("page")) || 1);
}
async function runSearch(page) {
  searchPage = Math.max(1, page || 1);
  const params = new URLSearchParams({page: searchPage});
  for (const [id, key] of FILTERS) if ($(id).value.trim()) params.set(key, $(id).value.trim());
  try {
    const data = await api("/search?" + params);
    $("#search-summary").textContent = data.total ? `${data.total_capped ? t("more_than") + " " : ""}${data.total} ${t("results")}` : t("none");
    $("#results").innerHTML = data.hits.map(resultItem).join("");
    const pages = Math.ceil(data.total / data.page_size);
    $("#result-pager").hidden = pages <= 1;
    $("#res-page").textContent = `${t("page")} ${searchPage}/${pages}`;
    $("#res-prev").disabled = searchPage <= 1; $("#res-next").disabled = searchPage >= pages;
    archivalTools(data);
  } catch (err) { $("#search-summary").textContent = err.message; }
}
function resultItem(h) {
  const meta = [h.doc_type, h.symbol].filter(Boolean).join(" ");
  return `<li>${pickBox(h)} <a class="title" href="#/doc/${esc(h.id)}">${h.title_html || esc(h.filename)}</a>
    <div class="meta">${esc(meta)} · ${esc(h.issuer_normalized || h.issuer || "")} · ${esc(h.year || "")}</div>
    <div class="snippet">${h.snippet_html}</div></li>`;
}

// ------------------------------------------------------------------ upload
// The bar: the upload is its first tenth, the pages the rest; never full while a file waits
// or after it failed.
const UPLOAD_SHARE = 10;
const drop = $("#drop");
drop.addEventListener("dragover", (e) => { e.preventDefault(); drop.classList.add("over"); });
drop.addEventListener("dragleave", () => drop.classList.remove("over"));
drop.addEventListener("drop", (e) => { e.preventDefault(); drop.classList.remove("over"); uploadAll(e.dataTransfer.files); });
$("#file-input").addEventListener("change", (e) => { uploadAll(e.target.files); e.target.value = ""; });

function uploadAll(files) { for (const f of files) uploadOne(f); }
function uploadItem(name) {
  const li = document.createElement("li");
  li.innerHTML = `<strong>${esc(name)}</strong> <span class="state"></span>
    <progress max="100" value="0" aria-label="${esc(name)}"></progress>`;
  return li;
}
function uploadOne(file) {
  const li = uploadItem(file.name);
  li.querySelector(".state").textContent = t("uploading");
  $("#uploads").prepend(li);
  const form = new FormData(); form.append("files", file);
  const xhr = new XMLHttpRequest();
  xhr.open("POST", "/documents");
  for (const [k, v] of Object.entries(authHeaders())) xhr.setRequestHeader(k, v);
  xhr.upload.onprogress = (e) => { if (e.lengthComputable) li.querySelector("progress").value = UPLOAD_SHARE * e.loaded / e.total; };
  xhr.onload = () => {
    let body = {}; try { body = JSON.parse(xhr.responseText); } catch (_) { /* not JSON */ }
    if (xhr.status === 401) return fail(li, t("token_needed"));
    const doc = body.documents?.[0];
    if (doc?.document_id) li.dataset.doc = doc.document_id;
    if (xhr.status >= 400 || !doc || doc.error) return fail(li, errorText((doc || body).error, xhr.statusText));
    if (doc.duplicate) li.querySelector("strong").insertAdjacentText("afterend", ` (${t("duplicate")})`);
    poll(li, doc.job.id, doc.document_id);
  };
  xhr.onerror = () => fail(li, t("network_error"));
  xhr.send(form);
}
function fail(li, message) {
  li.classList.add("failed"); li.classList.remove("done");
  const bar = li.querySelector("progress"); bar.max = 100; bar.value = 0;
  li.querySelector(".state").innerHTML = `<span class="error">${t("failed")}: ${esc(message)}</span>`;
}
function showJob(li, job, docId) {
  const p = job.progress; const bar = li.querySelector("progress");
  bar.max = 100;
  if (job.state === "failed") return fail(li, errorText(job.error));
  if (job.state === "done") {
    bar.value = 100; li.classList.add("done");
    li.querySelector(".state").innerHTML = `${t("done")} · <a href="#/doc/${esc(docId)}">${t("open")}</a>`;
    return;
  }
  const share = p.pages_total ? p.pages_done / p.pages_total : 0;
  bar.value = UPLOAD_SHARE + (100 - UPLOAD_SHARE - 1) * share;  // running: never full before done
  const count = p.pages_total ? ` (${p.pages_done}/${p.pages_total} ${t("pages")})` : "";
  li.querySelector(".state").textContent = t(job.state) + count;
}
async function poll(li, jobId, docId) {
  let job;
  try { job = await api(`/jobs/${jobId}`); } catch (err) { return fail(li, err.message); }
  showJob(li, job, docId);
  if (job.state === "queued" || job.state === "running") setTimeout(() => poll(li, jobId, docId), 600);
}
// the archive's latest documents with their state: failed uploads stay listed after a reload
async function loadRecent() {
  let data;
  try { data = await api("/documents"); } catch (err) { $("#recent").innerHTML = `<li class="error">${esc(err.message)}</li>`; return; }
  const here = new Set($$("#uploads li[data-doc]").map((li) => li.dataset.doc));  // shown above
  $("#recent").replaceChildren(...data.documents.filter((d) => !here.has(d.id)).map((d) => {
    const li = uploadItem(d.filename); li.dataset.doc = d.id;
    const job = {state: d.state || "queued", progress: {pages_done: 0, pages_total: 0}, error: d.error};
    showJob(li, job, d.id);
    if (d.state === "done") li.querySelector("progress").hidden = true;
    if ((d.state === "queued" || d.state === "running") && d.job_id) poll(li, d.job_id, d.id);
    return li;
  }));
}

// ------------------------------------------------------------------ review queue
$("#show-reviewed").addEventListener("change", loadReview);
async function loadReview() {
  const params = new URLSearchParams();
  if ($("#show-reviewed").checked) params.set("reviewed", "true");
  let data;
  try { data = await api("/review?" + params); } catch (err) { $("#review-summary").textContent = err.message; return; }
  $("#review-summary").textContent = data.total ? `${data.total} ${t("documents")}` : t("review_empty");
  $("#review-list").innerHTML = data.documents.map(reviewItem).join("");
}
function reasonText(r) {
  if (r.code === "missing_field") return `${t("missing")}: ${t(r.field === "issuer" ? "issuer_f" : r.field)}`;
  if (r.code === "low_ocr_confidence") return `${t("low_ocr")} (${Math.round(r.value)}%)`;
  return `${r.value} ${t(r.code)}`;
}
function level(confidence) { return confidence >= 0.95 ? 0 : confidence >= 0.8 ? 1 : confidence >= 0.6 ? 2 : 3; }
function reviewItem(d) {
  const name = [d.doc_type, d.symbol].filter(Boolean).join(" ") || d.filename;
  const words = d.words.map((w) => `<a class="w ${w.source === "ocr" ? "ocr" : "changed"} c${level(w.confidence)}"
      href="#/doc/${esc(d.id)}?line=${w.line}" title="${esc(w.original)} → ${esc(w.text)} (${pct(w.confidence)})">${esc(w.text)}</a>`).join(" ");
  const done = d.reviewed_by ? `<span class="badge">${t("reviewed")}: ${esc(d.reviewed_by)}</span>` : "";
  return `<li><div class="doubt"><meter min="0" max="1" low="0.3" high="0.6" optimum="0" value="${d.doubt}"
      aria-label="${t("doubt")}"></meter> <span class="meta">${t("doubt")} ${pct(d.doubt)}</span></div>
    <a class="title" href="#/doc/${esc(d.id)}">${esc(name)}</a> ${done}
    <div class="meta">${esc(d.title || d.filename)}</div>
    <div class="reasons">${d.reasons.map((r) => `<span class="reason">${esc(reasonText(r))}</span>`).join("")}</div>
    <div class="words">${words}</div></li>`;
}

// ------------------------------------------------------------------ document view
let current = null; let pageNo = 1; let zoom = 1; let layout = null;
async function openDocument(id, line) {
  try { current = await api(`/documents/${id}`); } catch (err) { $("#doc-title").textContent = err.message; return; }
  layout = wordLayout(current);
  pageNo = 1; zoom = 1;
  renderDocument(); loadArchival().then(renderHistory);
  if (line) goToLine(line);
}
function renderDocument() {
  const f = current.fields;
  $("#doc-title").textContent = [f.doc_type, f.symbol].filter(Boolean).join(" ") || current.source.filename;
  $("#doc-meta").innerHTML = `${esc(current.source.filename)} · ${current.source.pages} ${t("pages")} ·
    <a href="/documents/${current.id}/original">${t("original")}</a> · <a href="/documents/${current.id}/text">${t("plain_text")}</a>` +
    (current.source.media_type !== "text/plain"
      ? ` · <a class="pdfa" id="pdfa-link" href="/documents/${current.id}/pdf" download>${t("pdfa_copy")}</a>` : "");
  $("#doc-warnings").innerHTML = (current.warnings || []).map(warningItem).join("");
  renderReview(); showPage(); renderText(); renderFields(); renderDeadlines();
}
function warningItem(w) {
  // Vietnamese: the code's text, the specific (English) message on hover; English: the message
  const text = lang === "vi" && codeText(w.code) ? codeText(w.code) : w.message;
  return `<li data-code="${esc(w.code)}" title="${esc(w.message)}">${esc(text)}</li>`;
}
function renderReview() {
  const r = current.review || {};
  $("#mark-reviewed").textContent = r.reviewed_by ? t("unmark_reviewed") : t("mark_reviewed");
  $("#mark-reviewed").setAttribute("aria-pressed", String(Boolean(r.reviewed_by)));
  $("#review-state").textContent = r.reviewed_by
    ? `${t("reviewed")}: ${r.reviewed_by}, ${new Date(r.reviewed_at * 1000).toLocaleString(lang)}` : t("not_reviewed");
}
$("#mark-reviewed").addEventListener("click", async () => {
  await patch({reviewed: !(current.review || {}).reviewed_by});
});

// -------- the page image: zoom, reading resolution, the box under the cursor
const ZOOMS = [1, 1.5, 2, 3, 4];
function hasImage() { return current.source.media_type !== "text/plain"; }
function pageSrc(n) {
  const dpi = zoom >= 3 ? 300 : zoom > 1 ? 200 : 0;  // reading resolution once zoomed in
  return `/documents/${current.id}/pages/${n}.png` + (dpi ? `?dpi=${dpi}` : "");
}
function showPage() {
  const pages = current.source.pages;
  $("#page-pane").hidden = !hasImage();
  $(".doc-body").classList.toggle("no-image", !hasImage());
  if (!hasImage()) return;
  $("#page-no").textContent = `${t("page")} ${pageNo}/${pages}`;
  const src = pageSrc(pageNo);
  if ($("#page-img").getAttribute("src") !== src) $("#page-img").src = src;
  $("#page-link").href = `/documents/${current.id}/pages/${pageNo}.png?dpi=300`;
  $("#page-img").alt = `${t("scan")}, ${t("page")} ${pageNo}`;
  $("#prev").disabled = pageNo <= 1; $("#next").disabled = pageNo >= pages;
  $("#page-frame").style.width = `${100 * zoom}%`;
  $("#zoom-level").textContent = pct(zoom);
  $("#zoom-out").disabled = zoom <= ZOOMS[0]; $("#zoom-in").disabled = zoom >= ZOOMS[ZOOMS.length - 1];
  hideBox();
}
function setZoom(next) {
  const view = $("#page-view");
  const cx = (view.scrollLeft + view.clientWidth / 2) / view.scrollWidth;
  const cy = (view.scrollTop + view.clientHeight / 2) / view.scrollHeight;
  zoom = Math.min(ZOOMS[ZOOMS.length - 1], Math.max(ZOOMS[0], next)); showPage();
  view.scrollLeft = cx * view.scrollWidth - view.clientWidth / 2;
  view.scrollTop = cy * view.scrollHeight - view.clientHeight / 2;
}
$("#zoom-in").addEventListener("click", () => setZoom(ZOOMS.find((z) => z > zoom) || zoom));
$("#zoom-out").addEventListener("click", () => setZoom([...ZOOMS].reverse().find((z) => z < zoom) || zoom));
$("#zoom-fit").addEventListener("click", () => setZoom(1));
$("#page-view").addEventListener("wheel", (e) => {
  if (!e.ctrlKey) return;
  e.preventDefault(); setZoom(e.deltaY < 0 ? (ZOOMS.find((z) => z > zoom) || zoom) : ([...ZOOMS].reverse().find((z) => z < zoom) || zoom));
}, {passive: false});
$("#prev").addEventListener("click", () => { if (pageNo > 1) { pageNo--; showPage(); } });
$("#next").addEventListener("click", () => { if (pageNo < current.source.pages) { pageNo++; showPage(); } });

function showBox(page, bbox) {
  const info = (current.ocr.pages || [])[page - 1];
  // boxes are in the upright page OCR read: not drawn on a page it had to turn
  if (!hasImage() || !bbox || !info || !info.width || info.orientation) return;
  if (page !== pageNo) { pageNo = page; showPage(); }
  const [x0, y0, x1, y1] = bbox; const pad = 0.004;
  const box = $("#page-box");
  Object.assign(box.style, {
    left: `${100 * (x0 / info.width - pad)}%`, top: `${100 * (y0 / info.height - pad)}%`,
    width: `${100 * ((x1 - x0) / info.width + 2 * pad)}%`, height: `${100 * ((y1 - y0) / info.height + 2 * pad)}%`,
  });
  box.hidden = false;
  if (zoom > 1) box.scrollIntoView({block: "nearest", inline: "nearest"});
}
function hideBox() { $("#page-box").hidden = true; }

// -------- the text: each word shaded by how sure restoration or OCR was of it
// Where OCR stored its words, the i-th word of a line of raw_text is the i-th word OCR read on
// that line and the i-th word of the restored line (restoration keeps the words of a line).
function wordLayout(record) {
  const pages = record.ocr.pages || [];
  const texts = record.text.split("\n\f");
  const words = new Map(); const lineBoxes = new Map();
  if (pages.length && texts.length === pages.length) {
    let offset = 0;
    pages.forEach((p, k) => {
      for (const w of p.words || []) {
        const line = offset + w.line;
        if (!words.has(line)) words.set(line, []);
        words.get(line).push({...w, page: p.number});
        const b = lineBoxes.get(line);
        lineBoxes.set(line, b ? {page: p.number, bbox: [Math.min(b.bbox[0], w.bbox[0]), Math.min(b.bbox[1], w.bbox[1]),
          Math.max(b.bbox[2], w.bbox[2]), Math.max(b.bbox[3], w.bbox[3])]} : {page: p.number, bbox: [...w.bbox]});
      }
      offset += texts[k].split("\n").length;
    });
  }
  return {words, lineBoxes};
}
const tokens = (line) => Array.from(line.matchAll(/\S+/g), (m) => ({start: m.index, end: m.index + m[0].length, text: m[0]}));

function renderText() {
  const byLine = {};
  for (const c of current.changes || []) (byLine[c.line] ||= []).push(c);
  const raw = current.raw_text.split("\n");
  const lines = current.text.split("\n");
  $("#doc-text").innerHTML = lines.map((line, i) => {
    const html = lineHtml(line.replace(/\f/g, ""), (raw[i] || "").replace(/\f/g, ""), byLine[i] || [], layout.words.get(i) || []);
    const cls = line.trim() ? "line" : "line blank";
    return `<div class="${cls}" data-line="${i + 1}" tabindex="0" aria-label="${t("edit_line")} ${i + 1}">${html}</div>`;
  }).join("");
  $$("#doc-text .line").forEach((el) => {
    el.addEventListener("dblclick", () => editLine(el));
    el.addEventListener("keydown", (e) => { if (e.key === "Enter" && e.target === el) editLine(el); });
    el.addEventListener("mouseover", (e) => {
      const w = e.target.closest(".w[data-box]");
      const box = w ? JSON.parse(w.dataset.box) : layout.lineBoxes.get(Number(el.dataset.line) - 1);
      if (box) showBox(box.page, box.bbox);
    });
    el.addEventListener("focus", () => { const box = layout.lineBoxes.get(Number(el.dataset.line) - 1); if (box) showBox(box.page, box.bbox); });
  });
}
function lineHtml(line, raw, changes, ocrWords) {
  const shown = tokens(line); const read = tokens(raw);
  if (shown.length !== read.length) return markLine(line, changes);  // words merged or split: marks only
  const ocr = ocrWords.length === read.length ? ocrWords : [];
  let out = ""; let pos = 0;
  shown.forEach((tok, i) => {
    const change = changes.find((c) => c.start >= read[i].start && c.start < read[i].end);
    const word = ocr[i];
    const attrs = []; const cls = ["w"];
    let title = "";
    if (change) {
      cls.push("changed", `c${level(change.confidence)}`);
      title = `${change.original} → ${change.restored} (${t("restoration")} ${pct(change.confidence)})`;
    } else if (word && word.confidence < 90) {
      cls.push("ocr", `c${level(word.confidence / 100)}`);
      title = `OCR ${Math.round(word.confidence)}%`;
    }
    if (word) {
      attrs.push(`data-box='${esc(JSON.stringify({page: word.page, bbox: word.bbox}))}'`);
      if (!title) title = `OCR ${Math.round(word.confidence)}%`;
    }
    if (title) attrs.push(`title="${esc(title)}"`);
    const tag = change ? "mark" : "span";
    out += esc(line.slice(pos, tok.start)) + `<${tag} class="${cls.join(" ")}" ${attrs.join(" ")}>${esc(tok.text)}</${tag}>`;
    pos = tok.end;
  });
  return out + esc(line.slice(pos));
}
function markLine(line, changes) {
  // each restored word, found in order in the restored line, is wrapped and titled original → restored
  let out = ""; let pos = 0;
  for (const c of changes.slice().sort((a, b) => a.start - b.start)) {
    const at = line.indexOf(c.restored, pos);
    if (at < 0) continue;
    const title = `${c.original} → ${c.restored} (${t("restoration")} ${pct(c.confidence)})`;
    out += esc(line.slice(pos, at)) + `<mark class="w changed c${level(c.confidence)}" title="${esc(title)}">${esc(c.restored)}</mark>`;
    pos = at + c.restored.length;
  }
  return out + esc(line.slice(pos));
}
function goToLine(n) {
  const el = $(`#doc-text .line[data-line="${n}"]`);
  if (!el) return;
  el.classList.add("target"); el.scrollIntoView({block: "center"}); el.focus({preventScroll: true});
}
function editLine(el) {
  const n = Number(el.dataset.line); const old = current.text.split("\n")[n - 1];
  const input = document.createElement("input");
  input.value = old; input.className = "line-edit"; input.setAttribute("aria-label", `${t("edit_line")} ${n}`);
  el.replaceChildren(input); input.focus();
  input.addEventListener("keydown", async (e) => {
    if (e.key === "Escape") return renderText();
    if (e.key !== "Enter") return;
    e.preventDefault();
    if (!(await patch({lines: {[n]: input.value}}))) renderText();
  });
}
// one correction: the record comes back corrected (fields re-extracted after a line)
async function patch(body) {
  try {
    current = await api(`/documents/${current.id}`, {method: "PATCH", headers: {"content-type": "application/json"}, body: JSON.stringify(body)});
  } catch (err) { toast(err.message, true); renderFields(); renderDeadlines(); return false; }
  layout = wordLayout(current);
  toast(t("saved")); renderDocument(); renderHistory(); loadArchival();  // extracted values follow
  return true;
}

// -------- the fields: every one corrected in place
const SIMPLE = ["doc_type", "symbol", "issuer", "place", "title"];
function editable(value, attrs, label) {
  return `<span class="edit" contenteditable="true" role="textbox" aria-label="${esc(label)}" ${attrs}>${esc(value || "")}</span>`;
}
function renderFields() {
  const f = current.fields; const manual = new Set((current.review || {}).manual || []);
  const mark = (name) => (manual.has(name) ? ` <span class="manual" title="${t("manual")}">✎</span>` : "");
  const label = (name) => t(name === "issuer" ? "issuer_f" : name);
  const rows = SIMPLE.map((name) => [name, editable(f[name], `data-field="${name}"`, label(name)) + mark(name)]);
  const d = f.date || {};
  const part = (name, value, size) => `<input class="date-part" data-part="${name}" inputmode="numeric" size="${size}"
      value="${esc(value ?? "")}" placeholder="${t(`${name}_part`)}" aria-label="${t("date")}: ${t(`${name}_part`)}">`;
  rows.splice(4, 0, ["date", `<span class="date-edit" data-field="date">${part("day", d.day, 2)}/${part("month", d.month, 2)}/${part("year", d.year, 4)}</span>
    ${d.raw ? `<span class="meta">${esc(d.raw)}</span>` : ""}${mark("date")}`]);
  const s = f.signer || {};
  rows.push(["signer", `${editable(s.name, `data-signer="name" data-placeholder="${t("signer_name")}"`, t("signer_name"))}${mark("signer.name")}
    <br>${editable(s.title, `data-signer="title" data-placeholder="${t("signer_title")}"`, t("signer_title"))}${mark("signer.title")}
    ${s.authority ? `<span class="meta">${esc(s.authority)}</span>` : ""}`]);
  const cited = f.cited_documents || [];
  rows.push(["cited", `<ul class="list">${cited.map((c, i) => `<li>${editable(c.symbol || c.raw, `data-cited="${i}"`, `${t("cited")} ${i + 1}`)}
      ${c.date ? `<span class="meta">${esc(c.date)}</span>` : ""}</li>`).join("")}
      <li>${editable("", `data-cited="${cited.length}" data-placeholder="${t("add")}"`, t("add_cited"))}</li></ul>${mark("cited_documents")}`]);
  const recipients = f.recipients || [];
  rows.push(["recipients", `<ul class="list">${recipients.map((r, i) => `<li>${editable(r, `data-recipient="${i}"`, `${t("recipients")} ${i + 1}`)}</li>`).join("")}
      <li>${editable("", `data-recipient="${recipients.length}" data-placeholder="${t("add")}"`, t("add_recipient"))}</li></ul>${mark("recipients")}`]);
  $("#doc-fields").innerHTML = rows.map(([name, html]) => `<dt>${label(name)}</dt><dd data-name="${name}">${html}</dd>`).join("");
  $$("#doc-fields .edit").forEach((el) => {
    el.addEventListener("keydown", (e) => { if (e.key === "Enter") { e.preventDefault(); el.blur(); } });
    el.addEventListener("blur", () => saveField(el));
  });
  const dateEdit = $("#doc-fields .date-edit");  // saved once the day, month and year are left
  dateEdit.addEventListener("focusout", (e) => { if (!dateEdit.contains(e.relatedTarget)) saveDate(); });
  dateEdit.addEventListener("keydown", (e) => { if (e.key === "Enter") { e.preventDefault(); saveDate(); } });
  $$("#doc-fields dd").forEach((dd) => {
    const ev = (current.evidence || {})[dd.dataset.name === "cited" ? "cited_documents" : dd.dataset.name];
    if (!ev) return;
    const show = () => showBox(ev.page || 1, ev.bbox);
    dd.addEventListener("mouseenter", show); dd.addEventListener("focusin", show);
  });
}
async function saveField(el) {
  const value = el.textContent.trim() || null; const f = current.fields;
  if (el.dataset.field) {
    const name = el.dataset.field;
    if ((f[name] || null) === value) return;
    const body = {[name]: value};
    if (name === "symbol") body.number = value && /^\d+/.test(value) ? value.match(/^\d+/)[0] : null;
    return patch({fields: body});
  }
  if (el.dataset.signer) {
    const part = el.dataset.signer;
    if (((f.signer || {})[part] || null) === value) return;
    return patch({fields: {signer: {[part]: value}}});
  }
  if (el.dataset.recipient !== undefined) {
    const index = Number(el.dataset.recipient);
    if (((f.recipients || [])[index] || null) === value) return;
    return patch({recipient: {index, value}});
  }
  if (el.dataset.cited !== undefined) {
    const index = Number(el.dataset.cited); const cited = (f.cited_documents || []).map((c) => ({...c}));
    if (((cited[index] || {}).symbol || (cited[index] || {}).raw || null) === value) return;
    if (value === null) cited.splice(index, 1);
    else if (index === cited.length) cited.push({symbol: value});
    else cited[index] = {...cited[index], symbol: value};
    return patch({fields: {cited_documents: cited}});
  }
}
async function saveDate() {
  const parts = {};
  for (const el of $$("#doc-fields .date-part")) {
    const v = el.value.trim();
    parts[el.dataset.part] = v === "" ? null : Number(v);
    if (v !== "" && !/^\d+$/.test(v)) { toast(codeText("invalid_date"), true); return; }
  }
  const d = current.fields.date || {};
  if (parts.day === (d.day ?? null) && parts.month === (d.month ?? null) && parts.year === (d.year ?? null)) return;
  await patch({fields: {date: parts}});
}
function renderDeadlines() {
  const manual = new Set((current.review || {}).manual || []);
  $("#doc-deadlines").innerHTML = (current.fields.deadlines || []).map((d) => {
    const due = d.end || d.start || "";
    return `<div class="deadline" data-uid="${esc(d.uid)}">
      <div><span class="label">${t("task")}</span>${editable(d.task, 'data-part="task"', t("task"))}
        ${[...manual].some((m) => m.startsWith(`deadlines.${d.uid}.`)) ? `<span class="manual" title="${t("manual")}">✎</span>` : ""}</div>
      <div><label><span class="label">${t("due")}</span><input type="date" data-part="due" value="${esc(due)}"></label>
        <span class="meta">${esc(d.raw || "")}</span></div>
      <div><span class="label">${t("lead")}</span>${editable(d.lead, 'data-part="lead"', t("lead"))}</div>
      <div><span class="label">${t("support")}</span>${editable((d.support || []).join("; "), 'data-part="support"', t("support"))}</div>
    </div>`;
  }).join("") || `<p class="meta">${t("no_deadlines")}</p>`;
  $$("#doc-deadlines .deadline").forEach((card) => {
    const uid = card.dataset.uid;
    const d = current.fields.deadlines.find((x) => x.uid === uid);
    card.querySelectorAll(".edit").forEach((el) => {
      el.addEventListener("keydown", (e) => { if (e.key === "Enter") { e.preventDefault(); el.blur(); } });
      el.addEventListener("blur", () => {
        const part = el.dataset.part; const text = el.textContent.trim();
        const value = part === "support" ? text.split(/\s*[;,]\s*/).filter(Boolean) : text || null;
        const before = part === "support" ? d.support || [] : d[part] || null;
        if (JSON.stringify(before) === JSON.stringify(value)) return;
        patch({deadline: {uid, [part]: value}});
      });
    });
    card.querySelector("input[type=date]").addEventListener("change", (e) => patch({deadline: {uid, due: e.target.value || null}}));
  });
}
// "fields.signer.name (re-extracted)", "line 7", "fields.deadlines.<uid>.lead" for people
function historyLabel(field) {
  const again = field.endsWith(" (re-extracted)");
  const name = field.replace(" (re-extracted)", "");
  let label = name;
  const line = name.match(/^line (\d+)$/);
  if (line) label = `${t("line")} ${line[1]}`;
  else if (name === "text") label = t("text");
  else if (name === "reviewed") label = t("reviewed");
  else if (name.startsWith("archival.")) label = archivalLabel(name.slice(9));
  else if (name.startsWith("fields.")) {
    const [field, sub] = name.slice(7).split(/[.[]/);
    const names = {issuer: "issuer_f", cited_documents: "cited", deadlines: "deadline"};
    label = t(names[field] || field);
    if (field === "signer" && sub) label = t(`signer_${sub}`);
    if (field === "recipients" && sub) label += ` ${Number(sub.replace("]", "")) + 1}`;
  }
  return again ? `${label} (${t("re_extracted")})` : label;
}
// a value as a person reads it: a date as its day, a deadline as task · due · lead
function historyValue(v) {
  if (v === null || v === undefined || v === "") return "—";
  if (typeof v !== "object") return String(v);
  if (Array.isArray(v)) return v.map(historyValue).join("; ") || "—";
  if ("reviewed_by" in v) return v.reviewed_by || "—";
  if ("iso" in v || "year" in v) return v.iso || [v.day, v.month, v.year].filter(Boolean).join("/") || "—";
  if ("task" in v) return [v.task, v.end || v.start, v.lead, (v.support || []).join(", ")].filter(Boolean).join(" · ");
  if ("symbol" in v || "raw" in v) return v.symbol || v.raw || "—";
  if ("name" in v) return [v.name, v.title].filter(Boolean).join(", ") || "—";
  return JSON.stringify(v);
}
async function renderHistory() {
  let items = [];
  try { items = (await api(`/documents/${current.id}/history`)).history; } catch (_) { /* shown empty */ }
  const show = (v) => esc(historyValue(v));
  $("#doc-history").innerHTML = items.length ? items.slice().reverse().map((h) =>
    `<li><span class="meta">${esc(new Date(h.at * 1000).toLocaleString(lang))} · ${esc(h.who)}</span><br>
      ${esc(historyLabel(h.field))}: <del>${show(h.before)}</del> → <ins>${show(h.after)}</ins></li>`).join("")
    : `<li class="meta">${t("no_history")}</li>`;
}

applyLanguage();
document.addEventListener("DOMContentLoaded", route);  // once archival.js is read too
