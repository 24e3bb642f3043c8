"use strict";
// vanban web page: upload, search, document view and corrections. No build step.
/* global I18N, MESSAGES */

let lang = localStorage.getItem("vanban-lang") || document.documentElement.lang || "vi";
const t = (key) => (I18N[lang] && I18N[lang][key]) || I18N.vi[key] || key;
const $ = (sel) => document.querySelector(sel);
// the service's text for an error or warning code, in the page's language
const codeText = (code) => (typeof MESSAGES !== "undefined" && MESSAGES[lang] && MESSAGES[lang][code]) || "";
const esc = (s) => String(s ?? "").replace(/[&<>"']/g, (c) => ({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c]));

function applyLanguage() {
  document.documentElement.lang = lang;
  document.querySelectorAll("[data-i18n]").forEach((el) => { el.textContent = t(el.dataset.i18n); });
  document.querySelectorAll("[data-i18n-placeholder]").forEach((el) => { el.placeholder = t(el.dataset.i18nPlaceholder); });
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
  clearTimeout(toast.timer); toast.timer = setTimeout(() => el.classList.remove("show"), 3000);
}
async function api(path, opts = {}) {
  const res = await fetch(path, {...opts, headers: {...(opts.headers || {}), ...authHeaders()}});
  const body = res.headers.get("content-type")?.includes("json") ? await res.json() : await res.text();
  if (res.status === 401) throw new Error(t("token_needed"));
  if (!res.ok) throw new Error(body?.error?.message || res.statusText);
  return body;
}

// ------------------------------------------------------------------ routing
function show(view) { for (const v of ["search", "upload", "doc"]) $("#view-" + v).hidden = v !== view; }
function route() {
  const hash = location.hash || "#/";
  if (hash.startsWith("#/doc/")) { show("doc"); openDocument(hash.slice(6)); }
  else if (hash === "#/upload") show("upload");
  else { show("search"); runSearch(searchPage); }
}
window.addEventListener("hashchange", route);

// ------------------------------------------------------------------ search
let searchPage = 1;
$("#search-form").addEventListener("submit", (e) => { e.preventDefault(); runSearch(1); });
$("#res-prev").addEventListener("click", () => runSearch(searchPage - 1));
$("#res-next").addEventListener("click", () => runSearch(searchPage + 1));

async function runSearch(page) {
  searchPage = Math.max(1, page || 1);
  const params = new URLSearchParams({page: searchPage});
  for (const [id, key] of [["#q", "q"], ["#f-type", "type"], ["#f-issuer", "issuer"], ["#f-year", "year"], ["#f-cites", "cites"]]) {
    if ($(id).value.trim()) params.set(key, $(id).value.trim());
  }
  try {
    const data = await api("/search?" + params);
    $("#search-summary").textContent = data.total ? `${data.total} ${t("results")}` : t("none");
    $("#results").innerHTML = data.hits.map(resultItem).join("");
    const pages = Math.ceil(data.total / data.page_size);
    $("#result-pager").hidden = pages <= 1;
    $("#res-page").textContent = `${t("page")} ${searchPage}/${pages}`;
    $("#res-prev").disabled = searchPage <= 1; $("#res-next").disabled = searchPage >= pages;
  } catch (err) { $("#search-summary").textContent = err.message; }
}
function resultItem(h) {
  const meta = [h.doc_type, h.symbol].filter(Boolean).join(" ");
  return `<li><a class="title" href="#/doc/${esc(h.id)}">${h.title_html || esc(h.filename)}</a>
    <div class="meta">${esc(meta)} · ${esc(h.issuer || "")} · ${esc(h.year || "")}</div>
    <div class="snippet">${h.snippet_html}</div></li>`;
}

// ------------------------------------------------------------------ upload
const drop = $("#drop");
drop.addEventListener("dragover", (e) => { e.preventDefault(); drop.classList.add("over"); });
drop.addEventListener("dragleave", () => drop.classList.remove("over"));
drop.addEventListener("drop", (e) => { e.preventDefault(); drop.classList.remove("over"); uploadAll(e.dataTransfer.files); });
$("#file-input").addEventListener("change", (e) => { uploadAll(e.target.files); e.target.value = ""; });

function uploadAll(files) { for (const f of files) uploadOne(f); }
function uploadOne(file) {
  const li = document.createElement("li");
  li.innerHTML = `<strong>${esc(file.name)}</strong> <span class="state">${t("uploading")}</span>
    <progress max="100" value="0" aria-label="${esc(file.name)}"></progress>`;
  $("#uploads").prepend(li);
  const form = new FormData(); form.append("files", file);
  const xhr = new XMLHttpRequest();
  xhr.open("POST", "/documents");
  for (const [k, v] of Object.entries(authHeaders())) xhr.setRequestHeader(k, v);
  xhr.upload.onprogress = (e) => { if (e.lengthComputable) li.querySelector("progress").value = 100 * e.loaded / e.total; };
  xhr.onload = () => {
    let body = {}; try { body = JSON.parse(xhr.responseText); } catch (_) { /* not JSON */ }
    if (xhr.status === 401) return fail(li, t("token_needed"));
    const doc = body.documents?.[0];
    if (xhr.status >= 400 || !doc || doc.error) return fail(li, (doc || body).error?.message || xhr.statusText);
    if (doc.duplicate) li.querySelector("strong").insertAdjacentText("afterend", ` (${t("duplicate")})`);
    poll(li, doc.job.id, doc.document_id);
  };
  xhr.onerror = () => fail(li, t("network_error"));
  xhr.send(form);
}
function fail(li, message) {
  li.classList.add("failed");
  li.querySelector(".state").innerHTML = `<span class="error">${t("failed")}: ${esc(message)}</span>`;
}
async function poll(li, jobId, docId) {
  let job;
  try { job = await api(`/jobs/${jobId}`); } catch (err) { return fail(li, err.message); }
  const p = job.progress; const bar = li.querySelector("progress");
  if (p.pages_total) { bar.max = p.pages_total; bar.value = p.pages_done; }
  const count = p.pages_total ? ` (${p.pages_done}/${p.pages_total} ${t("pages")})` : "";
  li.querySelector(".state").textContent = t(job.state) + count;
  if (job.state === "failed") return fail(li, job.error.message);
  if (job.state === "done") {
    li.classList.add("done");
    li.querySelector(".state").innerHTML = `${t("done")} · <a href="#/doc/${esc(docId)}">${t("open")}</a>`;
    return;
  }
  setTimeout(() => poll(li, jobId, docId), 600);
}

// ------------------------------------------------------------------ document view
let current = null; let pageNo = 1;
async function openDocument(id) {
  try { current = await api(`/documents/${id}`); } catch (err) { $("#doc-title").textContent = err.message; return; }
  const f = current.fields;
  $("#doc-title").textContent = [f.doc_type, f.symbol].filter(Boolean).join(" ") || current.source.filename;
  $("#doc-meta").innerHTML = `${esc(current.source.filename)} · ${current.source.pages} ${t("pages")} ·
    <a href="/documents/${id}/original">${t("original")}</a> · <a href="/documents/${id}/text">${t("plain_text")}</a>` +
    (current.source.media_type !== "text/plain"
      ? ` · <a class="pdfa" id="pdfa-link" href="/documents/${id}/pdf" download>${t("pdfa_copy")}</a>` : "");
  $("#doc-warnings").innerHTML = (current.warnings || []).map(warningItem).join("");
  pageNo = 1; showPage(); renderText(); renderFields(); renderDeadlines(); renderHistory();
}
function warningItem(w) {
  // Vietnamese: the code's text, the specific (English) message on hover; English: the message
  const text = lang === "vi" && codeText(w.code) ? codeText(w.code) : w.message;
  return `<li data-code="${esc(w.code)}" title="${esc(w.message)}">${esc(text)}</li>`;
}
function showPage() {
  const pages = current.source.pages; const hasImage = current.source.media_type !== "text/plain";
  $("#page-pane").hidden = !hasImage;
  $(".doc-body").classList.toggle("no-image", !hasImage);
  if (!hasImage) return;
  const src = `/documents/${current.id}/pages/${pageNo}.png`;
  $("#page-no").textContent = `${t("page")} ${pageNo}/${pages}`;
  $("#page-img").src = src; $("#page-link").href = src;
  $("#page-img").alt = `${t("scan")}, ${t("page")} ${pageNo}`;
  $("#prev").disabled = pageNo <= 1; $("#next").disabled = pageNo >= pages;
}
$("#prev").addEventListener("click", () => { if (pageNo > 1) { pageNo--; showPage(); } });
$("#next").addEventListener("click", () => { if (pageNo < current.source.pages) { pageNo++; showPage(); } });

function renderText() {
  const byLine = {};
  for (const c of current.changes || []) (byLine[c.line] ||= []).push(c);
  const lines = current.text.split("\n");
  $("#doc-text").innerHTML = lines.map((line, i) => {
    const html = markLine(line.replace(/\f/g, ""), (byLine[i] || []).sort((a, b) => a.start - b.start));
    const cls = line.trim() ? "line" : "line blank";
    return `<div class="${cls}" data-line="${i + 1}" tabindex="0" aria-label="${t("edit_line")} ${i + 1}">${html}</div>`;
  }).join("");
  document.querySelectorAll("#doc-text .line").forEach((el) => {
    el.addEventListener("dblclick", () => editLine(el));
    el.addEventListener("keydown", (e) => { if (e.key === "Enter" && e.target === el) editLine(el); });
  });
}
function markLine(line, changes) {
  // each restored word, found in order in the restored line, is wrapped and titled original → restored
  let out = ""; let pos = 0;
  for (const c of changes) {
    const at = line.indexOf(c.restored, pos);
    if (at < 0) continue;
    const title = `${c.original} → ${c.restored} (${Math.round(100 * c.confidence)}%)`;
    out += esc(line.slice(pos, at)) + `<mark class="changed" title="${esc(title)}">${esc(c.restored)}</mark>`;
    pos = at + c.restored.length;
  }
  return out + esc(line.slice(pos));
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
    await patch({lines: {[n]: input.value}}); renderText(); renderHistory();
  });
}
async function patch(body) {
  try {
    current = await api(`/documents/${current.id}`, {method: "PATCH", headers: {"content-type": "application/json"}, body: JSON.stringify(body)});
    toast(t("saved"));
  } catch (err) { toast(err.message, true); }
  return current;
}

const EDITABLE = ["doc_type", "symbol", "issuer", "place", "title"];
function renderFields() {
  const f = current.fields;
  const rows = [["doc_type", f.doc_type], ["symbol", f.symbol], ["issuer", f.issuer, "issuer_f"],
    ["place", f.place], ["date", f.date?.iso || f.date?.raw], ["title", f.title],
    ["signer", [f.signer?.authority, f.signer?.title, f.signer?.name].filter(Boolean).join(" · ")],
    ["cited", (f.cited_documents || []).map((c) => c.symbol || c.raw).filter(Boolean).join("; ")],
    ["recipients", (f.recipients || []).join("; ")]];
  $("#doc-fields").innerHTML = rows.map(([name, value, label]) => {
    const edit = EDITABLE.includes(name) ? `contenteditable="true" role="textbox" aria-label="${t(label || name)}"` : "";
    return `<dt>${t(label || name)}</dt><dd data-field="${name}" ${edit}>${esc(value || "")}</dd>`;
  }).join("");
  document.querySelectorAll("#doc-fields dd[contenteditable]").forEach((dd) => {
    dd.addEventListener("keydown", (e) => { if (e.key === "Enter") { e.preventDefault(); dd.blur(); } });
    dd.addEventListener("blur", async () => {
      const name = dd.dataset.field; const value = dd.textContent.trim();
      if ((current.fields[name] || "") === value) return;
      await patch({fields: {[name]: value || null}}); renderFields(); renderHistory();
    });
  });
}
function renderDeadlines() {
  $("#doc-deadlines tbody").innerHTML = (current.fields.deadlines || []).map((d) => {
    const period = [d.start, d.end].filter(Boolean).join(" – ");
    const support = d.support?.length ? `<br><span class="meta">${esc(d.support.join(", "))}</span>` : "";
    return `<tr><td>${esc(d.task || "")}</td><td>${esc(d.raw || "")}<br><span class="meta">${esc(period)}</span></td>
      <td>${esc(d.lead || "")}${support}</td></tr>`;
  }).join("");
}
async function renderHistory() {
  let items = [];
  try { items = (await api(`/documents/${current.id}/history`)).history; } catch (_) { /* shown empty */ }
  $("#doc-history").innerHTML = items.length ? items.slice().reverse().map((h) =>
    `<li><span class="meta">${esc(new Date(h.at * 1000).toLocaleString(lang))} · ${esc(h.who)}</span><br>
      ${esc(h.field)}: <del>${esc(typeof h.before === "string" ? h.before : JSON.stringify(h.before))}</del>
      → <ins>${esc(typeof h.after === "string" ? h.after : JSON.stringify(h.after))}</ins></li>`).join("")
    : `<li class="meta">${t("no_history")}</li>`;
}

applyLanguage();
route();
