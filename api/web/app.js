"use strict";
// vanban web page: upload, search, document view and corrections. No build step.

const I18N = {
  vi: {
    app: "Lưu trữ văn bản", nav_search: "Tìm kiếm", nav_upload: "Tải lên",
    nav_calendar: "Lịch hạn (iCal)", nav_csv: "Hạn (CSV)", search: "Tìm",
    search_placeholder: "Tìm: ke hoach cai cach hanh chinh …", type: "Loại (KH, QĐ…)",
    issuer: "Cơ quan ban hành", year: "Năm", cites: "Căn cứ văn bản số…",
    drop: "Kéo thả bản scan (PDF, ảnh, văn bản) vào đây, hoặc bấm để chọn tệp.",
    text: "Văn bản đã khôi phục", edit_hint: "Bấm đúp vào một dòng để sửa.", fields: "Thông tin",
    deadlines: "Thời hạn", task: "Nhiệm vụ", due: "Hạn", lead: "Chủ trì", results: "kết quả",
    uploading: "Đang tải lên", queued: "Chờ xử lý", running: "Đang xử lý", done: "Xong",
    failed: "Lỗi", pages: "trang", open: "Mở", saved: "Đã lưu", page: "Trang",
    doc_type: "Loại", symbol: "Số, ký hiệu", issuer_f: "Cơ quan", place: "Địa danh",
    date: "Ngày", title: "Trích yếu", signer: "Người ký", recipients: "Nơi nhận",
    none: "Không có kết quả.", duplicate: "đã có trong kho",
  },
  en: {
    app: "Document archive", nav_search: "Search", nav_upload: "Upload",
    nav_calendar: "Deadlines (iCal)", nav_csv: "Deadlines (CSV)", search: "Search",
    search_placeholder: "Search: ke hoach cai cach hanh chinh …", type: "Type (KH, QĐ…)",
    issuer: "Issuer", year: "Year", cites: "Cites document no…",
    drop: "Drop scans (PDF, images, text) here, or click to choose files.",
    text: "Restored text", edit_hint: "Double-click a line to correct it.", fields: "Fields",
    deadlines: "Deadlines", task: "Task", due: "Due", lead: "Lead", results: "results",
    uploading: "Uploading", queued: "Queued", running: "Processing", done: "Done",
    failed: "Failed", pages: "pages", open: "Open", saved: "Saved", page: "Page",
    doc_type: "Type", symbol: "Number/symbol", issuer_f: "Issuer", place: "Place",
    date: "Date", title: "Title", signer: "Signer", recipients: "Recipients",
    none: "No results.", duplicate: "already in the archive",
  },
};
let lang = localStorage.getItem("vanban-lang") || "vi";
const t = (key) => (I18N[lang] && I18N[lang][key]) || key;
const $ = (sel) => document.querySelector(sel);
const esc = (s) => String(s ?? "").replace(/[&<>"']/g, (c) => ({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c]));

function applyLanguage() {
  document.documentElement.lang = lang;
  document.querySelectorAll("[data-i18n]").forEach((el) => { el.textContent = t(el.dataset.i18n); });
  document.querySelectorAll("[data-i18n-placeholder]").forEach((el) => { el.placeholder = t(el.dataset.i18nPlaceholder); });
  $("#lang").textContent = lang === "vi" ? "English" : "Tiếng Việt";
}
$("#lang").addEventListener("click", () => { lang = lang === "vi" ? "en" : "vi"; localStorage.setItem("vanban-lang", lang); applyLanguage(); route(); });

function toast(msg) { const el = $("#toast"); el.textContent = msg; el.classList.add("show"); setTimeout(() => el.classList.remove("show"), 2500); }
async function api(path, opts = {}) {
  const res = await fetch(path, opts);
  const body = res.headers.get("content-type")?.includes("json") ? await res.json() : await res.text();
  if (!res.ok) throw new Error(body?.error?.message || res.statusText);
  return body;
}

// ------------------------------------------------------------------ routing
function show(view) { for (const v of ["search", "upload", "doc"]) $("#view-" + v).hidden = v !== view; }
function route() {
  const hash = location.hash || "#/";
  if (hash.startsWith("#/doc/")) { show("doc"); openDocument(hash.slice(6)); }
  else if (hash === "#/upload") show("upload");
  else { show("search"); runSearch(); }
}
window.addEventListener("hashchange", route);

// ------------------------------------------------------------------ search
$("#search-form").addEventListener("submit", (e) => { e.preventDefault(); runSearch(); });
async function runSearch() {
  const params = new URLSearchParams();
  for (const [id, key] of [["#q", "q"], ["#f-type", "type"], ["#f-issuer", "issuer"], ["#f-year", "year"], ["#f-cites", "cites"]]) {
    if ($(id).value.trim()) params.set(key, $(id).value.trim());
  }
  try {
    const data = await api("/search?" + params);
    $("#search-summary").textContent = data.total ? `${data.total} ${t("results")}` : t("none");
    $("#results").innerHTML = data.hits.map((h) => `<li>
      <a class="title" href="#/doc/${h.id}">${h.title_html || esc(h.filename)}</a>
      <div class="meta">${esc(h.doc_type || "")} ${esc(h.symbol || "")} · ${esc(h.issuer || "")} · ${esc(h.year || "")}</div>
      <div class="snippet">${h.snippet_html}</div></li>`).join("");
  } catch (err) { $("#search-summary").textContent = err.message; }
}

// ------------------------------------------------------------------ upload
const drop = $("#drop");
drop.addEventListener("click", () => $("#file-input").click());
drop.addEventListener("keydown", (e) => { if (e.key === "Enter" || e.key === " ") $("#file-input").click(); });
drop.addEventListener("dragover", (e) => { e.preventDefault(); drop.classList.add("over"); });
drop.addEventListener("dragleave", () => drop.classList.remove("over"));
drop.addEventListener("drop", (e) => { e.preventDefault(); drop.classList.remove("over"); uploadAll(e.dataTransfer.files); });
$("#file-input").addEventListener("change", (e) => uploadAll(e.target.files));

function uploadAll(files) { for (const f of files) uploadOne(f); }
function uploadOne(file) {
  const li = document.createElement("li");
  li.innerHTML = `<strong>${esc(file.name)}</strong> <span class="state">${t("uploading")}</span><progress max="100" value="0"></progress>`;
  $("#uploads").prepend(li);
  const form = new FormData(); form.append("files", file);
  const xhr = new XMLHttpRequest();
  xhr.open("POST", "/documents");
  xhr.upload.onprogress = (e) => { if (e.lengthComputable) li.querySelector("progress").value = 100 * e.loaded / e.total; };
  xhr.onload = () => {
    let body = {}; try { body = JSON.parse(xhr.responseText); } catch (_) { /* keep empty */ }
    if (xhr.status >= 400) { return fail(li, body.error?.message || xhr.statusText); }
    const doc = body.documents[0];
    if (doc.error) return fail(li, doc.error.message);
    if (doc.duplicate) li.querySelector(".state").textContent = t("duplicate");
    poll(li, doc.job.id, doc.document_id);
  };
  xhr.onerror = () => fail(li, "network error");
  xhr.send(form);
}
function fail(li, message) { li.querySelector(".state").innerHTML = `<span class="error">${t("failed")}: ${esc(message)}</span>`; }
async function poll(li, jobId, docId) {
  const job = await api(`/jobs/${jobId}`);
  const p = job.progress; const bar = li.querySelector("progress");
  if (p.pages_total) { bar.max = p.pages_total; bar.value = p.pages_done; }
  li.querySelector(".state").textContent = `${t(job.state)} ${p.pages_total ? `(${p.pages_done}/${p.pages_total} ${t("pages")})` : ""}`;
  if (job.state === "failed") return fail(li, job.error.message);
  if (job.state === "done") { li.querySelector(".state").innerHTML = `${t("done")} · <a href="#/doc/${docId}">${t("open")}</a>`; return; }
  setTimeout(() => poll(li, jobId, docId), 700);
}

// ------------------------------------------------------------------ document view
let current = null; let pageNo = 1;
async function openDocument(id) {
  try { current = await api(`/documents/${id}`); } catch (err) { $("#doc-title").textContent = err.message; return; }
  const f = current.fields;
  $("#doc-title").textContent = [f.doc_type, f.symbol].filter(Boolean).join(" ") || current.source.filename;
  $("#doc-meta").textContent = `${current.source.filename} · ${current.source.pages} ${t("pages")}`;
  pageNo = 1; showPage(); renderText(); renderFields(); renderDeadlines();
}
function showPage() {
  const pages = current.source.pages; const hasImage = current.source.media_type !== "text/plain";
  $("#page-pane").hidden = !hasImage;
  if (!hasImage) return;
  $("#page-no").textContent = `${t("page")} ${pageNo}/${pages}`;
  $("#page-img").src = `/documents/${current.id}/pages/${pageNo}.png`;
  $("#page-img").alt = `${t("page")} ${pageNo}`;
}
$("#prev").addEventListener("click", () => { if (pageNo > 1) { pageNo--; showPage(); } });
$("#next").addEventListener("click", () => { if (pageNo < current.source.pages) { pageNo++; showPage(); } });

function renderText() {
  const byLine = {};
  for (const c of current.changes || []) (byLine[c.line] ||= []).push(c);
  const raw = current.raw_text.split("\n"); const lines = current.text.split("\n");
  $("#doc-text").innerHTML = lines.map((line, i) => {
    const marks = (byLine[i] || []).filter((c) => raw[i] !== undefined);
    return `<div class="line" data-line="${i + 1}">${markLine(line, raw[i] || "", marks) || "&nbsp;"}</div>`;
  }).join("");
  document.querySelectorAll("#doc-text .line").forEach((el) => el.addEventListener("dblclick", () => editLine(el)));
}
function markLine(line, raw, changes) {
  // highlight each restored word: find it in order in the restored line
  let out = ""; let pos = 0;
  for (const c of changes) {
    const at = line.indexOf(c.restored, pos);
    if (at < 0) continue;
    out += esc(line.slice(pos, at)) + `<span class="changed" title="${esc(c.original)} → ${esc(c.restored)} (${Math.round(100 * c.confidence)}%)">${esc(c.restored)}</span>`;
    pos = at + c.restored.length;
  }
  return out + esc(line.slice(pos));
}
function editLine(el) {
  const n = Number(el.dataset.line); const old = current.text.split("\n")[n - 1];
  const input = document.createElement("input"); input.value = old; input.style.width = "100%";
  el.replaceChildren(input); input.focus();
  input.addEventListener("keydown", async (e) => {
    if (e.key === "Escape") return renderText();
    if (e.key !== "Enter") return;
    current = await patch({lines: {[n]: input.value}}); renderText();
  });
}
async function patch(body) {
  const rec = await api(`/documents/${current.id}`, {method: "PATCH", headers: {"content-type": "application/json"}, body: JSON.stringify(body)});
  toast(t("saved")); return rec;
}
function renderFields() {
  const f = current.fields;
  const rows = [["doc_type", f.doc_type], ["symbol", f.symbol], ["issuer_f", f.issuer, "issuer"], ["place", f.place],
    ["date", f.date?.iso || f.date?.raw], ["title", f.title], ["signer", [f.signer?.authority, f.signer?.title, f.signer?.name].filter(Boolean).join(" · ")],
    ["recipients", (f.recipients || []).join("; ")]];
  $("#doc-fields").innerHTML = rows.map(([label, value, key]) => {
    const editable = ["doc_type", "symbol", "place", "title"].includes(label) || key;
    return `<dt>${t(label)}</dt><dd data-field="${key || label}" ${editable ? 'contenteditable="true"' : ""}>${esc(value || "")}</dd>`;
  }).join("");
  document.querySelectorAll("#doc-fields dd[contenteditable]").forEach((dd) => dd.addEventListener("blur", async () => {
    const name = dd.dataset.field; const value = dd.textContent.trim();
    if ((current.fields[name] || "") === value) return;
    current = await patch({fields: {[name]: value}});
  }));
}
function renderDeadlines() {
  $("#doc-deadlines tbody").innerHTML = (current.fields.deadlines || []).map((d) =>
    `<tr><td>${esc(d.task || "")}</td><td>${esc(d.raw || "")}<br><span class="meta">${esc(d.start || "")} – ${esc(d.end || "")}</span></td><td>${esc(d.lead || "")}${d.support?.length ? `<br><span class="meta">${esc(d.support.join(", "))}</span>` : ""}</td></tr>`).join("");
}

applyLanguage();
route();
